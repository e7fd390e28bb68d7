import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// What a command's register names mean on its target: the description (`--regs`), and
/// whether names stand for absolute addresses (physical memory) or offsets inside their
/// peripheral (every other target). Also the description's safety rules, applied before
/// anything is opened.
public struct NameContext {
    public let map: RegisterMap?
    public let physical: Bool
    public let force: Bool
    /// On config space (`--config`): the device, whose capabilities `CAP_*`/`ECAP_*` reach.
    public let config: ResolvedTarget.PCIConfigFacts?
    /// The width of a capability-relative address (`-w`, default 32, as for a number).
    public let width: Width
    /// What the command's names chose: the register named, and its peripheral, which binds the
    /// description to a target other than physical memory. Without a description nothing is
    /// chosen, and a numeric batch line allocates nothing for it.
    public let chosen: Chosen

    public final class Chosen {
        public internal(set) var reference: RegisterReference?
        /// `--peripheral`, where given.
        public internal(set) var given: String?
        /// The peripheral `--peripheral` gave, or else the one the register named is in.
        public var peripheral: String? { given ?? reference?.register.peripheral }
        /// Shared by every context without a description, where nothing is ever chosen.
        nonisolated(unsafe) static let none = Chosen()

        public init() {}
    }

    /// `chosen`: where to record what names choose, reused line after line by the pipeline (a
    /// batch line then allocates nothing for it).
    public init(
        map: RegisterMap?, physical: Bool, force: Bool, config: ResolvedTarget.PCIConfigFacts? = nil, width: Width = .w32,
        chosen: Chosen? = nil
    ) {
        self.map = map
        self.physical = physical
        self.force = force
        self.config = config
        self.width = width
        if map == nil {
            self.chosen = .none
        } else if let chosen {
            chosen.reference = nil
            chosen.given = nil
            self.chosen = chosen
        } else {
            self.chosen = Chosen()
        }
    }

    /// The description, or the error for a name given without one.
    public func description(for name: String) throws -> RegisterMap {
        guard let map else {
            let base = (try? RegisterNameSyntax.nameAndOffset(name))??.name ?? name
            if PCIConfigNames.capability(named: base) != nil {
                throw MMIOError.usage("\(base) is a PCI capability: it names an address in config space (-s/-d with --config)")
            }
            if name.hasPrefix("-") { throw MMIOError.usage("\(name) needs a register description (--regs FILE or MMIO_REGS)") }
            throw MMIOError.usage(
                "'\(ArgumentText.printable(name))' is not a number; a register name needs a description "
                    + "(--regs FILE or MMIO_REGS)")
        }
        return map
    }

