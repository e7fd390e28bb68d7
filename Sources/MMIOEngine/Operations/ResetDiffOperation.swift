import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `diff --reset REG|PERIPH`: the live registers against the reset values the description gives
/// them, one width-sized read each; a line per register that differs, with the fields that do,
/// and exit 3 when any does. A register the description gives no reset value, or that may not
/// be read, is passed over and named.
public struct ResetDiffOperation: RegisterOperation {
    public var location: Location
    var entries: [DecodedDumpOperation.Entry] = []

    public init(_ location: Location) {
        self.location = location
    }

    public var writes: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(entries.compactMap { entry in
            entry.skipped == nil ? PlannedAccess(.read, at: entry.address, width: entry.register.width, skippable: true) : nil
        })
    }

    public func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation {
        var result = self
        for index in result.entries.indices where result.entries[index].skipped == nil {
            result.entries[index].skipped = skipped[result.entries[index].address]
        }
        return result
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        guard let first = entries.first(where: { $0.skipped == nil }) else { return nil }
        return (first.address, UInt64(first.register.width.bytes))
    }

    /// A peripheral's name: its registers; a register's name (or its address): that register.
    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        guard let map = names.map else {
            throw MMIOError.usage("diff --reset compares with a description's reset values: give --regs FILE (or set MMIO_REGS)")
        }
        try settings.refuseBits(for: "diff --reset")
        if settings.widthGiven {
            throw MMIOError.usage("diff --reset reads each register at its own width; -w does not go with it")
        }
        var registers: [MapRegister]
        switch location {
        case .name(let name) where map.registers.contains(where: { $0.peripheral == name }):
            try names.choose(peripheral: name)
            registers = map.registers.filter { $0.peripheral == name }
        case .name(let name):
            let reference = try names.lookup(name)
            if reference.field != nil { throw MMIOError.usage("diff --reset takes a register or a peripheral, not a field") }
            registers = [reference.register]
        case .address(let address):
            registers = [try names.register(at: address, for: "diff --reset").register]
        }
        var result = self
        for register in registers {
            var entry = DecodedDumpOperation.Entry(address: names.address(of: register), register: register)
            if register.reset == nil {
                entry.skipped = "the description gives no reset value"
            } else {
                do {
                    try names.checkRead(RegisterReference(register: register, field: nil))
                } catch let error as MMIOError {
                    entry.skipped = error.message
                }
            }
            result.entries.append(entry)
        }
        result.entries.sort { $0.address < $1.address }
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard !entries.isEmpty else { throw MMIOError.usage("diff --reset needs a register description (--regs FILE)") }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let digits = Hex.addressDigits(upTo: entries.last?.address ?? 0)
        var compared = 0
        var differing = 0
        for entry in entries {
            try Interruption.check()
            let register = entry.register
            if let skipped = entry.skipped {
                try results.skipped(at: entry.address, width: register.width, name: register.name, why: skipped, addressDigits: digits)
                continue
            }
            let value = try space.read(register.width, at: entry.address)
            guard !results.planned, let reset = register.reset else { continue }
            compared += 1
            guard value != reset else { continue }
            differing += 1
            try results.differsFromReset(register, reset: reset, value: value, at: entry.address, addressDigits: digits)
        }
        if differing > 0 {
            throw MMIOError(.mismatch, "diff --reset: \(differing) of \(compared) registers differ from their reset values")
        }
    }
}
