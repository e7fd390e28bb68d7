enum PCITargetResolver {
    static func resolve(_ query: PCIDeviceQuery, bar: Int, writeCombining: Bool, roots: SystemRoots) throws -> ResolvedTarget {
        throw MMIOError.failure("PCI targets are not built yet")
    }
}