    /// `--peripheral NAME`: the peripheral a target other than physical memory is. Names are
    /// looked up in it first, and numbers are its offsets.
    public func choose(peripheral: String?) throws {
        guard let peripheral else { return }
        let map = try description(for: "--peripheral")
        guard map.hasPeripheral(peripheral) else {
            let known = map.peripherals
            throw MMIOError.usage(
                "--peripheral: no peripheral '\(ArgumentText.printable(peripheral))' in \(ArgumentText.printable(map.file)); "
                    + "its peripherals: " + known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", ..." : ""))
        }
        chosen.given = peripheral
    }

    public func lookup(_ name: String) throws -> RegisterReference {
        guard let config else {
            let map = try description(for: name)
            // With --peripheral, a name is first one of its registers.
            if let peripheral = chosen.given, !name.hasPrefix(peripheral + "."),
                let inside = try? map.lookup(peripheral + "." + name)
            {
                chosen.reference = inside
                return inside
            }
            let reference = try map.lookup(name)
            if let peripheral = chosen.given, reference.register.peripheral != peripheral {
                throw MMIOError.usage("\(reference.name) is a register of \(reference.register.peripheral), not of --peripheral \(peripheral)")
            }
            if chosen.reference == nil { chosen.reference = reference }
            return reference
        }
        if let reference = try capabilityRelative(name, on: config) { return reference }
        let reference = try description(for: name).lookup(name)
        try PCIConfigNames.check(reference.register.name, headerType: config.headerType, device: config.slot)
        return reference
    }

    /// `CAP_EXP+0x10`, `ECAP_AER`: an address in config space relative to a capability the
    /// device has, with the width of a number; nil for any other name.
    private func capabilityRelative(_ word: String, on config: ResolvedTarget.PCIConfigFacts) throws -> RegisterReference? {
        let (name, offset) = try RegisterNameSyntax.nameAndOffset(word) ?? (word, 0)
        guard let wanted = PCIConfigNames.capability(named: name) else {
            guard name == word else {
                throw MMIOError.usage(
                    "'\(ArgumentText.printable(word))': only a capability name (CAP_..., ECAP_...) takes an offset")
            }
            return nil
        }
        guard let found = config.capabilities.first(where: { $0.id == wanted.id && $0.extended == wanted.extended }) else {
            let present = config.capabilities.map { "\(PCIConfigNames.name(of: $0.id, extended: $0.extended)) at \(Hex.string(UInt64($0.offset), digits: 2))" }
            throw MMIOError.usage(
                "\(config.slot) has no \(name) capability"
                    + (present.isEmpty ? " (it has no capabilities)" : " (it has \(present.joined(separator: ", ")))"))
        }
        let (address, overflow) = UInt64(found.offset).addingReportingOverflow(offset)
        guard !overflow else { throw MMIOError.usage("'\(ArgumentText.printable(word))' overflows the address space") }
        return RegisterReference(register: MapRegister(path: [word], base: 0, offset: address, width: width), field: nil)
    }

    /// A register name where a range of registers starts (`watch`, `diff`): its place on this
    /// target, and its width into `settings`. A field cannot start a range.
    public func rangeStart(_ name: String, for command: String, settings: inout AccessSettings) throws -> UInt64 {
        let reference = try lookup(name)
        if reference.field != nil { throw MMIOError.usage("\(command) takes registers: \(reference.name) is a field") }
        try checkRead(reference)
        try apply(reference, to: &settings)
        return address(of: reference)
    }

    /// The register at `address` on this target (for `--decode` of a number). On a target other
    /// than physical memory a number means no peripheral: offsets of several overlap there.
    public func register(at address: UInt64, for option: String) throws -> RegisterReference {
        let map = try description(for: option)
        guard physical || chosen.peripheral != nil else {
            var fitting: [String] = []
            for register in map.registers where register.offset == address {
                if !fitting.contains(register.peripheral) { fitting.append(register.peripheral) }
            }
            throw MMIOError.usage(
                "\(option) of a number on this target needs a register name (offsets of different peripherals overlap here)"
                    + (fitting.isEmpty ? "; no register of \(ArgumentText.printable(map.file)) is at offset \(Hex.string(address))"
                        : "; registers at offset \(Hex.string(address)) in: " + fitting.prefix(8).joined(separator: ", ")
                            + (fitting.count > 8 ? ", ..." : "")))
        }
        let candidates = map.registers(overlapping: address, length: 1, physical: physical, peripheral: chosen.peripheral)
        guard let register = candidates.first(where: { self.address(of: $0) == address }) else {
            throw MMIOError.usage("no register of \(ArgumentText.printable(map.file)) is at \(Hex.string(address))")
        }
        chosen.reference = RegisterReference(register: register, field: nil)
        return RegisterReference(register: register, field: nil)
    }

    /// Where the register is on this target.
    public func address(of register: MapRegister) -> UInt64 { physical ? register.address : register.offset }
    public func address(of reference: RegisterReference) -> UInt64 { physical ? reference.address : reference.offset }

    /// The register's width into `settings`: an explicit `-w` must agree, and `--bits` does not
    /// go with a field name.
    public func apply(_ reference: RegisterReference, to settings: inout AccessSettings) throws {
        try applyWidth(of: reference, to: &settings)
        if let field = reference.field {
            if settings.bits != nil {
                throw MMIOError.usage("\(reference.name) is a field already; --bits does not go with it")
            }
            settings.bits = field.bits
        }
    }

    /// The register's width into `settings`, whatever field was named: an explicit `-w` must agree.
    public func applyWidth(of reference: RegisterReference, to settings: inout AccessSettings) throws {
        let width = reference.width
        if settings.widthGiven && settings.width != width {
            throw MMIOError.usage("\(reference.register.name) is a \(width.bits)-bit register; -w \(settings.width.bits) disagrees")
        }
        settings.width = width
    }

    /// Refuses a read the description forbids: a write-only register or field, or (without
    /// `--force`) one whose read has side effects.
    public func checkRead(_ reference: RegisterReference, purpose: String = "read") throws {
        if !reference.usable { try checkUsable(reference.register) }
        guard reference.readable else {
            throw MMIOError.usage("\(reference.name) is write-only: mmio does not \(purpose) it")
        }
        if reference.readSideEffect && !force {
            throw MMIOError.usage(
                "reading \(reference.name) has side effects (the description says a read changes it); "
                    + "--force reads it anyway")
        }
    }

    /// Refuses a write to a read-only register or field.
    public func checkWrite(_ reference: RegisterReference) throws {
        if !reference.usable { try checkUsable(reference.register) }
        guard reference.writable else {
            throw MMIOError.usage("\(reference.name) is read-only: mmio does not write it")
        }
    }

    /// Refuses a register the description got wrong (its access is not a word the schema
    /// knows): nothing about it can be trusted, so it is not accessed at all.
    func checkUsable(_ register: MapRegister) throws {
        if let defect = register.defect { throw MMIOError.usage("\(register.name) cannot be used: \(defect)") }
    }

    /// A field's value by number or enumerated name, checked against the field's width.
    public func fieldValue(_ value: ValueWord.FieldValue, of field: MapField, in register: MapRegister) throws -> UInt64 {
        let number: UInt64
        switch value {
        case .number(let given): number = given
        case .name(let name):
            guard let known = field.enums.first(where: { $0.name == name }) else {
                if let pattern = field.patterns.first(where: { $0.name == name }) {
                    throw MMIOError.usage(
                        "\(register.name).\(field.name) value \(ArgumentText.printable(name)) stands for several values "
                            + "(\(pattern.text)): give a number")
                }
                if let broken = field.brokenValues.first(where: { $0.name == name }) {
                    throw MMIOError.usage(
                        "\(register.name).\(field.name) value \(ArgumentText.printable(name)) cannot be used: \(broken.defect)")
                }
                let names = field.enums.map(\.name)
                let spelled = names.first { $0.lowercased() == name.lowercased() }
                throw MMIOError.usage(
                    "\(register.name).\(field.name) has no value '\(ArgumentText.printable(name))'"
                        + (names.isEmpty ? " (it has no enumerated values)"
                            : (spelled.map { "; did you mean \($0)? (its values: " } ?? "; its values: ")
                                + names.joined(separator: ", ") + (spelled == nil ? "" : ")")))
            }
            number = known.value
        }
        guard number & ~field.bits.fieldMask == 0 else {
            throw MMIOError.usage(
                "value \(Hex.string(number)) does not fit in \(register.name).\(field.name) "
                    + "(bits \(field.bits), \(field.bits.bitCount) bits)")
        }
        return number
    }

    /// One read-modify-write that gives `fields` their values: what to clear and what to set.
    /// Write-1-to-clear and write-1-to-set fields not being changed are written as 0 (write-0
    /// ones as 1), so no pending status bit is cleared by accident; read-only and reserved bits
    /// go back as they were read.
    public func fieldWrite(_ register: MapRegister, _ fields: [(MapField, UInt64)]) throws -> (clearing: UInt64, setting: UInt64) {
        try checkRead(RegisterReference(register: register, field: nil), purpose: "read-modify-write")
        var changed: UInt64 = 0
        var setting: UInt64 = 0
        for (field, value) in fields {
            try checkWrite(RegisterReference(register: register, field: field))
            guard changed & field.bits.registerMask == 0 else {
                throw MMIOError.usage("\(register.name).\(field.name) is given twice")
            }
            changed |= field.bits.registerMask
            setting |= value << UInt64(field.bits.low)
        }
        let neutral = register.neutralWrite
        return (changed | (neutral.mask & ~changed), setting | (neutral.value & ~changed))
    }
}

extension ValueWord.FieldValue {
    init(_ word: ValueWord) throws {
        switch word {
        case .number(let value): self = .number(value)
        case .name(let name): self = .name(name)
        case .field(let name, _): throw MMIOError.usage("'\(ArgumentText.printable(name))=...' goes with a register name, not a field")
        }
    }
}
