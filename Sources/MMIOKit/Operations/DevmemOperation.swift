/// `devmem ADDRESS [WIDTH [VALUE]]`: busybox devmem's arguments and output (`0x%0*X`, a silent
/// write), on physical memory. Unlike busybox it refuses a value wider than the width and a
/// misaligned address instead of truncating or splitting.
public struct DevmemOperation: RegisterOperation {
    public var address: UInt64
    public var value: UInt64?

    public init(address: UInt64, value: UInt64?) {
        self.address = address
        self.value = value
    }

    /// busybox's WIDTH: bits, or its letters b, h, w, l (8, 16, 32 and, on 64-bit Linux, 64).
    public static func width(_ text: String) throws -> Width {
        let letters: [String: Width] = ["b": .w8, "h": .w16, "w": .w32, "l": .w64]
        if text.count == 1, let width = letters[text.lowercased()] { return width }
        if let bits = Int(text), let width = Width(rawValue: bits) { return width }
        throw MMIOError.usage("bad width '\(text)': 8, 16, 32, 64 (or b, h, w, l)")
    }

    public var writes: Bool { value != nil }
    public var takesNames: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(value == nil ? .read : .write, at: address, width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.checkAccesses(at: address, count: 1, in: target)
        if let value { try settings.width.check(value) }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        if let value {
            try space.write(value, settings.width, at: address)
            if settings.json && !settings.dryRun { try output.line(ValueFormat.json(address: address, value: value, settings)) }
            return
        }
        let read = try space.read(settings.width, at: address)
        guard !settings.dryRun else { return }
        if settings.json { return try output.line(ValueFormat.json(address: address, value: read, settings)) }
        output.buffer.append(contentsOf: [0x30, 0x78])
        Hex.append(read, digits: settings.width.hexDigits, to: &output.buffer, uppercase: true)
        output.buffer.append(0x0a)
    }
}
