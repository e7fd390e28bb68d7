import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif
import CXMLReader

/// A parsed XML description (CXMLReader: libxml2's SAX2 parser into a compact tree), read as
/// untrusted input: no DTD, no entities, no network (see mmio_xml.h).
final class XMLTree {
    let document: OpaquePointer

    init(_ bytes: [UInt8], file: String) throws {
        var message = [CChar](repeating: 0, count: 512)
        var line = 0
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                mmio_xml_parse(
                    $0.baseAddress, $0.count, XMLTag.vocabulary, XMLTag.allCases.count, &message, message.count, &line)
            }
        }
        guard let parsed else {
            let what = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw DescriptionError.at(file, line, what)
        }
        document = parsed
    }

    deinit { mmio_xml_free(document) }

    var root: XMLElement { XMLElement(document: document, node: mmio_xml_root(document)) }
}

/// One element of an `XMLTree` (valid while the tree lives). Element names are compared as
/// C strings against static ones: a large SVD has hundreds of thousands of elements.
struct XMLElement {
    let document: OpaquePointer
    let node: mmio_xml_node

    var name: String { String(cString: mmio_xml_name(document, node)) }
    var namespace: String? { mmio_xml_namespace(document, node).map { String(cString: $0) } }
    var line: Int { mmio_xml_line(document, node) }

    func isNamed(_ tag: XMLTag) -> Bool { mmio_xml_tag(document, node) == tag.rawValue }

    /// Calls `body` with each child element, in order.
    func forEachChild(_ body: (XMLElement) throws -> Void) rethrows {
        var child = mmio_xml_first_child(document, node)
        while child != MMIO_XML_NONE {
            try body(XMLElement(document: document, node: child))
            child = mmio_xml_next_sibling(document, child)
        }
    }

    /// Every child's first element of each tag, found in one pass (for elements whose
    /// children are looked up many times).
    var childIndex: ChildIndex {
        var index = ChildIndex(document: document)
        var child = mmio_xml_first_child(document, node)
        while child != MMIO_XML_NONE {
            let tag = mmio_xml_tag(document, child)
            if tag != MMIO_XML_NO_TAG && index.slots[Int(tag)] == MMIO_XML_NONE { index.slots[Int(tag)] = child }
            child = mmio_xml_next_sibling(document, child)
        }
        return index
    }

    /// The first child element called `tag`.
    func child(_ tag: XMLTag) -> XMLElement? {
        var child = mmio_xml_first_child(document, node)
        while child != MMIO_XML_NONE {
            if mmio_xml_tag(document, child) == tag.rawValue { return XMLElement(document: document, node: child) }
            child = mmio_xml_next_sibling(document, child)
        }
        return nil
    }

    var childElements: [XMLElement] {
        var result: [XMLElement] = []
        forEachChild { result.append($0) }
        return result
    }

    func children(_ tag: XMLTag) -> [XMLElement] {
        var result: [XMLElement] = []
        forEachChild { if $0.isNamed(tag) { result.append($0) } }
        return result
    }

    /// The element's text, trimmed of surrounding white space.
    var text: String { withText { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with the element's text, trimmed, in place.
    func withText<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var length = 0
        let start = UnsafeRawPointer(mmio_xml_text(document, node, &length)!)
        return try body(Self.trim(UnsafeRawBufferPointer(start: start, count: length)))
    }

    /// The text of the child called `name`, if there is one.
    func text(_ tag: XMLTag) -> String? { child(tag)?.text }

    func attribute(_ name: StaticString) -> String? {
        var length = 0
        guard let value = mmio_xml_attribute(
            document, node, UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self), &length)
        else { return nil }
        return String(decoding: Self.trim(UnsafeRawBufferPointer(start: value, count: length)), as: UTF8.self)
    }

    /// `bytes` without the white space around them.
    static func trim(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0a || $0 == 0x09 || $0 == 0x0d }
        var bytes = bytes
        while let first = bytes.first, space(first) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst()) }
        while let last = bytes.last, space(last) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        return bytes
    }

    static func trimmed(_ text: String) -> String {
        Array(text.utf8).withUnsafeBytes { String(decoding: trim($0), as: UTF8.self) }
    }
}

/// The children of one element by tag (the first of each), looked up without a scan.
struct ChildIndex {
    let document: OpaquePointer
    /// One slot per tag (XMLTag has fewer than 64 cases), in place: no allocation per element.
    var slots = InlineArray<64, mmio_xml_node>(repeating: MMIO_XML_NONE)

    init(document: OpaquePointer) { self.document = document }

    subscript(_ tag: XMLTag) -> XMLElement? {
        let node = slots[Int(tag.rawValue)]
        return node == MMIO_XML_NONE ? nil : XMLElement(document: document, node: node)
    }

    /// This index without the children of `tags`.
    func without(_ tags: [XMLTag]) -> ChildIndex {
        var left = self
        for tag in tags { left.slots[Int(tag.rawValue)] = MMIO_XML_NONE }
        return left
    }

    /// This index with `base`'s children where this one has none of a tag (SVD `derivedFrom`).
    func over(_ base: ChildIndex) -> ChildIndex {
        var merged = self
        for position in 0..<XMLTag.allCases.count where slots[position] == MMIO_XML_NONE {
            merged.slots[position] = base.slots[position]
        }
        return merged
    }
}

/// The element names the readers look for (SVD's and IP-XACT's local names). The parser tags
/// each element with its name's place here, so a lookup compares numbers, not strings.
enum XMLTag: UInt32, CaseIterable, CustomStringConvertible {
    case access
    case accessPolicies
    case accessPolicy
    case addressBlock
    case addressOffset
    case array
    case baseAddress
    case bitOffset
    case bitRange
    case bitWidth
    case cluster
    case component
    case device
    case dim
    case dimIncrement
    case dimIndex
    case enumeratedValue
    case enumeratedValues
    case field
    case fieldAccessPolicies
    case fieldAccessPolicy
    case fields
    case isDefault
    case lsb
    case memoryMap
    case memoryMaps
    case modifiedWriteValue
    case modifiedWriteValues
    case msb
    case name
    case peripheral
    case peripherals
    case range
    case readAction
    case register
    case registerFile
    case registers
    case reset
    case resetValue
    case resets
    case size
    case stride
    case value
    case width

    var description: String { Self.names[Int(rawValue)] }

    /// The names, in the order of the cases.
    static let names = [
        "access",
        "accessPolicies",
        "accessPolicy",
        "addressBlock",
        "addressOffset",
        "array",
        "baseAddress",
        "bitOffset",
        "bitRange",
        "bitWidth",
        "cluster",
        "component",
        "device",
        "dim",
        "dimIncrement",
        "dimIndex",
        "enumeratedValue",
        "enumeratedValues",
        "field",
        "fieldAccessPolicies",
        "fieldAccessPolicy",
        "fields",
        "isDefault",
        "lsb",
        "memoryMap",
        "memoryMaps",
        "modifiedWriteValue",
        "modifiedWriteValues",
        "msb",
        "name",
        "peripheral",
        "peripherals",
        "range",
        "readAction",
        "register",
        "registerFile",
        "registers",
        "reset",
        "resetValue",
        "resets",
        "size",
        "stride",
        "value",
        "width",
    ]

    /// The names as C strings, for the parser (kept for the life of the process).
    static let vocabulary: UnsafePointer<UnsafePointer<CChar>?> = {
        let strings = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: names.count)
        for (index, name) in names.enumerated() { strings[index] = UnsafePointer(strdup(name)) }
        return UnsafePointer(strings)
    }()
}
