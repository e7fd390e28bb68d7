import MMIOBasics
extension MapRegister {
    /// The field `name` names, or a refusal listing the fields (with the right spelling first
    /// where only the case was wrong).
    public func existingField(named name: String) throws -> MapField {
        if let field = field(named: name) { return field }
        if let broken = brokenFields.first(where: { $0.name == name }) {
            throw MMIOError.usage("\(self.name).\(ArgumentText.printable(name)) cannot be used: \(broken.defect)")
        }
        let names = fields.map(\.name)
        guard !names.isEmpty else {
            throw MMIOError.usage("register \(self.name) has no field '\(ArgumentText.printable(name))' (it has no fields)")
        }
        let spelled = names.first { $0.lowercased() == name.lowercased() }
        throw MMIOError.usage(
            "register \(self.name) has no field '\(ArgumentText.printable(name))'"
                + (spelled.map { "; did you mean \($0)? (its fields: " + names.joined(separator: ", ") + ")" }
                    ?? "; its fields: " + names.joined(separator: ", ")))
    }
}

/// A name resolved: a register, and the field when the name ended in one.
/// A class: a reference passes from lookup through the checks to the operation, and a copy of a
/// register (its path, fields and their enumerated values) would be a retain of each.
public final class RegisterReference: Sendable {
    public let register: MapRegister
    public let field: MapField?
    /// What every line that names a register asks, kept apart: read through `register` from
    /// another module, each is a copy of the whole register (its names and fields retained one
    /// by one, then released).
    public let width: Width
    public let address: UInt64
    public let offset: UInt64
    public let namesField: Bool
    /// The register, and the field if one is named, may be written, or read, or a read of what
    /// is named has side effects; and the register has no defect.
    public let writable: Bool
    public let readable: Bool
    public let readSideEffect: Bool
    public let usable: Bool

    package init(register: MapRegister, field: MapField?) {
        self.register = register
        self.field = field
        width = register.width
        address = register.address
        offset = register.offset
        namesField = field != nil
        writable = register.access.writable && (field?.access.writable ?? true)
        readable = register.access.readable && (field?.access.readable ?? true)
        readSideEffect = field.map { $0.readSideEffect || register.readSideEffect } ?? register.readHasSideEffects
        usable = register.defect == nil
    }

    /// The name as resolved, for messages: `UART0.CTRL.EN`.
    public var name: String { register.name + (field.map { "." + $0.name } ?? "") }
}

/// Register names as the user may write them: a register's full path, or any trailing part of
/// it (`DMA.CH[2].CTRL`, `CH[2].CTRL`, `CTRL`), in every spelling the description allows
/// (MapIndex holds them all).
extension RegisterMap {
    /// What `name` names exactly (a register, or REG.FIELD), or nil: no suggestions are looked
    /// for, which a completion asks of every word of its line.
    public func exactReference(_ name: String) -> RegisterReference? {
        if case .one(let register) = matches(for: name) { return reference(to: register) }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
            case .one(let owner) = matches(for: String(name[..<dot])),
            let field = registers[owner].field(named: String(name[name.index(after: dot)...]))
        else { return nil }
        return RegisterReference(register: registers[owner], field: field)
    }

    /// What `name` names: a register path first; only when no register matches, the last part
    /// is taken as a field of the register the rest names.
    public func lookup(_ name: String) throws -> RegisterReference {
        switch matches(for: name) {
        case .one(let register): return reference(to: register)
        case .damaged: throw MMIOError.failure(damage)
        case .several(let matches):
            if let defect = brokenNames[name] { throw MMIOError.usage("\(ArgumentText.printable(name)) cannot be used: \(defect)") }
            throw ambiguity(name, matches)
        case .none: break
        }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let registerName = String(name[..<dot])
            let fieldName = String(name[name.index(after: dot)...])
            switch matches(for: registerName) {
            case .damaged: throw MMIOError.failure(damage)
            case .several(let owners): throw ambiguity(registerName, owners)
            case .one(let owner):
                let register = registers[owner]
                let field = try register.existingField(named: fieldName)
                return RegisterReference(register: register, field: field)
            case .none: break
            }
        }
        // A peripheral's name alone stands for its first register (`dump GPIOB` starts there).
        if let first = index.places(of: name).first { return reference(to: Int(first.index)) }
        if let defect = brokenNames[name] {
            throw MMIOError.usage("\(ArgumentText.printable(name)) cannot be used: \(defect)")
        }
        try checkIndex(name)
        let suggestions = index.closest(to: name)
        throw MMIOError.usage(
            "no register '\(ArgumentText.printable(name))' in \(ArgumentText.printable(file))"
                + (suggestions.isEmpty ? "" : "; did you mean " + suggestions.joined(separator: ", ") + "?"))
    }

    /// What `name` names. A map from a cache file is checked against the register it finds: a
    /// damaged index never names another register.
    @inline(__always)
    func matches(for name: String) -> MapIndex.Match {
        let match = index.registers(named: name)
        guard cacheFile != nil, case .one(let found) = match else { return match }
        var answers = false
        MapIndex.names(of: registers[found]) { answers = answers || $0 == name }
        return answers ? match : .damaged
    }

    /// Why a map from a cache file cannot be used.
    package var damage: String {
        "the parsed-map cache \(ArgumentText.printable(cacheFile ?? "")) does not agree with \(ArgumentText.printable(file)) (it is damaged): delete it"
    }

    /// `ARRAY[N]` past the array's end says so, with the indices there are, rather than
    /// suggesting another element.
    private func checkIndex(_ name: String) throws {
        guard name.hasSuffix("]"), let open = name.lastIndex(of: "["),
            let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), index >= 0
        else { return }
        let array = name[..<open]
        func exists(_ element: Int) -> Bool {
            if case .none = matches(for: "\(array)[\(element)]") { return false }
            return true
        }
        guard exists(0) else { return }
        var last = 0
        while exists(last + 1) { last += 1 }
        guard index > last else { return }
        throw MMIOError.usage("\(ArgumentText.printable(name)): index \(index) past the end (0..\(last))")
    }

    private func ambiguity(_ name: String, _ matches: [Int32]) -> MMIOError {
        let listed = matches.prefix(8).map { registers[Int($0)].name }
        return MMIOError.usage(
            "'\(ArgumentText.printable(name))' names \(matches.count) registers: " + listed.joined(separator: ", ")
                + (matches.count > listed.count ? ", ..." : "") + "; give more of the path")
    }
}
