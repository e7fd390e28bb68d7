#if canImport(Glibc)
import Glibc
#endif
import CXMLReader

/// A parsed XML description, through libxml2 (CXMLReader): read as untrusted input, with no
/// DTD, no entities and no network (see mmio_xml.h).
final class XMLTree {
    private let document: OpaquePointer

    init(_ bytes: [UInt8], file: String) throws {
        var message = [CChar](repeating: 0, count: 512)
        var line = 0
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                mmio_xml_parse($0.baseAddress, $0.count, &message, message.count, &line)
            }
        }
        guard let parsed else {
            let what = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw DescriptionError.at(file, line, what)
        }
        document = parsed
    }

    deinit { mmio_xml_free(document) }

    var root: XMLElement { XMLElement(node: mmio_xml_root(document)) }
}

/// One element of an `XMLTree` (valid while the tree lives).
struct XMLElement {
    let node: mmio_xml_node

    var name: String { String(cString: mmio_xml_name(node)) }
    var namespace: String? { mmio_xml_namespace(node).map { String(cString: $0) } }
    var line: Int { mmio_xml_line(node) }

    func isNamed(_ name: UnsafePointer<CChar>) -> Bool { strcmp(mmio_xml_name(node), name) == 0 }

    var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = mmio_xml_first_element(node)
        while let current = child {
            result.append(XMLElement(node: current))
            child = mmio_xml_next_element(current)
        }
        return result
    }

    /// The first child element called `name`.
    func child(_ name: String) -> XMLElement? {
        var child = mmio_xml_first_element(node)
        while let current = child {
            if strcmp(mmio_xml_name(current), name) == 0 { return XMLElement(node: current) }
            child = mmio_xml_next_element(current)
        }
        return nil
    }

    func children(_ name: String) -> [XMLElement] {
        var result: [XMLElement] = []
        var child = mmio_xml_first_element(node)
        while let current = child {
            if strcmp(mmio_xml_name(current), name) == 0 { result.append(XMLElement(node: current)) }
            child = mmio_xml_next_element(current)
        }
        return result
    }

    /// The element's text, trimmed of surrounding white space.
    var text: String {
        let raw: String
        if let simple = mmio_xml_simple_text(node) {
            raw = String(cString: simple)
        } else {
            let copy = mmio_xml_copy_text(node)
            defer { mmio_xml_free_text(copy) }
            raw = copy.map { String(cString: $0) } ?? ""
        }
        return Self.trimmed(raw)
    }

    /// The text of the child called `name`, if there is one.
    func text(_ name: String) -> String? { child(name)?.text }

    func attribute(_ name: String) -> String? {
        guard let value = mmio_xml_attribute(node, name) else { return nil }
        defer { mmio_xml_free_text(value) }
        return Self.trimmed(String(cString: value))
    }

    static func trimmed(_ text: String) -> String {
        let space: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !space($0) }) else { return "" }
        let last = text.lastIndex(where: { !space($0) })!
        return String(text[first...last])
    }
}
