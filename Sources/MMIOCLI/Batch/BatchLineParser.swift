import ArgumentParser
import MMIOKit

/// Parses batch lines with the subcommands' own ArgumentParser definitions (the only grammar
/// mmio has) and remembers the result by shape, because a full parse costs far more than the
/// access it describes.
///
/// Two lines have the same shape when they differ only in numeric words that land verbatim in
/// the operation (addresses, values, masks, counts). The first line of a shape is parsed once
/// more with a sentinel number in each such word; where each sentinel lands in the operation
/// tells which word fills which field, and later lines of that shape reuse that parse with their
/// own numbers. Words that do not land verbatim (a width, a duration, a path that looks like a
/// number) stay part of the shape. Lines the cache cannot describe are parsed in full.
final class BatchLineParser {
    enum Line {
        case plan(CommandPlan)
        case command(ParsableCommand)
    }

    private struct Template {
        let plan: CommandPlan
        /// Word positions whose numbers replace sentinel k = 0, 1, ... in `plan`.
        let positions: [Int]
    }

    /// By shape with every numeric word masked: the positions that take substitution.
    private var substitutable: [String: [Int]] = [:]
    /// By shape with the other numeric words spelled out: the parse to reuse, or nil for none.
    private var templates: [String: Template?] = [:]
    private static let sentinelBase: UInt64 = 0x5eed_5eed_0000_0000
    private static let cacheLimit = 4096
    private(set) var fullParses = 0

    func parse(_ words: [String]) throws -> Line {
        var numbers: [Int: UInt64] = [:]
        for index in words.indices.dropFirst() {
            if let value = try? NumberSyntax.number(words[index]) { numbers[index] = value }
        }
        guard !numbers.isEmpty else { return try full(words) }
        let masked = key(words, masking: Set(numbers.keys))
        let positions = substitutable[masked] ?? probePositions(words, candidates: numbers.keys.sorted())
        if substitutable.count < Self.cacheLimit { substitutable[masked] = positions }
        let shape = key(words, masking: Set(positions))
        let template = templates[shape] ?? makeTemplate(words, positions: positions)
        if templates.count < Self.cacheLimit { templates[shape] = template }
        guard let template else { return try full(words) }
        var plan = template.plan
        plan.operation = template.plan.operation.mappingNumbers { value in
            guard let slot = Self.sentinelIndex(value) else { return value }
            return numbers[template.positions[slot]]!
        }!
        return .plan(plan)
    }

    /// A full parse by the subcommand's own definition, as `mmio WORD ...` does.
    func full(_ words: [String]) throws -> Line {
        fullParses += 1
        let command: ParsableCommand
        if let type = Self.subcommands[words[0]] {
            command = try type.parse(Array(words.dropFirst()))
        } else {
            command = try MMIOCommand.parseAsRoot(words)
        }
        if let planned = command as? PlannedCommand { return .plan(try planned.plan()) }
        return .command(command)
    }

    private static let subcommands: [String: ParsableCommand.Type] = Dictionary(
        uniqueKeysWithValues: MMIOCommand.configuration.subcommands.map { ($0._commandName, $0) })

    // MARK: Probing

    /// The candidate positions whose sentinels land verbatim in the operation.
    private func probePositions(_ words: [String], candidates: [Int]) -> [Int] {
        if let landed = probe(words, candidates) { return landed }
        // One of them is not a plain number to the parser (a width, a duration): try each alone.
        let alone = candidates.filter { probe(words, [$0]) == [$0] }
        return alone.isEmpty ? [] : probe(words, alone) ?? []
    }

    /// Parses `words` with sentinels at `positions`; the positions whose sentinels landed, or
    /// nil where the parse fails or the operation cannot take substitution.
    private func probe(_ words: [String], _ positions: [Int]) -> [Int]? {
        guard let plan = try? sentinelPlan(words, positions) else { return nil }
        var landed = Set<Int>()
        guard plan.operation.mappingNumbers({ value in
            if let slot = Self.sentinelIndex(value), slot < positions.count { landed.insert(positions[slot]) }
            return value
        }) != nil else { return nil }
        return positions.filter(landed.contains)
    }

    private func makeTemplate(_ words: [String], positions: [Int]) -> Template? {
        guard let plan = try? sentinelPlan(words, positions),
            plan.operation.mappingNumbers({ $0 }) != nil
        else { return nil }
        return Template(plan: plan, positions: positions)
    }

    private func sentinelPlan(_ words: [String], _ positions: [Int]) throws -> CommandPlan? {
        var probe = words
        for (slot, position) in positions.enumerated() {
            probe[position] = Hex.string(Self.sentinelBase + UInt64(slot))
        }
        guard case .plan(let plan) = try full(probe) else { return nil }
        return plan
    }

    private static func sentinelIndex(_ value: UInt64) -> Int? {
        value >= sentinelBase && value < sentinelBase + 64 ? Int(value - sentinelBase) : nil
    }

    private func key(_ words: [String], masking positions: Set<Int>) -> String {
        var key = ""
        for (index, word) in words.enumerated() {
            key += positions.contains(index) ? "\u{0}" : word
            key += "\u{1}"
        }
        return key
    }
}
