import ArgumentParser

/// The grammar every command line and batch line is read by: the subcommands' ArgumentParser
/// definitions. A full ArgumentParser parse costs about half a millisecond (it rebuilds each
/// definition by reflection), far more than the access a line describes, so lines first go to a
/// fast reader whose tables are generated from those same definitions (GrammarTable.swift, by
/// `make grammar`). It fills in the very command struct ArgumentParser would, through the same
/// `parse` of each value type and the same `validate()`, or it declines the line and
/// ArgumentParser reads it. GrammarTests prove on generated command lines that whatever it
/// takes, it reads exactly as ArgumentParser does.
enum CommandGrammar {
    static func parse(_ words: [String]) throws -> ParsableCommand {
        if let name = words.first, let reader = GrammarTable.reader(name),
            let command = reader.command(words.dropFirst())
        {
            return command
        }
        return try MMIOCommand.parseAsRoot(words)
    }
}

/// What the fast reader needs of one subcommand, whatever its type.
protocol FastReading {
    /// The command `words` (after the subcommand's name) mean, or nil to leave them to
    /// ArgumentParser.
    func command(_ words: ArraySlice<String>) -> ParsableCommand?
}

/// One argument of a subcommand's definition: how a word is stored into the command struct.
struct FastField<Command> {
    enum Kind { case option, flag, argument, arguments }

    let kind: Kind
    /// `-w`, `--width`; none for positional arguments.
    let names: [String]
    let required: Bool
    /// Stores what `word` stands for; false where `word` is not one (the line is declined).
    let store: (inout Command, String) -> Bool
    /// Gives an optional field its empty value (nil, false, []).
    let reset: (inout Command) -> Void

    // Each field is given as plain assignments, not key paths: writing through a key path reads
    // the property first, and a property ArgumentParser has not filled cannot be read.

    static func option<V: ArgumentValue>(_ names: [String], _ set: @escaping (inout Command, V?) -> Void) -> FastField {
        FastField(kind: .option, names: names, required: false, store: { command, word in
            guard let value = try? V.parse(word) else { return false }
            set(&command, value)
            return true
        }, reset: { set(&$0, nil) })
    }

    static func option<V: ArgumentValue>(required names: [String], _ set: @escaping (inout Command, V) -> Void) -> FastField {
        FastField(kind: .option, names: names, required: true, store: { command, word in
            guard let value = try? V.parse(word) else { return false }
            set(&command, value)
            return true
        }, reset: { _ in })
    }

    static func flag(_ names: [String], _ set: @escaping (inout Command, Bool) -> Void) -> FastField {
        FastField(kind: .flag, names: names, required: false, store: { command, _ in
            set(&command, true)
            return true
        }, reset: { set(&$0, false) })
    }

    static func argument<V: ArgumentValue>(_ set: @escaping (inout Command, V) -> Void) -> FastField {
        FastField(kind: .argument, names: [], required: true, store: { command, word in
            guard let value = try? V.parse(word) else { return false }
            set(&command, value)
            return true
        }, reset: { _ in })
    }

    static func optionalArgument<V: ArgumentValue>(_ set: @escaping (inout Command, V?) -> Void) -> FastField {
        FastField(kind: .argument, names: [], required: false, store: { command, word in
            guard let value = try? V.parse(word) else { return false }
            set(&command, value)
            return true
        }, reset: { set(&$0, nil) })
    }

    static func arguments<V: ArgumentValue>(
        _ set: @escaping (inout Command, [V]) -> Void, append: @escaping (inout Command, V) -> Void
    ) -> FastField {
        FastField(kind: .arguments, names: [], required: false, store: { command, word in
            guard let value = try? V.parse(word) else { return false }
            append(&command, value)
            return true
        }, reset: { set(&$0, []) })
    }
}

/// The fast reader of one subcommand. It takes only the plainest lines: each option once, as
/// `NAME VALUE` with a value that does not start with `-`, flags by their exact names, and
/// positional words that do not start with `-`. Anything else (`--opt=value`, `--`, grouped
/// short flags, a repeated option, `--help`, a word that does not parse, a failed `validate()`)
/// is declined, so that ArgumentParser reads it and reports what is wrong.
final class FastCommand<Command: ParsableCommand>: FastReading {
    private let fields: [FastField<Command>]
    private let byName: [String: Int]
    private let positionals: [Int]
    private let validate: (inout Command) throws -> Void
    /// The command with its option groups made and every optional field empty; each line
    /// starts from a copy.
    private let prototype: Command

    /// `groups` assigns the command's option groups (fresh, as ArgumentParser decodes them);
    /// `validate` calls their `validate()` and then the command's, as ArgumentParser does.
    init(
        _ fields: [FastField<Command>], groups: (inout Command) -> Void,
        validate: @escaping (inout Command) throws -> Void
    ) {
        self.fields = fields
        var byName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            for name in field.names { byName[name] = index }
        }
        self.byName = byName
        positionals = fields.indices.filter { fields[$0].kind == .argument || fields[$0].kind == .arguments }
        self.validate = validate
        var prototype = Command()
        groups(&prototype)
        for field in fields { field.reset(&prototype) }
        self.prototype = prototype
    }

    func command(_ words: ArraySlice<String>) -> ParsableCommand? {
        var command = prototype
        var seen = [Bool](repeating: false, count: fields.count)
        var nextPositional = 0
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            index += 1
            if word.utf8.first == UInt8(ascii: "-") {
                guard let position = byName[word], !seen[position] else { return nil }
                seen[position] = true
                let field = fields[position]
                if field.kind == .flag {
                    _ = field.store(&command, word)
                    continue
                }
                guard index < words.endIndex, words[index].utf8.first != UInt8(ascii: "-"),
                    field.store(&command, words[index])
                else { return nil }
                index += 1
                continue
            }
            guard nextPositional < positionals.count else { return nil }
            let position = positionals[nextPositional]
            let field = fields[position]
            guard field.store(&command, word) else { return nil }
            seen[position] = true
            if field.kind != .arguments { nextPositional += 1 }
        }
        for (position, field) in fields.enumerated() where field.required && !seen[position] {
            return nil
        }
        guard (try? validate(&command)) != nil else { return nil }
        return command
    }
}
