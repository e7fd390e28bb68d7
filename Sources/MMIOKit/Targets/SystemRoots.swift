#if canImport(Glibc)
import Glibc
#endif

/// Where mmio looks for sysfs, device nodes and /proc: `/sys`, `/dev` and `/proc`, or the test
/// seams `--sysfs-root` / `--dev-root` / `--proc-root` (and `MMIO_SYSFS_ROOT` / `MMIO_DEV_ROOT` /
/// `MMIO_PROC_ROOT`).
public struct SystemRoots: Hashable, Sendable {
    public var sysfs: String
    public var dev: String
    /// Where `iomem` is read (who owns a physical address).
    public var proc: String
    /// The pci.ids file names come from (`list -i`, `$MMIO_PCI_IDS`); nil: libpci's default.
    public var pciIDs: String?

    public init(sysfs: String = "/sys", dev: String = "/dev", proc: String = "/proc", pciIDs: String? = nil) {
        self.sysfs = sysfs
        self.dev = dev
        self.proc = proc
        self.pciIDs = pciIDs
    }

    /// Options win over the environment, which wins over the defaults.
    public static func resolve(
        sysfsOption: String?, devOption: String?, procOption: String? = nil, pciIDsOption: String? = nil
    ) -> SystemRoots {
        SystemRoots(
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
    public var mem: String { dev + "/mem" }
    public var iomem: String { proc + "/iomem" }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return ArgumentText.string(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
    }
}
