import MMIOBasics
import SystemPackage

/// The hints an error line carries where the cause is usually the kernel's policy rather
/// than the command.
enum Hints {
    static func open(_ error: Errno, _ target: ResolvedTarget) -> String {
        switch error {
        case .permissionDenied, .notPermitted:
            return "; mmio needs root (or CAP_SYS_RAWIO) for \(target.path)"
                + (target.kind == .physical ? ", and kernel lockdown forbids /dev/mem" : "")
        case .noSuchFileOrDirectory where target.kind == .physical:
            return "; this kernel may lack CONFIG_DEVMEM"
        default:
            return ""
        }
    }

    /// Why the kernel refused a mapping at `fileOffset`, naming only the causes that apply: who
    /// owns the address in /proc/iomem (System RAM, or the driver that claimed it and the command
    /// that unbinds it), else the policies that can refuse any address.
    static func map(_ error: Errno, _ target: ResolvedTarget, fileOffset: UInt64) -> String {
        guard error == .notPermitted || error == .invalidArgument || error == .permissionDenied
        else { return "" }
        var throughDevMemOrResource = target.kind == .physical
        if case .pci = target.kind { throughDevMemOrResource = true }
        if case .platform(let facts) = target.kind {
            if let owned = platformOwner(facts, target) { return owned }
            throughDevMemOrResource = true
        }
        if throughDevMemOrResource, let base = target.physicalBase {
            let address = base &+ (fileOffset &- target.origin)
            if let owned = ownership(AddressOwner(address: address, roots: target.roots), address) { return owned }
        }
        switch target.kind {
        case .physical, .platform:
            return "; under CONFIG_STRICT_DEVMEM the kernel refuses System RAM, and under "
                + "CONFIG_IO_STRICT_DEVMEM any region a driver has claimed; kernel lockdown "
                + "refuses all of /dev/mem (unbind the driver or boot with iomem=relaxed)"
        case .pci:
            return "; a driver owns this BAR (CONFIG_IO_STRICT_DEVMEM), kernel lockdown is on, "
                + "or the BAR is not mappable (unbind the driver or boot with iomem=relaxed)"
        case .uio:
            return "; the map may be smaller than a page or not memory (check its size and addr)"
        case .file:
            return "; the file may not support mmap"
        case .config, .port, .vfio:
            return ""
        }
    }

    /// A platform device's driver holds its regions (CONFIG_IO_STRICT_DEVMEM): the fix unbinds it.
    private static func platformOwner(_ facts: ResolvedTarget.PlatformFacts, _ target: ResolvedTarget) -> String? {
        guard let name = facts.device,
            let bus = ["platform", "amba", "pnp"].first(where: { Sysfs.exists("\(target.roots.sysfs)/bus/\($0)/devices/\(name)") }),
            let driver = Sysfs.linkName("\(target.roots.sysfs)/bus/\(bus)/devices/\(name)/driver")
        else { return nil }
        var unbind: String?
        if Sysfs.exists("\(target.roots.sysfs)/bus/\(bus)/drivers/\(driver)/unbind"), let word = ShellWord.quoted(name),
            let path = ShellWord.quoted("/sys/bus/\(bus)/drivers/\(driver)/unbind")
        {
            unbind = "echo \(word) > \(path)"
        }
        return "; \(name) is claimed by driver \(driver), and under CONFIG_IO_STRICT_DEVMEM the kernel keeps a claimed "
            + "region from user space: " + (unbind.map { "unbind it (\($0)) or boot with iomem=relaxed" } ?? "unload it or boot with iomem=relaxed")
    }

    private static func ownership(_ owner: AddressOwner, _ address: UInt64) -> String? {
        let at = Hex.string(address, digits: 8)
        if owner.isSystemRAM, let ram = owner.chain.first(where: { $0.name == "System RAM" }) {
            return "; \(at) is System RAM (/proc/iomem: \(ram.line)), which CONFIG_STRICT_DEVMEM keeps "
                + "from /dev/mem (a device's registers are never in System RAM: check the address)"
        }
        guard let driver = owner.driver, let claim = owner.claim else { return nil }
        let fix = owner.unbindCommand.map { "unbind it (\($0)) or boot with iomem=relaxed" }
            ?? "unload it or boot with iomem=relaxed"
        return "; \(at) is claimed by driver \(driver) (/proc/iomem: \(claim.line)"
            + (owner.slot.map { " in \($0)" } ?? "") + "), and under CONFIG_IO_STRICT_DEVMEM the kernel "
            + "keeps a claimed region from user space: \(fix)"
    }
}
