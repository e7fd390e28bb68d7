/// The descriptions loaded so far, by path: a batch loads each once. Passed to the pipeline by
/// whoever runs it, and used by the one thread that plans commands.
public final class DescriptionCache {
    private var maps: [(path: String, map: RegisterMap)] = []

    public init() {}

    /// `path`'s description, loaded on first use; `new` says whether this call loaded it (its
    /// warnings are then due).
    public func loaded(_ path: String) throws -> (map: RegisterMap, new: Bool) {
        if let last = maps.last, last.path == path { return (last.map, false) }
        if let known = maps.first(where: { $0.path == path }) { return (known.map, false) }
        let map = try DescriptionLoader.load(path)
        maps.append((path, map))
        return (map, true)
    }
}
