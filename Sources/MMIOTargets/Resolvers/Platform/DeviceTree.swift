import MMIOBasics
/// The device tree as the kernel shows it, unflattened under `/sys/firmware/devicetree/base`:
/// a directory for each node, a file for each property holding its bytes as the DTB has them
/// (cells big-endian, strings NUL-terminated). Nodes are named by their full path (`/`,
/// `/soc/serial@7e201000`).
package struct DeviceTree: Sendable {
    /// The directory of the root node.
    let base: String

    /// The tree under `roots`, or nil where the machine has none (x86 with ACPI).
    package init?(roots: SystemRoots) {
        guard Sysfs.isDirectory(roots.deviceTree) else { return nil }
        base = roots.deviceTree
    }

    init(base: String) {
        self.base = base
    }

    // A property is never larger than this in a real tree; a larger file is cut, not read whole.
    private static let propertyLimit = 1 << 20

    func directory(_ node: String) -> String { node == "/" ? base : base + node }

    package func exists(_ node: String) -> Bool {
        node.hasPrefix("/") && !node.split(separator: "/").contains { $0 == "." || $0 == ".." } && Sysfs.isDirectory(directory(node))
    }

    package func property(_ node: String, _ name: String) -> [UInt8]? {
        Sysfs.bytes(directory(node) + "/" + name, limit: Self.propertyLimit)
    }

    /// A property read as big-endian 32-bit cells; a trailing part of a cell is dropped.
    func cells(_ node: String, _ name: String) -> [UInt32]? {
        guard let bytes = property(node, name) else { return nil }
        return stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { index in
            bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
    }

    /// A one-cell property (`#address-cells`); nil where absent or not 4 bytes or more.
    func cell(_ node: String, _ name: String) -> UInt32? { cells(node, name)?.first }

    /// A string-list property (`compatible`, `reg-names`): its NUL-terminated strings.
    package func strings(_ node: String, _ name: String) -> [String]? {
        guard let bytes = property(node, name) else { return nil }
        var list = bytes.split(separator: 0, omittingEmptySubsequences: false).map { ArgumentText.string($0) }
        if bytes.last == 0 { list.removeLast() }
        return list
    }

    package func string(_ node: String, _ name: String) -> String? { strings(node, name)?.first }

    static func parent(of node: String) -> String? {
        guard node != "/" else { return nil }
        guard let slash = node.lastIndex(of: "/"), slash != node.startIndex else { return "/" }
        return String(node[..<slash])
    }

    /// The node's name with its unit address (`serial@7e201000`).
    static func leaf(_ node: String) -> String { node == "/" ? "/" : String(node.split(separator: "/").last ?? "") }

    func children(of node: String) -> [String] {
        let directory = directory(node)
        return Sysfs.entries(directory).filter { Sysfs.isDirectory(directory + "/" + $0) }.map {
            node == "/" ? "/" + $0 : node + "/" + $0
        }
    }

    /// Every node, parents before children, siblings in byte-wise order. The depth is bounded:
    /// a tree is a few levels deep, and a link loop in a crafted one must not recurse forever.
    package func allNodes() -> [String] {
        var nodes: [String] = []
        func walk(_ node: String, depth: Int) {
            nodes.append(node)
            guard depth < 32, nodes.count < 100_000 else { return }
            for child in children(of: node).sorted(by: Self.bytewise) { walk(child, depth: depth + 1) }
        }
        walk("/", depth: 0)
        return nodes
    }

    /// The path an alias in `/aliases` stands for.
    package func alias(_ name: String) -> String? {
        guard !name.contains("/"), name != ".", name != "..", let path = string("/aliases", name), path.hasPrefix("/") else { return nil }
        return path
    }

    /// The aliases that name a node of the tree.
    package func aliases() -> [String] {
        Sysfs.entries(directory("/aliases")).filter { $0 != "name" && alias($0).map(exists) == true }
    }

    /// `status` as the node says it; nil where it has none (which the kernel reads as okay).
    package func status(_ node: String) -> String? { string(node, "status") }

    static func isOkay(_ status: String?) -> Bool { status == nil || status == "okay" || status == "ok" }

    static func bytewise(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
}
