import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// The grammar every command line and batch line is read by: the subcommands' ArgumentParser
/// definitions. A full ArgumentParser parse costs about half a millisecond (it rebuilds each
/// definition by reflection), far more than the access a line describes, so lines first go to a
/// fast reader whose tables are generated from those same definitions (GrammarTable.swift, by
/// `make grammar`). It fills in the very command struct ArgumentParser would, through the same
/// `parse` of each value type and the same `validate()`, or it declines the line and
/// ArgumentParser reads it. GrammarTests prove on generated command lines that whatever it
/// takes, it reads exactly as ArgumentParser does.
enum CommandGrammar {
    /// What a line means: a request of the pipeline, or a command that runs itself (batch, help).
    enum Reading {
        case request(Request)
        case command(ParsableCommand)
    }

    /// The most words ArgumentParser is given: its time grows with the square of a line's
    /// words (a line of 5,000 values takes seconds), while the fast reader takes any number of
    /// values in linear time.
    static let longestFullParse = 1024

    static func read(_ words: [String]) throws -> Reading {
        if let name = words.first, let reader = GrammarTable.reader(name) {
            if let request = try reader.request(words.dropFirst()) { return .request(request) }
            if !reader.makesRequests, let command = reader.command(words.dropFirst()) { return .command(command) }
        }
        try checkSubcommand(words)
        guard words.count <= longestFullParse else {
            throw MMIOError.usage(
                "a command line of more than \(longestFullParse) words (this one has \(words.count)) is read only in its "
                    + "plain form: each option once, its value as the next word (-w 32, not --width=32), no --; "
                    + "or it holds a word that is not what its place takes")
        }
        let command: ParsableCommand
        do {
            command = try MMIOCommand.parseAsRoot(words)
        } catch {
            throw CommandErrors.quoting(error, words: words)
        }
        if let planned = command as? PlannedCommand { return .request(try planned.request()) }
        return .command(command)
    }

    /// The subcommands' names, from the definitions themselves.
    static var subcommandNames: [String] { MMIOCommand.configuration.subcommands.map { $0._commandName } }

    /// A first word that names no subcommand is said to be one, with the closest names
    /// (ArgumentParser would call `raed 0` two unexpected arguments, and `help nosuch` would
    /// print the top-level help and succeed).
    static func checkSubcommand(_ words: [String]) throws {
        guard var name = words.first, !name.hasPrefix("-") else { return }
        var forHelp = ""
        if name == "help" {
            guard words.count > 1, !words[1].hasPrefix("-") else { return }
            name = words[1]
            forHelp = " for help"
        }
        let names = subcommandNames
        guard !names.contains(name) else { return }
        let closest = Suggestions.closest(to: name, among: names, limit: 3, cap: 2)
        throw MMIOError.usage(
            "unknown subcommand '\(ArgumentText.printable(name))'\(forHelp)"
                + (closest.isEmpty ? " (subcommands: \(names.joined(separator: ", ")))" : "; did you mean \(closest.joined(separator: ", "))?"))
    }

    /// The command struct a line fills in, by the fast reader or by ArgumentParser.
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
    /// That command's request, made in place; nil where the line is left to ArgumentParser or
    /// the subcommand is not a request (batch).
    func request(_ words: ArraySlice<String>) throws -> Request?
    /// Whether the subcommand is a request of the pipeline (all but batch).
    var makesRequests: Bool { get }
}

/// The kinds of argument a definition has.
enum FastFieldKind { case option, flag, argument, arguments }

/// One argument of a subcommand's definition: how a word is stored into the command struct.
struct FastField<Command> {
    typealias Kind = FastFieldKind

    let kind: Kind
    /// `-w`, `--width`; none for positional arguments.
    let names: [String]
    let required: Bool
    /// Stores what `word` stands for; false where `word` is not one (the line is declined).
    let store: (inout Command, String) -> Bool
    /// Gives an optional field its empty value (nil, false, []).
    let reset: (inout Command) -> Void
    /// A repeating positional's words, stored at once: an argument array behind a property
    /// wrapper is copied on every append, so appending word by word is quadratic in the count.
    var storeAll: ((inout Command, [String]) -> Bool)? = nil

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
        }, reset: { set(&$0, []) }, storeAll: { command, words in
            var values: [V] = []
            values.reserveCapacity(words.count)
            for word in words {
                guard let value = try? V.parse(word) else { return false }
                values.append(value)
            }
            set(&command, values)
            return true
        })
    }
}

/// One `validate()` the fast reader calls, as ArgumentParser does after filling a command: an
/// option group's, or the command's own. A group's `validate()` sees only the group (`fields`,
/// as bits of the command's argument list), so while none of those fields changes its answer
/// stands: it is kept, and the group is not copied out of the command to ask again. Most batch
/// lines set no target option, or the same one as the line before.
struct FastCheck<Command> {
    let fields: UInt64
    let check: (inout Command) throws -> Void

