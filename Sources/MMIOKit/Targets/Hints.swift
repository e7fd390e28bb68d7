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

    static func map(_ error: Errno, _ target: ResolvedTarget) -> String {
        guard error == .notPermitted || error == .invalidArgument || error == .permissionDenied
        else { return "" }
        switch target.kind {
        case .physical:
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
        }
    }
}
