import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `dump` with a description: one line per described register in the range (every register
/// when no ADDRESS is given), decoded field by field. A register that must not be read (write
/// only, or a read with side effects without `--force`) is listed as skipped, not read.
struct DecodedDumpOperation: RegisterOperation {
    /// A register to read, and why it is not read, where it may not be.
    struct Entry {
        var address: UInt64
        var register: MapRegister
        /// Why it is not read, or nil.
        var skipped: String?
    }

    var entries: [Entry] = []

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
            var entry = Entry(address: address, register: register)
            do {
                try names.checkRead(RegisterReference(register: register, field: nil))
            } catch let error as MMIOError {
                entry.skipped = error.message
            }
            entries.append(entry)
        }
        entries.sort { $0.address < $1.address }
        guard !entries.isEmpty else {
            throw MMIOError.usage("no register of \(ArgumentText.printable(map.file)) lies in the range")
        }
    }

    var writes: Bool { false }

    func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(entries.compactMap { entry in
            entry.skipped == nil ? PlannedAccess(.read, at: entry.address, width: entry.register.width, skippable: true) : nil
        })
    }

    func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation {
        var result = self
        for index in result.entries.indices where result.entries[index].skipped == nil {
            result.entries[index].skipped = skipped[result.entries[index].address]
        }
        return result
    }

    func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        guard let first = entries.first(where: { $0.skipped == nil }) else { return nil }
        return (first.address, UInt64(first.register.width.bytes))
    }

    /// Each register's width, alignment and bounds are its declared access's, which the
    /// pipeline checks; nothing else is left to check here.
    func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {}

    func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let digits = Hex.addressDigits(upTo: entries.last?.address ?? 0)
        for entry in entries {
            try Interruption.check()
            let register = entry.register
            if let skipped = entry.skipped {
                try results.skipped(at: entry.address, width: register.width, name: register.name, why: skipped, addressDigits: digits)
                continue
            }
            let value = try space.read(register.width, at: entry.address)
            try results.dumped(register, value: value, at: entry.address, addressDigits: digits)
        }
    }
}