    /// A group's `validate()`, for the fields the group holds.
    static func fields(_ fields: UInt64, _ check: @escaping (inout Command) throws -> Void) -> FastCheck {
        FastCheck(fields: fields, check: check)
    }

    /// The command's own `validate()`, which sees every field.
    static func always(_ check: @escaping (inout Command) throws -> Void) -> FastCheck {
        FastCheck(fields: ~0, check: check)
    }
}

/// The fast reader of one subcommand. It takes only the plainest lines: each option once, as
/// `NAME VALUE` with a value that does not start with `-`, flags by their exact names, and
/// positional words that do not start with `-`. Anything else (`--opt=value`, `--`, grouped
/// short flags, a repeated option, `--help`, a word that does not parse, a failed `validate()`)
/// is declined, so that ArgumentParser reads it and reports what is wrong.
///
/// The loop lives in `ErasedReader`, which does not know the command's type: code generic over
/// it would look up type metadata at every step, several times the cost of the rest of a line.
final class FastCommand<Command>: FastReading {
    private let reader: ErasedReader

    /// `groups` assigns the command's option groups (fresh, as ArgumentParser decodes them);
    /// `checks` are their `validate()` and then the command's, in ArgumentParser's order;
    /// `request` is the subcommand's own `request()`, for those that have one.
    init(
        _ make: () -> Command, _ fields: [FastField<Command>], groups: (inout Command) -> Void,
        checks: [FastCheck<Command>],
        request: ((inout Command) throws -> Request)? = nil
    ) {
        var prototype = make()
        groups(&prototype)
        for field in fields { field.reset(&prototype) }
        func typed(_ box: AnyObject) -> CommandBox<Command> { unsafeDowncast(box, to: CommandBox<Command>.self) }
        reader = ErasedReader(
            fields: fields.map { field in
                ErasedReader.Field(
                    kind: field.kind, names: field.names, required: field.required,
                    store: { box, word in field.store(&typed(box).command, word) },
                    reset: { box in field.reset(&typed(box).command) },
                    storeAll: field.storeAll.map { storeAll in { box, words in storeAll(&typed(box).command, words) } })
            },
            box: CommandBox(prototype),
            checks: checks.map { check in
                ErasedReader.Check(
                    fields: check.fields, passesEmpty: (try? check.check(&prototype)) != nil,
                    passes: { box in (try? check.check(&typed(box).command)) != nil })
            },
            command: { box in typed(box).command as! ParsableCommand },
            request: request.map { request in { box in try request(&typed(box).command) } })
    }

    func command(_ words: ArraySlice<String>) -> ParsableCommand? { reader.command(words) }
    func request(_ words: ArraySlice<String>) throws -> Request? { try reader.request(words) }
    var makesRequests: Bool { reader.makesRequests }
}

/// A command being filled in, by reference, so the loop can hand it to typed closures.
final class CommandBox<Command> {
    var command: Command
    init(_ command: Command) { self.command = command }
}

/// The fast reader's loop over a line's words, for any subcommand. It fills one command, line
/// after line: the fields a line set are emptied again before the next, so each line starts
/// from the same empty command that a fresh one would be. That command is shared state: the
/// readers (GrammarTable's statics) serve one thread, the one that reads command lines.
final class ErasedReader {
    struct Field {
        let kind: FastFieldKind
        let names: [String]
        let required: Bool
        let store: (AnyObject, String) -> Bool
        let reset: (AnyObject) -> Void
        let storeAll: ((AnyObject, [String]) -> Bool)?
    }

    struct Check {
        let fields: UInt64
        /// The answer for the empty command.
        let passesEmpty: Bool
        let passes: (AnyObject) -> Bool
    }

    private let fields: [Field]
    /// Option and flag names with their fields, searched in order (a handful; see GrammarTable).
    private let byName: [(name: String, field: Int)]
    private let positionals: [Int]
    private let required: [Int]
    /// Repeating positionals (as bits), which add to what they hold.
    private let appending: UInt64
    private let box: AnyObject
    /// The fields the last line set, to be emptied before the next.
    private var dirty: UInt64 = 0
    /// The word each field holds, where it holds one word's value (not a repeating
    /// positional's): a line giving it the same word again need not store it again, since a
    /// value is a function of its word alone.
    private var held: [String?]
    private let checks: [Check]
    /// Each check's answer for the fields' values as they were when it was last asked.
    private var answers: [Bool]
    /// The fields that changed since the checks were last asked.
    private var unchecked: UInt64 = 0
    private let copy: (AnyObject) -> ParsableCommand
    private let makeRequest: ((AnyObject) throws -> Request)?

