import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif

/// Where mmio looks for sysfs, device nodes and /proc: `/sys`, `/dev` and `/proc`, or the test
/// seams `--sysfs-root` / `--dev-root` / `--proc-root` (and `MMIO_SYSFS_ROOT` / `MMIO_DEV_ROOT` /
/// `MMIO_PROC_ROOT`).
public struct SystemRoots: Hashable, Sendable {
    /// The paths, shared: every batch line carries its roots, and copying or comparing them
    /// should cost one reference, not four strings.
    private final class Storage: Sendable {
        let sysfs: String
        let dev: String
        let proc: String
        let pciIDs: String?

        init(sysfs: String, dev: String, proc: String, pciIDs: String?) {
            self.sysfs = sysfs
            self.dev = dev
            self.proc = proc
            self.pciIDs = pciIDs
        }
    }

    private let storage: Storage
    private static let standard = Storage(sysfs: "/sys", dev: "/dev", proc: "/proc", pciIDs: nil)

    public var sysfs: String { storage.sysfs }
    public var dev: String { storage.dev }
    /// Where `iomem` is read (who owns a physical address).
    public var proc: String { storage.proc }
    /// The pci.ids file names come from (`list -i`, `$MMIO_PCI_IDS`); nil: libpci's default.
    public var pciIDs: String? { storage.pciIDs }

    public init(sysfs: String = "/sys", dev: String = "/dev", proc: String = "/proc", pciIDs: String? = nil) {
        if sysfs == "/sys" && dev == "/dev" && proc == "/proc" && pciIDs == nil {
            storage = Self.standard
        } else {
            storage = Storage(sysfs: sysfs, dev: dev, proc: proc, pciIDs: pciIDs)
        }
    }

    public static func == (a: SystemRoots, b: SystemRoots) -> Bool {
        a.storage === b.storage
            || (a.sysfs == b.sysfs && a.dev == b.dev && a.proc == b.proc && a.pciIDs == b.pciIDs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sysfs)
        hasher.combine(dev)
        hasher.combine(proc)
        hasher.combine(pciIDs)
    }

    /// Options win over the environment, which wins over the defaults.
    public static func resolve(
        sysfsOption: String?, devOption: String?, procOption: String? = nil, pciIDsOption: String? = nil
    ) -> SystemRoots {
        // The usual case, on every batch line: no option, the environment's roots as they are.
        if sysfsOption == nil && devOption == nil && procOption == nil && pciIDsOption == nil { return environmentRoots }
        return SystemRoots(
            sysfs: sysfsOption ?? environmentRoots.sysfs,
            dev: devOption ?? environmentRoots.dev,
            proc: procOption ?? environmentRoots.proc,
            pciIDs: pciIDsOption ?? environmentRoots.pciIDs)
    }

    /// The roots the environment gives, read once (a batch resolves them for every line).
    private static let environmentRoots = SystemRoots(
        sysfs: environment("MMIO_SYSFS_ROOT") ?? "/sys", dev: environment("MMIO_DEV_ROOT") ?? "/dev",
        proc: environment("MMIO_PROC_ROOT") ?? "/proc",
        pciIDs: environment("MMIO_PCI_IDS"))

    /// libpci's `sysfs.path`.
    public var pciBus: String { sysfs + "/bus/pci" }
    public var pciDevices: String { pciBus + "/devices" }
    public var uioClass: String { sysfs + "/class/uio" }
    /// The unflattened device tree, and the buses whose devices come from it (or from ACPI).
    public var deviceTree: String { sysfs + "/firmware/devicetree/base" }
    public var platformDevices: String { sysfs + "/bus/platform/devices" }
    public var ambaDevices: String { sysfs + "/bus/amba/devices" }
    public var pnpDevices: String { sysfs + "/bus/pnp/devices" }
    public var mem: String { dev + "/mem" }
    public var iomem: String { proc + "/iomem" }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return ArgumentText.string(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
    }
}
