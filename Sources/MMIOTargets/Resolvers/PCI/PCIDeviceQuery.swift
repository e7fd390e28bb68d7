import MMIOBasics
/// How a command names a PCI device: by slot, as `lspci -s`, or by id, as `lspci -d`
/// (with `@K` to pick the K-th of several matches).
public enum PCIDeviceQuery: Hashable, Sendable, CustomStringConvertible {
    case slot(String)
    case id(String, index: Int?)

    /// Parses `-d VENDOR:DEVICE[@K]`.
    public static func id(parsing text: String) throws -> PCIDeviceQuery {
        guard let at = text.firstIndex(of: "@") else { return .id(text, index: nil) }
        guard let index = Int(text[text.index(after: at)...]), index >= 0 else {
            throw MMIOError.usage("'\(text)': @K must be a match number (0, 1, ...)")
        }
        return .id(String(text[..<at]), index: index)
    }

    public var description: String {
        switch self {
        case .slot(let slot): return "slot \(slot)"
        case .id(let id, let index): return "id \(id)" + (index.map { "@\($0)" } ?? "")
        }
    }
}
