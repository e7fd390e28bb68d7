/// The descriptions loaded so far, by path: a batch loads each once. Passed to the pipeline by
/// whoever runs it, and used by the one thread that plans commands.
public final class DescriptionCache {
    /// Paths and their maps, side by side: every command makes a cache, and an array of tuples
    /// would cost each one its type's metadata, made at run time, before anything is loaded.
    private var paths: [String] = []
    private var maps: [RegisterMap] = []
    /// Where large descriptions' parsed maps are kept between runs, if anywhere: found when
    /// the first description is loaded (a command without one never looks).
    private let parsedMaps: () -> ParsedMapCache?

    public init(parsedMaps: @escaping @autoclosure () -> ParsedMapCache?) { self.parsedMaps = parsedMaps }

    /// `path`'s description, loaded on first use; `new` says whether this call loaded it (its
    /// warnings are then due).
    public func loaded(_ path: String) throws -> (map: RegisterMap, new: Bool) {
        if let last = paths.last, last == path { return (maps[maps.count - 1], false) }
        if let known = paths.firstIndex(of: path) { return (maps[known], false) }
        let map = try DescriptionLoader.load(path, cache: parsedMaps())
        paths.append(path)
        maps.append(map)
        return (map, true)
    }
}
