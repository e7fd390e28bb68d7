import ArgumentParser
import MMIOKit

/// The transforms that turn user syntax into core types at the edge. A thrown error becomes
/// a usage error (exit 64) that quotes the argument.
enum ArgumentSyntax {
    static let number: @Sendable (String) throws -> UInt64 = { try NumberSyntax.number($0) }
    static let size: @Sendable (String) throws -> UInt64 = { try NumberSyntax.size($0) }
    static let duration: @Sendable (String) throws -> UInt64 = { try NumberSyntax.duration($0) }
    static let bits: @Sendable (String) throws -> BitRange = { try BitRange(parsing: $0) }

    /// Widths are numbers of bits only: letters mean different sizes in different tools.
    static let width: @Sendable (String) throws -> Width = { text in
        guard let bits = Int(text), let width = Width(rawValue: bits) else {
            throw MMIOError.usage("width '\(text)' must be 8, 16, 32 or 64 (bits)")
        }
        return width
    }
}
