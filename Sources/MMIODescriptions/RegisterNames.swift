import MMIOBasics
/// Register names as the user may write them: a register's full path, or any trailing part of
/// it (`DMA.CH[2].CTRL`, `CH[2].CTRL`, `CTRL`), in every spelling the description allows. Built
/// once when a description is loaded.
struct RegisterNames: Sendable {
    /// Every trailing part of every spelling of every register's name, with the register it
    /// names; `-1 - k` where several share it (`shared[k]` lists them).
    private let index: NameTable
    private let shared: [[Int32]]
    /// The first register whose full name an earlier register has too: such a register could
    /// never be named, so its description is refused.
    let firstRepeated: Int?

    init(_ registers: [MapRegister]) {
        var index: [String: Int32] = [:]
        var shared: [[Int32]] = []
        var fullNames = Set<String>(minimumCapacity: registers.count)
        var firstRepeated: Int?
        index.reserveCapacity(registers.count * 2)
        func add(_ name: String, _ number: Int32) {
            guard let known = index[name] else {
                index[name] = number
                return
            }
            if known >= 0 {
                guard known != number else { return }
                index[name] = -1 - Int32(shared.count)
                shared.append([known, number])
            } else if shared[Int(-1 - known)].last != number {
                shared[Int(-1 - known)].append(number)
            }
        }
        for (position, register) in registers.enumerated() {
            let number = Int32(position)
            if firstRepeated == nil, !fullNames.insert(register.name).inserted { firstRepeated = position }
            if register.aliases.isEmpty {
                var suffix = ""
                for part in register.path.reversed() {
                    suffix = suffix.isEmpty ? part : part + "." + suffix
                    add(suffix, number)
                }
                continue
            }
            let parts = register.path.indices.map { part in
                [register.path[part]] + (register.aliases[part].map { [$0] } ?? [])
            }
            var suffixes: [String] = [""]
            for part in parts.indices.reversed() {
                suffixes = parts[part].flatMap { spelling in
                    suffixes.map { $0.isEmpty ? spelling : spelling + "." + $0 }
                }
                for name in suffixes { add(name, number) }
            }
        }
        self.index = NameTable(index)
        self.shared = shared
        self.firstRepeated = firstRepeated
    }

    /// What a name names; no allocation for a name that names one register, the common case.
    enum Match {
        case none
        case one(Int)
        case several([Int32])
    }

    func registers(named name: String) -> Match {
        guard let found = index[name] else { return .none }
        return found >= 0 ? .one(Int(found)) : .several(shared[Int(-1 - found)])
    }

    /// The names closest to `name` (for an unknown name's message), best first.
    func closest(to name: String, limit: Int = 3) -> [String] {
        Suggestions.closest(to: name, among: index.keys, limit: limit)
    }
}

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

    package init(register: MapRegister, field: MapField?) {
        self.register = register
        self.field = field
    }

    /// The name as resolved, for messages: `UART0.CTRL.EN`.
    public var name: String { register.name + (field.map { "." + $0.name } ?? "") }
}

extension RegisterMap {
    /// What `name` names exactly (a register, or REG.FIELD), or nil: no suggestions are looked
    /// for, which a completion asks of every word of its line.
    public func exactReference(_ name: String) -> RegisterReference? {
        if case .one(let register) = names.registers(named: name) { return reference(to: register) }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
            case .one(let owner) = names.registers(named: String(name[..<dot])),
            let field = registers[owner].field(named: String(name[name.index(after: dot)...]))
        else { return nil }
        return RegisterReference(register: registers[owner], field: field)
    }

    /// What `name` names: a register path first; only when no register matches, the last part
    /// is taken as a field of the register the rest names.
    public func lookup(_ name: String) throws -> RegisterReference {
        switch names.registers(named: name) {
        case .one(let register): return reference(to: register)
        case .several(let matches):
            if let defect = brokenNames[name] { throw MMIOError.usage("\(ArgumentText.printable(name)) cannot be used: \(defect)") }
            throw ambiguity(name, matches)
        case .none: break
        }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let registerName = String(name[..<dot])
            let fieldName = String(name[name.index(after: dot)...])
            switch names.registers(named: registerName) {
            case .several(let owners): throw ambiguity(registerName, owners)
            case .one(let owner):
                let register = registers[owner]
                let field = try register.existingField(named: fieldName)
                return RegisterReference(register: register, field: field)
            case .none: break
            }
        }
        // A peripheral's name alone stands for its first register (`dump GPIOB` starts there).
        if let first = registers.indices.filter({ registers[$0].peripheral == name })
            .min(by: { registers[$0].offset < registers[$1].offset })
        {
            return reference(to: first)
        }
        if let defect = brokenNames[name] {
            throw MMIOError.usage("\(ArgumentText.printable(name)) cannot be used: \(defect)")
        }
        try checkIndex(name)
        let suggestions = names.closest(to: name)
        throw MMIOError.usage(
            "no register '\(ArgumentText.printable(name))' in \(ArgumentText.printable(file))"
                + (suggestions.isEmpty ? "" : "; did you mean " + suggestions.joined(separator: ", ") + "?"))
    }

    /// `ARRAY[N]` past the array's end says so, with the indices there are, rather than
    /// suggesting another element.
    private func checkIndex(_ name: String) throws {
        guard name.hasSuffix("]"), let open = name.lastIndex(of: "["),
            let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), index >= 0
        else { return }
        let array = name[..<open]
        func exists(_ element: Int) -> Bool {
            if case .none = names.registers(named: "\(array)[\(element)]") { return false }
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
