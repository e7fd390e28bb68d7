import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// The described registers a command reads one by one at each one's own width (`dump` with a
/// description, `diff --reset`): in address order, each with why it is not read, where the
/// description's rules keep it from being read.
struct DescribedRegisters {
    struct Entry {
        var address: UInt64
        var register: MapRegister
        /// Why it is not read, or nil.
        var skipped: String?
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Adds `register`, passed over with the reason `names` gives (or `skipped`) where it may
    /// not be read.
    mutating func add(_ register: MapRegister, names: NameContext, skipped: String? = nil) throws {
        var entry = Entry(address: names.address(of: register), register: register, skipped: skipped)
        if entry.skipped == nil {
            do {
                try names.checkRead(RegisterReference(register: register, field: nil))
            } catch let error as MMIOError {
                entry.skipped = error.message
            }
        }
        entries.append(entry)
    }

    mutating func sort() { entries.sort { $0.address < $1.address } }

    /// One read of each register not passed over, each skippable: the access plan passes over
    /// what else the description's rules forbid.
    var plannedAccesses: PlannedAccesses {
        PlannedAccesses(entries.compactMap { entry in
            entry.skipped == nil ? PlannedAccess(.read, at: entry.address, width: entry.register.width, skippable: true) : nil
        })
    }

    func skipping(_ skipped: [UInt64: String]) -> DescribedRegisters {
        var result = self
        for index in result.entries.indices where result.entries[index].skipped == nil {
            result.entries[index].skipped = skipped[result.entries[index].address]
        }
        return result
    }

    var firstRange: (address: UInt64, length: UInt64)? {
        guard let first = entries.first(where: { $0.skipped == nil }) else { return nil }
        return (first.address, UInt64(first.register.width.bytes))
    }

    /// Reads each register in turn and hands it to `body` with its value; one passed over is
    /// reported as such.
    func read(
        _ space: RegisterAccess, results: Results,
        _ body: (_ register: MapRegister, _ value: UInt64, _ address: UInt64, _ addressDigits: Int) throws -> Void
    ) throws {
        let digits = Hex.addressDigits(upTo: entries.last?.address ?? 0)
        for entry in entries {
            try Interruption.check()
            let register = entry.register
            if let skipped = entry.skipped {
                try results.skipped(at: entry.address, width: register.width, name: register.name, why: skipped, addressDigits: digits)
                continue
            }
            try body(register, try space.read(register.width, at: entry.address), entry.address, digits)
        }
    }
}
