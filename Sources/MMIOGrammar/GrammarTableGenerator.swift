import ArgumentParser
import Foundation
import MMIOCLI

// The generator of Sources/MMIOCLI/Grammar/GrammarTable.swift, the fast reader's tables: from
// the subcommands' definitions, their tool description (names, kinds, which are optional or
// repeat) and the properties each argument fills. Run by the mmio-grammar tool (`make grammar`)
// and by the tests (the committed table must equal what it makes; GrammarTests generates lines
// from the same description). Not linked into mmio.

/// Reads an option group's type out of its property wrapper (for the generator's walk).
protocol OptionGroupReflecting {
    var groupValue: ParsableArguments { get }
    var groupTypeName: String { get }
}

extension OptionGroup: OptionGroupReflecting {
    var groupValue: ParsableArguments { Value() }
    var groupTypeName: String { String(describing: Value.self) }
}

public enum GrammarTableGenerator {
    public struct Argument {
        public var kind: String
        public var names: [String]
        public var optional: Bool
        public var repeating: Bool
        public var preferred: String
    }

    /// What the generator found wrong with the definitions.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static func unwrap<T>(_ value: T?, _ what: @autoclosure () -> String = "a value") throws -> T {
        guard let value else { throw Failure(description: "the tool description lacks \(what())") }
        return value
    }

    /// The tool description ArgumentParser gives of the definitions (`--experimental-dump-help`).
    public static func toolInfo() throws -> [String: [Argument]] {
        var text = ""
        do { _ = try MMIOCommand.parseAsRoot(["--experimental-dump-help"]) } catch {
            text = MMIOCommand.fullMessage(for: error)
        }
        let root = try unwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let command = try unwrap(root["command"] as? [String: Any])
        var result: [String: [Argument]] = [:]
        for sub in try unwrap(command["subcommands"] as? [[String: Any]]) {
            let name = try unwrap(sub["commandName"] as? String)
            result[name] = try (sub["arguments"] as? [[String: Any]] ?? []).map { argument in
                let names = (argument["names"] as? [[String: Any]] ?? []).map { entry -> String in
                    let name = entry["name"] as! String
                    switch entry["kind"] as! String {
                    case "long": return "--" + name
                    case "short": return "-" + name
                    default: return "-" + name
                    }
                }
                let preferred = (argument["preferredName"] as? [String: Any])?["name"] as? String ?? ""
                return Argument(
                    kind: try unwrap(argument["kind"] as? String), names: names,
                    optional: argument["isOptional"] as? Bool ?? false,
                    repeating: argument["isRepeating"] as? Bool ?? false, preferred: preferred)
            }.filter { !($0.kind == "flag" && ($0.preferred == "help" || $0.preferred == "version")) }
        }
        return result
    }

    /// The properties that hold arguments, as key paths in declaration order (groups inline),
    /// and the option groups to make.
    static func walk(_ value: Any, path: String, leaves: inout [String], groups: inout [(String, String)]) {
        for child in Mirror(reflecting: value).children {
            guard var label = child.label, label.hasPrefix("_") else { continue }
            label.removeFirst()
            let keyPath = path + "." + label
            if let group = child.value as? OptionGroupReflecting {
                groups.append((keyPath, group.groupTypeName))
                walk(group.groupValue, path: keyPath, leaves: &leaves, groups: &groups)
                continue
            }
            let typeName = String(describing: type(of: child.value))
            if typeName.hasPrefix("Option<") || typeName.hasPrefix("Flag<") || typeName.hasPrefix("Argument<") {
                leaves.append(keyPath)
            }
        }
    }

    public static func source() throws -> String {
        let info = try toolInfo()
        var readers: [(name: String, property: String, text: String)] = []
        for type in MMIOCommand.configuration.subcommands {
            let name = type._commandName
            let arguments = try unwrap(info[name], "no tool description of \(name)")
            var leaves: [String] = []
            var groups: [(String, String)] = []
            walk(type.init(), path: "", leaves: &leaves, groups: &groups)
            guard leaves.count == arguments.count else {
                throw Failure(description: "\(name): \(leaves.count) properties, \(arguments.count) described arguments")
            }
            guard leaves.count < 64 else {
                throw Failure(description: "\(name): the fast reader keeps the fields it has seen in 64 bits")
            }
            let typeName = String(reflecting: type).replacingOccurrences(of: "MMIOCLI.", with: "")
            var lines: [String] = []
            for (path, argument) in zip(leaves, arguments) {
                let names = "[" + argument.names.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
                switch (argument.kind, argument.optional, argument.repeating) {
                case ("flag", _, _): lines.append(".flag(\(names), { $0\(path) = $1 })")
                case ("option", true, _): lines.append(".option(\(names), { $0\(path) = $1 })")
                case ("option", false, _): lines.append(".option(required: \(names), { $0\(path) = $1 })")
                case ("positional", _, true): lines.append(".arguments({ $0\(path) = $1 }, append: { $0\(path).append($1) })")
                case ("positional", true, false): lines.append(".optionalArgument({ $0\(path) = $1 })")
                default: lines.append(".argument({ $0\(path) = $1 })")
                }
            }
            let property = name.replacingOccurrences(of: "-", with: "_")
            let groupLines = groups.map { "$0\($0.0) = \($0.1)()" }
            // Each group's validate() with the fields it holds (nested groups' too), as bits.
            let checkLines = groups.reversed().map { group -> String in
                let mask = leaves.indices.filter { leaves[$0].hasPrefix(group.0 + ".") }
                    .reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
                return ".fields(0x\(String(mask, radix: 16)), { try $0\(group.0).validate() })"
            } + [".always({ try $0.validate() })"]
            var text = "    static let \(property) = FastCommand(\n"
            text += "        { \(typeName)() },\n        [\n" + lines.map { "            \($0),\n" }.joined() + "        ],\n"
            text += groupLines.isEmpty
                ? "        groups: { _ in },\n"
                : "        groups: {\n" + groupLines.map { "            \($0)\n" }.joined() + "        },\n"
            text += "        checks: [\n" + checkLines.map { "            \($0),\n" }.joined() + "        ]"
            text += type is PlannedCommand.Type ? ",\n        request: { try $0.request() })\n" : ")\n"
            readers.append((name, property, text))
        }
        var source = """
            // Generated from the subcommands' definitions by mmio-grammar (make grammar): the
            // tool description ArgumentParser gives of each subcommand, and the property each
            // argument fills. Do not edit; change the definitions and regenerate.

            enum GrammarTable {
                // A switch, not a dictionary: the first hashed lookup of a key type costs a one-shot
                // command a scan of every protocol conformance in the binary.
                static func reader(_ name: String) -> FastReading? {
                    switch name {

            """
        for reader in readers { source += "        case \"\(reader.name)\": return \(reader.property)\n" }
        source += "        default: return nil\n        }\n    }\n"
        for reader in readers { source += "\n" + reader.text }
        return source + "}\n"
    }
}
