import MMIOBasics
/// The kernel's map of the physical address space, `/proc/iomem`: nested regions, each named
/// by what claimed it ("System RAM", a PCI slot, a driver's name inside its device's BAR).
/// Read as root; without root the kernel shows every address as 0 and nothing can be found.
public struct IOMem: Sendable {
    public struct Region: Equatable, Sendable {
        public var start: UInt64
        public var end: UInt64
        public var name: String
        /// Nesting depth: 0 for a top-level region.
        public var depth: Int

        /// `fe000000-fe0fffff : 0000:00:04.0`, as /proc/iomem writes it.
        public var line: String { "\(hex(start))-\(hex(end)) : \(name)" }

        private func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, 8 - text.count)) + text
        }
    }

    public let regions: [Region]

    /// The regions of `path`; nil where it cannot be read (no /proc, not root) or lists nothing.
    public static func read(_ path: String) -> IOMem? {
        guard let bytes = try? FileContents.read(path, limit: 4 << 20) else { return nil }
        return parse(bytes)
    }

    /// The regions of /proc/iomem's text; lines of another form are skipped.
    public static func parse(_ bytes: [UInt8]) -> IOMem? {
        var regions: [Region] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            // `  fe000000-fe0fffff : name`: two spaces of indent per level.
            let text = Array(line)
            let indent = text.prefix { $0 == UInt8(ascii: " ") }.count
            guard let colon = (indent..<max(indent, text.count - 2)).first(where: {
                text[$0] == UInt8(ascii: " ") && text[$0 + 1] == UInt8(ascii: ":") && text[$0 + 2] == UInt8(ascii: " ")
            }) else { continue }
            let range = text[indent..<colon].split(separator: UInt8(ascii: "-"))
            guard range.count == 2, let start = UInt64(String(decoding: range[0], as: UTF8.self), radix: 16),
                let end = UInt64(String(decoding: range[1], as: UTF8.self), radix: 16), start <= end
            else { continue }
            regions.append(Region(
                start: start, end: end, name: String(decoding: text[(colon + 3)...], as: UTF8.self), depth: indent / 2))
        }
        // Without root every range reads 00000000-00000000: nothing can be located.
        guard regions.contains(where: { $0.end > 0 }) else { return nil }
        return IOMem(regions: regions)
    }

    /// The regions holding `address`, outermost first.
    public func chain(containing address: UInt64) -> [Region] {
        var chain: [Region] = []
        for region in regions where region.start <= address && address <= region.end {
            // A region only nests in the chain so far when it is one level deeper.
            guard region.depth == chain.count else { continue }
            chain.append(region)
        }
        return chain
    }
}
