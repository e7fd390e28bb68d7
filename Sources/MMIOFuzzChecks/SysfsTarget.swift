#if canImport(Glibc)
import Glibc
#endif
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// Fuzzed sysfs attributes (a PCI device's `resource`, `vendor`, `device`, `class`, a UIO map's
/// `addr`, `size`, `offset`), read by libpci and by mmio's UIO reader: `list`, and resolving
/// the BAR and the map, each end in a result or an `MMIOError`; never a crash, and never
/// libpci's `exit`.
enum SysfsTarget {
    /// The tree the inputs are written into, made once per process.
    static let root: String = {
        let made = tree("sysfs", ["/bus/pci/devices/0000:00:04.0", "/class/uio/uio0/maps/map0"])
        write(made + "/bus/pci/devices/0000:00:04.0/config", [UInt8](repeating: 0, count: 64))
        write(made + "/bus/pci/devices/0000:00:04.0/irq", Array("11\n".utf8))
        write(made + "/bus/pci/devices/0000:00:04.0/resource0", [UInt8](repeating: 0, count: 4096))
        write(made + "/class/uio/uio0/name", Array("fuzz\n".utf8))
        return made
    }()

    static let files = [
        "/bus/pci/devices/0000:00:04.0/resource", "/bus/pci/devices/0000:00:04.0/vendor",
        "/bus/pci/devices/0000:00:04.0/device", "/bus/pci/devices/0000:00:04.0/class",
        "/class/uio/uio0/maps/map0/addr", "/class/uio/uio0/maps/map0/size", "/class/uio/uio0/maps/map0/offset",
        "/bus/pci/devices/0000:00:04.0/config",
    ]

    /// A new folder under /tmp holding `directories`, for a target's inputs.
    static func tree(_ name: String, _ directories: [String]) -> String {
        var template = Array("/tmp/mmio-fuzz-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        for directory in directories {
            var path = made
            for part in directory.split(separator: "/") {
                path += "/" + part
                mkdir(path, 0o755)
            }
        }
        return made
    }

    static func write(_ path: String, _ bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// The input is the attributes' contents, separated by 0xff bytes.
    static func check(_ data: [UInt8]) throws {
        let parts = data.prefix(4096).split(separator: 0xff, maxSplits: files.count - 1, omittingEmptySubsequences: false)
        for (index, file) in files.enumerated() {
            write(root + file, index < parts.count ? Array(parts[index]) : [])
        }
        let roots = SystemRoots(sysfs: root, dev: root + "/dev")
        try survives { _ = try ListOperation(pci: true, uio: true).collect(roots: roots) }
        try survives {
            let bar = try TargetSelection.pci(.slot("0000:00:04.0"), bar: 0, writeCombining: false).resolve(roots: roots)
            try FuzzTargets.require((bar.size ?? 0) > 0, "a BAR of size 0 resolved")
        }
        // Config space: libpci's capability list over fuzzed bytes, and every capability it finds
        // reachable by its name, at its offset.
        try survives {
            let config = try TargetSelection.config(.slot("0000:00:04.0")).resolve(roots: roots)
            try FuzzTargets.require(config.size == 256 || config.size == 4096, "config size \(config.size ?? 0)")
            guard case .config(let facts) = config.kind else { throw MMIOError.failure("config space resolved as \(config.kind.name)") }
            let names = NameContext(map: PCIConfigNames.map, physical: false, force: false, config: facts, width: .w16)
            for capability in facts.capabilities {
                try FuzzTargets.require(UInt64(capability.offset) < config.size!, "capability at \(capability.offset)")
                let name = PCIConfigNames.name(of: capability.id, extended: capability.extended)
                guard PCIConfigNames.capability(named: name) != nil else { continue }
                let first = facts.capabilities.first { $0.id == capability.id && $0.extended == capability.extended }!
                let reference = try names.lookup(name + "+2")
                try FuzzTargets.require(
                    reference.register.offset == UInt64(first.offset) + 2 && reference.register.width == .w16,
                    "\(name)+2 found at \(reference.register.offset)")
            }
        }
        try survives {
            let map = try TargetSelection.uio(device: "uio0", map: 0).resolve(roots: roots)
            try FuzzTargets.require(map.origin >= map.mappingAnchor ?? 0, "map origin before its anchor")
        }
    }

    /// Runs `body`; an `MMIOError` is an ordinary outcome, a property failure is not.
    static func survives(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch is MMIOError {
        }
    }
}
