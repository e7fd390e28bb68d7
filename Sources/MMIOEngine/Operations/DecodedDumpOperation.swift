import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `dump` with a description: one line per described register in the range (every register
/// when no ADDRESS is given), decoded field by field. A register that must not be read (write
/// only, or a read with side effects without `--force`) is listed as skipped, not read.
struct DecodedDumpOperation: RegisterOperation {
    var registers = DescribedRegisters()

    /// `peripheral`: on a target other than physical memory, where offsets of different
    /// peripherals overlap, a dump from a register name shows that register's peripheral only.
    init(
        map: RegisterMap, names: NameContext, start: UInt64?, length: UInt64?, peripheral: UInt64?,
        settings: inout AccessSettings
    ) throws {
        try settings.refuseBits(for: "dump")
        if settings.widthGiven {
            throw MMIOError.usage("dump with --regs reads each register at its own width; -w does not go with it")
        }
        for register in map.registers {
            if !names.physical, let peripheral, register.base != peripheral { continue }
            let address = names.address(of: register)
            if let start {
                guard address >= start else { continue }
                if let length, address - start >= length { continue }
            }
            try registers.add(register, names: names)
        }
        registers.sort()
        guard !registers.isEmpty else {
            throw MMIOError.usage("no register of \(ArgumentText.printable(map.file)) lies in the range")
        }
    }

    var writes: Bool { false }

    func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses { registers.plannedAccesses }

    func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation {
        var result = self
        result.registers = registers.skipping(skipped)
        return result
    }

    func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? { registers.firstRange }

    /// Each register's width, alignment and bounds are its declared access's, which the
    /// pipeline checks; nothing else is left to check here.
    func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {}

    func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        try registers.read(space, results: results) { register, value, address, digits in
            try results.dumped(register, value: value, at: address, addressDigits: digits)
        }
    }
}