    init(
        fields: [Field], box: AnyObject, checks: [Check],
        command: @escaping (AnyObject) -> ParsableCommand, request: ((AnyObject) throws -> Request)?
    ) {
        self.fields = fields
        byName = fields.indices.flatMap { index in fields[index].names.map { ($0, index) } }
        positionals = fields.indices.filter { fields[$0].kind == .argument || fields[$0].kind == .arguments }
        required = fields.indices.filter { fields[$0].required }
        appending = fields.indices.filter { fields[$0].kind == .arguments }.reduce(0) { $0 | 1 << UInt64($1) }
        self.box = box
        held = Array(repeating: nil, count: fields.count)
        self.checks = checks
        answers = checks.map(\.passesEmpty)
        copy = command
        makeRequest = request
    }

    var makesRequests: Bool { makeRequest != nil }

    func command(_ words: ArraySlice<String>) -> ParsableCommand? {
        fill(words) ? copy(box) : nil
    }

    func request(_ words: ArraySlice<String>) throws -> Request? {
        guard let makeRequest, fill(words) else { return nil }
        return try makeRequest(box)
    }

    /// Fills the command from `words` and validates it; false where the line is declined.
    private func fill(_ words: ArraySlice<String>) -> Bool {
        // What the last line set is emptied only where this line does not set it again: a
        // field inside an option group costs a copy of the whole group to write. Repeating
        // positionals append, so theirs are emptied first.
        var stale = dirty
        reset(stale & appending)
        stale &= ~appending
        // Fields seen so far, as bits (no subcommand has 64 arguments; the table test checks).
        var seen: UInt64 = 0
        // A declined line leaves behind whatever it and the last line set.
        defer { dirty = seen | stale }
        var nextPositional = 0
        // A repeating positional's words, stored together after the loop.
        var repeating: (position: Int, words: [String])?
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            index += 1
            if word.utf8.first == UInt8(ascii: "-") {
                guard let position = byName.first(where: { $0.name == word })?.field, seen & (1 << position) == 0
                else { return false }
                seen |= 1 << position
                // Fields are used where they lie: a copy would retain both closures.
                if fields[position].kind == .flag {
                    _ = store(position, word)
                    continue
                }
                guard index < words.endIndex, words[index].utf8.first != UInt8(ascii: "-"),
                    store(position, words[index])
                else { return false }
                index += 1
                continue
            }
            guard nextPositional < positionals.count else { return false }
            let position = positionals[nextPositional]
            seen |= 1 << position
            if fields[position].storeAll != nil {
                if repeating == nil { repeating = (position, []) }
                repeating!.words.append(word)
                continue
            }
            guard store(position, word) else { return false }
            if fields[position].kind != .arguments { nextPositional += 1 }
        }
        if let (position, words) = repeating {
            guard fields[position].storeAll!(box, words) else { return false }
            held[position] = nil
            unchecked |= 1 << position
        }
        for position in required where seen & (1 << position) == 0 { return false }
        reset(stale & ~seen)
        stale = 0
        var passes = true
        for index in checks.indices {
            if unchecked & checks[index].fields != 0 { answers[index] = checks[index].passes(box) }
            passes = passes && answers[index]
        }
        unchecked = 0
        return passes
    }

    /// Stores `word` in the field, unless the field holds that very word already; false where
    /// the word is not one the field takes.
    private func store(_ position: Int, _ word: String) -> Bool {
        if let holding = held[position], holding == word { return true }
        guard fields[position].store(box, word) else { return false }
        held[position] = fields[position].kind == .arguments ? nil : word
        unchecked |= 1 << position
        return true
    }

    /// Empties the fields in `mask`.
    private func reset(_ mask: UInt64) {
        var mask = mask
        var position = 0
        while mask != 0 {
            if mask & 1 != 0 {
                fields[position].reset(box)
                held[position] = nil
                unchecked |= 1 << position
            }
            mask >>= 1
            position += 1
        }
    }
}

/// The fast reader's one promise, checked: for a line it takes, ArgumentParser must read the
/// same command; nil when that holds (or the fast reader declines), else what differs. Used by
/// the generated-lines test and the command-line fuzz target.
public enum GrammarCheck {
    public static func mismatch(_ words: [String]) -> String? {
        guard let name = words.first, let fast = GrammarTable.reader(name)?.command(words.dropFirst()) else {
            return nil
        }
        let full: ParsableCommand
        do {
            full = try MMIOCommand.parseAsRoot(words)
        } catch {
            return "\(words): the fast reader took it, ArgumentParser refused: \(MMIOCommand.message(for: error))"
        }
        guard String(reflecting: fast) == String(reflecting: full) else {
            return "\(words): fast \(String(reflecting: fast)) != full \(String(reflecting: full))"
        }
        return nil
    }

    /// Whether the fast reader takes the line.
    public static func isTaken(_ words: [String]) -> Bool {
        guard let name = words.first else { return false }
        return GrammarTable.reader(name)?.command(words.dropFirst()) != nil
    }
}
