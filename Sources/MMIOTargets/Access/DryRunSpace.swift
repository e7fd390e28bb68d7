import MMIOBasics
/// A dry run: nothing is opened and no access is made; each access that would be made is
/// written to standard output as a trace line (`r32 0x00000004`, `w32 0x00000004 <- 0x00000001`), or
/// under `--json` as a JSON object (`{"planned":"read","address":"0x00000004","width":32}`).
/// Reads give 0, and a read-modify-write shows the value it would write in terms of the read.
public final class DryRunSpace: RegisterAccess {
    public let target: ResolvedTarget
    public var trace = false
    /// The line being run asked for JSON: every line printed is then JSON.
    public var json = false
    public var mapCount: Int { 0 }
    public let console: Console
    private var output: OutputStream { console.output }

    public init(target: ResolvedTarget, console: Console) {
        self.target = target
        self.console = console
    }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        try output.line(json ? planned("read", width, address) + "}" : TraceLine.read(width, address))
        return 0
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try output.line(json
            ? planned("write", width, address) + ",\"value\":\(JSONText.hex(value, digits: width.hexDigits))}"
            : TraceLine.write(width, address, value))
    }

    @discardableResult
    public func modify(_ width: Width, at address: UInt64, clearing: UInt64, setting: UInt64) throws -> UInt64 {
        if json {
            try output.line(
                planned("modify", width, address) + ",\"clearing\":\(JSONText.hex(clearing, digits: width.hexDigits))"
                    + ",\"setting\":\(JSONText.hex(setting, digits: width.hexDigits))}")
            return 0
        }
        try output.line(TraceLine.read(width, address))
        try output.line(TraceLine.symbolicModify(width, address, clearing: clearing, setting: setting))
        return 0
    }

    /// The start of a planned access's JSON object (without its closing brace).
    private func planned(_ access: String, _ width: Width, _ address: UInt64) -> String {
        "{\"planned\":\"\(access)\",\"address\":\(JSONText.address(address)),\"width\":\(width.bits)"
    }

    public func prepare(address: UInt64, length: UInt64) throws {}
    public func flushBeforeAccess() throws {}
}
