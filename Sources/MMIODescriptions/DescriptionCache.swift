/// The descriptions loaded so far, by path: a batch loads each once. Passed to the pipeline by
/// whoever runs it, and used by the one thread that plans commands.
public final class DescriptionCache {
    private var maps: [(path: String, map: RegisterMap)] = []

    public init() {}

    /// `path`'s description, loaded on first use.
    public func loaded(_ path: String) throws -> RegisterMap {
        if let last = maps.last, last.path == path { return last.map }
        if let known = maps.first(where: { $0.path == path }) { return known.map }
        let map = try DescriptionLoader.load(path)
        maps.append((path, map))
        return map
    }
}
