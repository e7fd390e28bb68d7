import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif
import CPlatform
import SystemPackage

/// A BAR through VFIO (`--vfio`): the container, the device's IOMMU group, the type1 IOMMU and
/// the device, opened when first needed; then the BAR's region is mapped (every access through
/// the C access module, as for any mapping) or, where VFIO does not allow that, read and
/// written with pread/pwrite of exactly the width.
public final class VFIOSpace: RegisterAccess {
    public let target: ResolvedTarget
    /// Where trace lines and notes go, and what is flushed before an access to a device.
    public let console: Console
    public var trace = false {
        didSet { inner?.trace = trace }
    }
    public var mapCount: Int { inner?.mapCount ?? 0 }

    private let writable: Bool
    private var inner: RegisterAccess?
    private var container: FileDescriptor?
    private var group: FileDescriptor?
    /// Whether the region is reached by pread/pwrite (not mappable).
    private var unmapped = false

    public init(target: ResolvedTarget, writable: Bool, console: Console) {
        self.target = target
        self.console = console
        self.writable = writable
    }

    deinit {
        inner = nil
        try? group?.close()
        try? container?.close()
    }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        try open().read(width, at: address)
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try open().write(value, width, at: address)
    }

    public func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer, completed: inout Int
    ) throws {
        try open().readBlock(width, at: address, count: count, into: buffer, completed: &completed)
    }

    public func writeBlock(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws {
        try open().writeBlock(width, at: address, count: count, from: buffer)
    }

    public func prepare(address: UInt64, length: UInt64) throws {
        try open().prepare(address: address, length: length)
    }

    public func check(width: Width) throws {
        _ = try open()
        if unmapped && width == .w64 {
            throw MMIOError.usage(
                "\(target.name) cannot be mapped, and the kernel may split a 64-bit pread or pwrite of it: "
                    + "widths 8, 16 and 32 only")
        }
    }


    private func open() throws -> RegisterAccess {
        if let inner { return inner }
        guard case .vfio(let facts) = target.kind else { throw MMIOError.failure("\(target.name) names no VFIO device") }
        let (slot, index, groupNumber) = (facts.slot, facts.bar, facts.iommuGroup)
        let containerPath = target.roots.dev + "/vfio/vfio"
        var containerDescriptor: Int32 = -1
        var groupDescriptor: Int32 = -1
        var result = mmio_vfio_result()
        let device = ArgumentText.withCString(containerPath) { containerName in
            ArgumentText.withCString(target.path) { groupName in
                ArgumentText.withCString(slot) { deviceName in
                    mmio_vfio_open(containerName, groupName, deviceName, UInt32(index), &containerDescriptor, &groupDescriptor, &result)
                }
            }
        }
        guard device >= 0 else { throw failure(result, containerPath, groupNumber) }
        container = FileDescriptor(rawValue: containerDescriptor)
        group = FileDescriptor(rawValue: groupDescriptor)
        let region = target.window(origin: result.offset, size: min(target.size ?? result.size, result.size))
        let file = TargetFile(adopting: FileDescriptor(rawValue: device), region, writable: writable)
        let opened: RegisterAccess
        if result.flags & UInt32(MMIO_VFIO_REGION_MMAP) != 0 {
            opened = MappedSpace(target: region, file: file, console: console)
        } else {
            unmapped = true
            opened = IOBARSpace(target: region, file: file, console: console)
        }
        opened.trace = trace
        inner = opened
        return opened
    }

    /// The cause and the fix, by the step that failed.
    private func failure(_ result: mmio_vfio_result, _ containerPath: String, _ group: String) -> MMIOError {
        let error = Errno(rawValue: result.error)
        let groupPath = ArgumentText.printable(target.path)
        let message: String
        switch Int(result.stage) {
        case Int(MMIO_VFIO_CONTAINER):
            message = "cannot open \(containerPath): \(error)"
                + (error == .noSuchFileOrDirectory ? "; load VFIO (modprobe vfio-pci)" : "")
        case Int(MMIO_VFIO_API):
            message = error == .protocolError
                ? "\(containerPath) speaks another VFIO API version"
                : "\(containerPath) is not a VFIO container: \(error)"
        case Int(MMIO_VFIO_SET_IOMMU) where error == .notPermitted:
            message = "VFIO refused the type1 IOMMU for group \(group) (EPERM): the IOMMU gives no interrupt "
                + "remapping, so VFIO cannot isolate the device's interrupts (the vfio_iommu_type1 module's "
                + "allow_unsafe_interrupts=1 lifts that, at that risk)"
        case Int(MMIO_VFIO_TYPE1), Int(MMIO_VFIO_SET_IOMMU):
            message = "no IOMMU: VFIO's type1 IOMMU is not available (\(error)); boot with intel_iommu=on or "
                + "amd_iommu=on on a machine with an IOMMU"
        case Int(MMIO_VFIO_GROUP) where error == .resourceBusy:
            message = "IOMMU group \(group) (\(groupPath)) is held by another process (EBUSY): a VM or another "
                + "program has it open; only one may"
        case Int(MMIO_VFIO_GROUP):
            message = "cannot open \(groupPath), IOMMU group \(group) of \(target.kind.slot ?? ""): \(error)"
        case Int(MMIO_VFIO_NOT_VIABLE):
            let others = Sysfs.entries("\(target.roots.sysfs)/kernel/iommu_groups/\(group)/devices").compactMap { slot -> String? in
                let driver = Sysfs.linkName("\(target.roots.pciDevices)/\(slot)/driver")
                guard let driver, driver != "vfio-pci" else { return nil }
                return "\(slot) (\(driver))"
            }
            message = "IOMMU group \(group) is not viable: other devices in it are bound to host drivers"
                + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")
                + "; bind every device of the group to vfio-pci, or unbind them"
        case Int(MMIO_VFIO_DEVICE):
            message = "VFIO gives no device \(target.kind.slot ?? "") in IOMMU group \(group): \(error)"
        default:
            message = "VFIO refused \(target.name) (step \(result.stage)): \(error)"
        }
        return MMIOError.failure(message)
    }
}
