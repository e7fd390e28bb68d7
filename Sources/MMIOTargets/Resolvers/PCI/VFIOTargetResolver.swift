import MMIOBasics
/// `-s`/`-d` with `-b N` and `--vfio`: the BAR through VFIO, the IOMMU-protected way in. The
/// device must be in an IOMMU group and bound to vfio-pci; the VFIO files are opened only when
/// the command runs (`VFIOSpace`).
enum VFIOTargetResolver {
    static func resolve(_ query: PCIDeviceQuery, bar index: Int, roots: SystemRoots) throws -> ResolvedTarget {
        let device = try PCITargetResolver.find(query, roots: roots)
        let bar = try PCITargetResolver.bar(index, of: device)
        let slot = device.slot
        guard let group = device.iommuGroup else {
            throw MMIOError.failure(
                "\(slot) has no IOMMU group: there is no IOMMU for it (boot with intel_iommu=on or "
                    + "amd_iommu=on on a machine with one), so VFIO cannot reach it")
        }
        guard device.isBoundToVFIO else {
            let devices = "/sys/bus/pci/devices/\(slot)"
            let unbind = device.driver.flatMap { ShellWord.quoted("/sys/bus/pci/drivers/\($0)/unbind") }
                .map { "echo \(slot) > \($0); " } ?? ""
            throw MMIOError.failure(
                "\(slot) is " + (device.driver.map { "bound to \($0)" } ?? "bound to no driver")
                    + ", not vfio-pci; bind it: modprobe vfio-pci; echo vfio-pci > \(devices)/driver_override; "
                    + "\(unbind)echo \(slot) > /sys/bus/pci/drivers_probe")
        }
        let target = ResolvedTarget(
            kind: .vfio(.init(slot: slot, bar: index, iommuGroup: group)), name: "\(slot) BAR\(index) (VFIO)", path: "\(roots.dev)/vfio/\(group)",
            size: bar.size, physicalBase: bar.base, method: .vfio, flags: bar.flagWords)
        target.notes.append("\(device.ids)" + (device.name.map { " \($0)" } ?? ""))
        return target
    }
}
