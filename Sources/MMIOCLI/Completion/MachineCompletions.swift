import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// Completions that know the machine: `-s` offers the slots present, `-d` the ids, `-b` the BARs
/// of the device already named, `-u` the UIO devices, `-m` that device's maps, `-P` the platform
/// devices and aliases, `-r` that device's regions. They read the
/// tree the command line would (`--sysfs-root`, else `$MMIO_SYSFS_ROOT`, else /sys). An address
/// completes to register names where the line has a description.
enum MachineCompletions {
    static let slot = machine { line, typed in line.inventory.slots(typed: typed) }
    static let device = machine { line, _ in line.inventory.ids() }
    static let bar = machine { line, _ in line.inventory.bars(of: line.pciQuery).map(String.init) }
    static let uio = machine { line, _ in line.inventory.uioDevices() }
    static let map = machine { line, _ in line.inventory.uioMaps(of: line.value(of: ["-u", "--uio"])).map(String.init) }
    /// `-P`: the platform devices' names and the tree's aliases; `-r`: the regions of the device
    /// named, by index and by `reg-names`.
    static let platform = machine { line, _ in line.inventory.platformDevices() }
    static let region = machine { line, _ in line.inventory.regions(of: line.value(of: ["-P", "--platform"])) }
    /// An address: setpci's names with `--config`; with `--regs` (or `$MMIO_REGS`), the
    /// description's registers and fields that start with what is typed. The shell would drop
    /// the others anyway, and a large description has hundreds of thousands of names, which a
    /// shell takes a minute to filter itself.
    static let register = machine { line, typed in
        if line.words.contains("--config") { return PCIConfigNames.allNames }
        guard let map = line.registerMap else { return [] }
        return map.fullNames(startingWith: typed)
    }
    /// A value after a register name (`write REG `): the register's fields as `FIELD=`, and
    /// after `FIELD=` (or after `REG.FIELD`) the field's enumerated names, those that start with
    /// what is typed. bash passes `FIELD=VALUE` as three words, `=` the middle one, and puts
    /// what it is offered after the `=`.
    static let fieldValue = machine { line, typed in values(line, typed, assignments: true) }
    /// The value `expect REG.FIELD ` compares with: the field's enumerated names.
    static let enumeratedValue = machine { line, typed in values(line, typed, assignments: false) }

    private static func values(_ line: CompletionLine, _ typed: String, assignments: Bool) -> [String] {
        guard let map = line.registerMap else { return [] }
        var before = line.before
        var fieldName: String?
        var valuePrefix = typed
        var spelled = ""
        if before.count >= 2, before.last == "=" {
            fieldName = before[before.count - 2]
            before.removeLast(2)
        } else if let equals = typed.firstIndex(of: "=") {
            fieldName = String(typed[..<equals])
            valuePrefix = String(typed[typed.index(after: equals)...])
            spelled = fieldName! + "="
        }
        // The register: the nearest word before that names one.
        guard let reference = before.reversed().lazy.filter({ !$0.hasPrefix("-") }).compactMap({ map.exactReference($0) }).first
        else { return [] }
        let field = reference.field ?? fieldName.flatMap { reference.register.field(named: $0) }
        guard let field else {
            if fieldName != nil || !assignments { return [] }
            return reference.register.fields.map { $0.name + "=" }.filter { $0.hasPrefix(typed) }
        }
        return field.enums.map(\.name).filter { $0.hasPrefix(valuePrefix) }.map { spelled + $0 }
    }
    static let width = CompletionKind.list(Width.allCases.map { String($0.bits) })
    static let endian = CompletionKind.list(["little", "big"])

    /// Candidates computed when the shell asks. zsh's `_describe`, which ArgumentParser's zsh
    /// script hands them to, reads a colon as the start of a description: a slot or an id
    /// would be cut at its first colon unless the colon is escaped.
    private static func machine(_ candidates: @escaping @Sendable (CompletionLine, String) -> [String]) -> CompletionKind {
        .custom { words, index, typed in
            // One candidate a line: a name from a description or sysfs with a control character
            // in it must not become two, or reach the terminal.
            let found = candidates(CompletionLine(words, index: index), typed).map { ArgumentText.printable($0) }
            guard CompletionShell.requesting == .zsh else { return found }
            return found.map { String($0.flatMap { $0 == ":" ? ["\\", ":"] : [$0] }) }
        }
    }
}

/// The words of the command line being completed, as the shell passes them (quotes and all).
struct CompletionLine {
    let words: [String]
    /// Where the word being completed is in `words`.
    let index: Int

    init(_ words: [String], index: Int? = nil) {
        self.words = words
        self.index = min(index ?? words.count, words.count)
    }

    /// The words before the one being completed, unquoted.
    var before: [String] { words.prefix(index).map(Self.unquoted) }

    /// The value last given to one of `names` (`-s X`, `--slot X`, `--slot=X`), unquoted. bash
    /// passes `--slot=X` as three words, `=` the middle one.
    func value(of names: [String]) -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if names.contains(word), index + 1 < words.count {
                let next = index + 1
                found = words[next] == "=" && next + 1 < words.count ? words[next + 1] : words[next]
            } else if let equals = word.firstIndex(of: "="), names.contains(String(word[..<equals])) {
                found = String(word[word.index(after: equals)...])
            }
        }
        return found.map(Self.unquoted)
    }

    /// The device `-s` or `-d` names, if either does.
    var pciQuery: PCIDeviceQuery? {
        if let slot = value(of: ["-s", "--slot"]) { return .slot(slot) }
        return value(of: ["-d", "--device"]).flatMap { try? PCIDeviceQuery.id(parsing: $0) }
    }

    /// The register description the line names (`--regs`, else `$MMIO_REGS`), if it loads.
    var registerMap: RegisterMap? {
        guard let path = value(of: ["--regs"]) ?? DescriptionLoader.environmentPath else { return nil }
        return try? DescriptionLoader.load(path, cache: ParsedMapCache.user)
    }

    var inventory: TargetInventory {
        TargetInventory(roots: SystemRoots.resolve(
            sysfsOption: value(of: ["--sysfs-root"]), devOption: value(of: ["--dev-root"]), procOption: value(of: ["--proc-root"])))
    }

    /// `'a b'` or `"a b"` as the shell would pass it on.
    private static func unquoted(_ word: String) -> String {
        guard word.count >= 2, let first = word.first, first == "'" || first == "\"", word.last == first else {
            return word
        }
        return String(word.dropFirst().dropLast())
    }
}
