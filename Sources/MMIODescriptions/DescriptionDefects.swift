/// What a reader tolerated in a description: a defect that the reference parser reads past
/// costs only the item it is in. The file loads; each kind of defect is one warning line with
/// its first place and a count; a use of a defective item is refused, naming the defect; and
/// `--strict` refuses the whole file instead.
public struct DescriptionDefects: Sendable {
    /// One kind of defect: its first occurrence (`FILE:LINE: what`), what mmio does about it,
    /// and how many there are.
    public struct Kind: Sendable, Equatable {
        public let first: String
        public let consequence: String
        public fileprivate(set) var count: Int
    }

    public private(set) var kinds: [Kind] = []
    private var indexByKey: [String: Int] = [:]

    public init() {}

    /// Kinds as a parsed-map cache file kept them.
    package init(restoring kinds: [(first: String, consequence: String, count: Int)]) {
        self.kinds = kinds.map { Kind(first: $0.first, consequence: $0.consequence, count: $0.count) }
    }

    public var isEmpty: Bool { kinds.isEmpty }

    /// Records a defect; `key` groups the defects of one kind (one warning line for them all).
    package mutating func note(_ key: String, _ message: String, _ consequence: String) {
        if let index = indexByKey[key] {
            kinds[index].count += 1
        } else {
            indexByKey[key] = kinds.count
            kinds.append(Kind(first: message, consequence: consequence, count: 1))
        }
    }

    /// One line per kind, for `mmio: warning: ...`.
    public var warnings: [String] {
        kinds.map { kind in
            kind.first + (kind.count == 1 ? "" : " (and \(kind.count - 1) more like it)") + ": " + kind.consequence
        }
    }
}
