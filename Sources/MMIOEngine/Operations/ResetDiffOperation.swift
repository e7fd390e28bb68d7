import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `diff --reset REG|PERIPH`: the live registers against the reset values the description gives
/// them, one width-sized read each; a line per register that differs, with the fields that do,
/// and exit 3 when any does. A register the description gives no reset value, or that may not
/// be read, is passed over and named.
public struct ResetDiffOperation: RegisterOperation {
    public var location: Location
    var registers = DescribedRegisters()

    public init(_ location: Location) {
        self.location = location
    }

    public var writes: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses { registers.plannedAccesses }

    public func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation {
        var result = self
        result.registers = registers.skipping(skipped)
        return result
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        registers.firstRange
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
        var chosen: [MapRegister]
        switch location {
        case .name(let name) where map.hasPeripheral(name):
            try names.choose(peripheral: name)
            chosen = map.registers(ofPeripheral: name)
        case .name(let name):
            let reference = try names.lookup(name)
            if reference.field != nil { throw MMIOError.usage("diff --reset takes a register or a peripheral, not a field") }
            chosen = [reference.register]
        case .address(let address):
            chosen = [try names.register(at: address, for: "diff --reset").register]
        }
        var result = self
        for register in chosen {
            try result.registers.add(register, names: names, skipped: register.reset == nil ? "the description gives no reset value" : nil)
        }
        result.registers.sort()
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard !registers.isEmpty else { throw MMIOError.usage("diff --reset needs a register description (--regs FILE)") }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        var compared = 0
        var differing = 0
        try registers.read(space, results: results) { register, value, address, digits in
            guard !results.planned, let reset = register.reset else { return }
            compared += 1
            guard value != reset else { return }
            differing += 1
            try results.differsFromReset(register, reset: reset, value: value, at: address, addressDigits: digits)
        }
        if differing > 0 {
            throw MMIOError(.mismatch, "diff --reset: \(differing) of \(compared) registers differ from their reset values")
        }
    }
}
