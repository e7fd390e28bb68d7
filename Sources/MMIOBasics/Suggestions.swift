/// "Did you mean ...?": the words closest to a mistyped one, for register names and
/// subcommands alike.
public enum Suggestions {
    /// The candidates within a few edits of `word` (`cap`; by default half its length, at
    /// least 3), best first.
    public static func closest<Words: Sequence<String>>(
        to word: String, among candidates: Words, limit: Int = 3, cap: Int? = nil
    ) -> [String] {
        let target = Array(word.utf8)
        let cap = cap ?? max(3, target.count / 2)
        var best: [(distance: Int, name: String)] = []
        for candidate in candidates {
            let distance = Self.distance(target, Array(candidate.utf8), cap: cap)
            guard distance <= cap else { continue }
            best.append((distance, candidate))
        }
        best.sort { ($0.distance, $0.name.count, $0.name) < ($1.distance, $1.name.count, $1.name) }
        return best.prefix(limit).map(\.name)
    }

    /// Edit distance, ignoring case in the cost of a change (a wrong case is the likeliest typo);
    /// gives up above `cap`.
    static func distance(_ a: [UInt8], _ b: [UInt8], cap: Int) -> Int {
        if abs(a.count - b.count) > cap { return cap + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let same = a[i - 1] == b[j - 1] || (a[i - 1] | 0x20 == b[j - 1] | 0x20 && a[i - 1] | 0x20 >= 0x61)
                let change = same ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change)
            }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
