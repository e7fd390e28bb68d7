import MMIOBasics
/// `-s`/`-d` with `-b N` and `--wc`: finds the device through libpci and resolves the BAR to its
/// `resourceN` file (or `resourceN_wc`), bounded by the BAR size libpci reports. Where sysfs has
/// no resource file but `mem` exists, the BAR is reached through /dev/mem at its base.
enum PCITargetResolver {
    static func resolve(
        _ query: PCIDeviceQuery, bar index: Int, writeCombining: Bool, roots: SystemRoots
    ) throws -> ResolvedTarget {
        let device = try find(query, roots: roots)
        let bar = try bar(index, of: device)
        let directory = "\(roots.pciDevices)/\(device.slot)"
        let target = ResolvedTarget(
            kind: .pci(slot: device.slot), name: "\(device.slot) BAR\(index)", path: "\(directory)/resource\(index)",
            size: bar.size, physicalBase: bar.base, flags: bar.flagWords)
        target.notes.append("\(device.ids)" + (device.name.map { " \($0)" } ?? ""))

        if bar.isIO {
            guard !writeCombining else {
                throw MMIOError.usage("\(target.name) is an I/O BAR; --wc needs a prefetchable memory BAR")
            }
            guard bar.hasResourceFile else {
                throw MMIOError.failure("\(target.name) is an I/O BAR and \(target.path) does not exist")
            }
            target.method = .portIO
            target.notes.append("I/O ports, accessed by pread/pwrite of the resource file")
            if device.ioDecodingEnabled == false {
                target.warnings.append(
                    "I/O decoding is off in \(device.slot)'s COMMAND register (bit 0); "
                        + "accesses will read all ones")
            }
            return target
        }

        if device.memoryDecodingEnabled == false {
            target.warnings.append(
                "memory decoding is off in \(device.slot)'s COMMAND register (bit 1); accesses "
                    + "will read all ones (turn it on: mmio set -s \(device.slot) --config COMMAND 0x2)")
        }
        if writeCombining {
            guard bar.isPrefetchable else {
                throw MMIOError.usage(
                    "\(target.name) is not prefetchable; --wc maps only prefetchable BARs")
            }
            guard bar.hasWriteCombiningFile else {
                throw MMIOError.failure(
                    "\(directory)/resource\(index)_wc does not exist; this kernel offers no "
                        + "write-combining mapping of \(target.name)")
            }
            target.path += "_wc"
            target.flags.append("write-combining")
            target.writeCombining = true
            return target
        }
        if !bar.hasResourceFile {
            guard Sysfs.exists(roots.mem) else {
                throw MMIOError.failure(
                    "\(target.path) does not exist, and there is no \(roots.mem) to reach the BAR by its address")
            }
            target.path = roots.mem
            target.origin = bar.base
            target.synchronous = true
            target.fallback =
                "no resource\(index) file: mapped through \(roots.mem) at \(Hex.string(bar.base, digits: 8))"
        }
        return target
    }

    /// The one device a query names; an error listing the matches when it is ambiguous.
    static func find(_ query: PCIDeviceQuery, roots: SystemRoots) throws -> PCIDevice {
        try find(query, in: LibPCI(roots: roots), roots: roots)
    }

    static func find(_ query: PCIDeviceQuery, in pci: LibPCI, roots: SystemRoots) throws -> PCIDevice {
        let matches = try pci.devices(matching: query)
        let listed = matches.map { "\($0.slot) [\($0.ids)]" }.joined(separator: ", ")
        switch (query, matches.count) {
        case (_, 0):
            throw MMIOError.failure("no PCI device matches \(query) under \(roots.pciDevices)")
        case (.id(_, let pick?), _):
            guard pick < matches.count else {
                throw MMIOError.failure(
                    "\(query): only \(matches.count) device(s) match (\(listed)); @K counts from 0")
            }
            return matches[pick]
        case (_, 1):
            return matches[0]
        case (.id(let id, nil), _):
            throw MMIOError.failure(
                "\(matches.count) PCI devices match id \(id): \(listed); pick one with -d \(id)@K or -s")
        case (.slot(let slot), _):
            throw MMIOError.failure("\(matches.count) PCI devices match slot \(slot): \(listed); name one")
        }
    }

    /// BAR `index` of `device`, refusing the upper half of a 64-bit BAR and empty slots.
    static func bar(_ index: Int, of device: PCIDevice) throws -> PCIDevice.BAR {
        if let bar = device.bar(index) { return bar }
        if index > 0, device.slotIs64Bit[index - 1], device.slotSizes[index - 1] > 0 {
            throw MMIOError.failure(
                "BAR\(index) of \(device.slot) is the upper half of 64-bit BAR\(index - 1); use -b \(index - 1)")
        }
        let existing = device.bars.map { "BAR\($0.index) (\(SizeText.short($0.size)))" }
        throw MMIOError.failure(
            "\(device.slot) has no BAR\(index)"
                + (existing.isEmpty ? "; it has no BARs" : "; its BARs: \(existing.joined(separator: ", "))"))
    }
}
