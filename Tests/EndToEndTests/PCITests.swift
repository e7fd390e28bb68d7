import XCTest

/// PCI BAR targets through the real libpci, pointed at sysfs trees built here.
final class PCITests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!
    var ids: String!

    /// Four devices in three domains:
    /// - 0000:00:02.0 and 0000:00:03.0, both 1234:11e8, BAR0 4K memory (32-bit);
    /// - 0001:02:00.0, 8086:1533: BAR0 64K 64-bit prefetchable with _wc (BAR1 its upper half),
    ///   BAR2 32 I/O ports, BAR3 4K memory with no resource file (reached through mem);
    /// - 0002:00:01.0, 8086:1533, memory decoding off;
    /// - 0003:00:00.0, 1234:0001, no resource files at all (as on a VM that hides them).
    /// Owners: 0000:00:02.0 bound to uio_pci_generic (IOMMU group 7), 0001:02:00.0 to e1000e
    /// (group 3), 0002:00:01.0 to vfio-pci (group 12); a built-in driver has no module link.
    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:02.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)],
            driver: "uio_pci_generic", module: "uio_pci_generic", iommuGroup: "7"))
        try tree.add(.init(slot: "0000:00:03.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_1000, size: 0x1000, flags: SysfsTree.BAR.memory32)]))
        try tree.add(.init(slot: "0001:02:00.0", vendor: 0x8086, device: 0x1533, deviceClass: 0x020000, bars: [
            .init(index: 0, start: 0x38_0000_0000, size: 0x10000, flags: SysfsTree.BAR.memory64Prefetchable,
                  writeCombiningFile: true),
            .init(index: 2, start: 0xc000, size: 32, flags: SysfsTree.BAR.io),
            .init(index: 3, start: 0x8_0000, size: 0x1000, flags: SysfsTree.BAR.memory32, resourceFile: false)],
            driver: "e1000e", iommuGroup: "3"))
        try tree.add(.init(slot: "0002:00:01.0", vendor: 0x8086, device: 0x1533, command: 0x0000, bars: [
            .init(index: 0, start: 0xfd00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32Prefetchable)],
            driver: "vfio-pci", module: "vfio_pci", iommuGroup: "12"))
        try tree.add(.init(slot: "0003:00:00.0", vendor: 0x1234, device: 0x0001, bars: [
            .init(index: 0, start: 0xc_0000, size: 0x2000, flags: SysfsTree.BAR.memory32, resourceFile: false),
            .init(index: 1, start: 0xe000, size: 16, flags: SysfsTree.BAR.io, resourceFile: false)]))
        try scratch.sparse("dev/mem", size: 0x10_0000)
        ids = try tree.pciIDs()
    }

    /// Runs mmio on the tree, with names from the test's pci.ids.
    func mmio(_ arguments: [String]) throws -> Outcome {
        try MMIOProcess.run(
            arguments + ["--sysfs-root", tree.root, "--dev-root", tree.devRoot],
            environment: ["MMIO_PCI_IDS": ids])
    }

    func resource(_ slot: String, _ file: String) throws -> [UInt8] {
        try tree.bytes("sys/bus/pci/devices/\(slot)/\(file)")
    }

    func testListShowsEveryDeviceAndBAR() throws {
        let outcome = try mmio(["list", "--pci", "-i", ids])
        assertOutcome(outcome, status: 0, stdout: """
            PCI devices under \(tree.root)/bus/pci/devices: 5
            0000:00:02.0 [1234:11e8] Unassigned class [ff00]: Test Vendor Register Playground
                driver uio_pci_generic, IOMMU group 7
                BAR0  mem  0x00000000fe000000  size 4K     32-bit, non-prefetchable   resource0
            0000:00:03.0 [1234:11e8] Unassigned class [ff00]: Test Vendor Register Playground
                no driver
                BAR0  mem  0x00000000fe001000  size 4K     32-bit, non-prefetchable   resource0
            0001:02:00.0 [8086:1533] Ethernet controller: Example Corp Dual BAR Adapter
                driver e1000e, IOMMU group 3
                BAR0  mem  0x0000003800000000  size 64K    64-bit, prefetchable       resource0 resource0_wc
                BAR2  io   0x000000000000c000  size 32     I/O ports                  resource2
                BAR3  mem  0x0000000000080000  size 4K     32-bit, non-prefetchable   no resource file
            0002:00:01.0 [8086:1533] Unassigned class [ff00]: Example Corp Dual BAR Adapter (memory decoding off)
                driver vfio-pci (module vfio_pci): reachable through VFIO, IOMMU group 12
                BAR0  mem  0x00000000fd000000  size 4K     32-bit, prefetchable       resource0
            0003:00:00.0 [1234:0001] Unassigned class [ff00]: Test Vendor Device 0001
                no driver
                BAR0  mem  0x00000000000c0000  size 8K     32-bit, non-prefetchable   no resource file
                BAR1  io   0x000000000000e000  size 16     I/O ports                  no resource file

            """, stderrEmpty: true)
    }

    func testListJSON() throws {
        let outcome = try mmio(["list", "--pci", "--json", "-i", ids])
        assertOutcome(outcome, status: 0, stdout: """
            {"kind":"pci","slot":"0000:00:02.0","vendor":"0x1234","device":"0x11e8","class":"0xff00","name":"Test Vendor Register Playground","class_name":"Unassigned class [ff00]","memory_decoding":true,"driver":"uio_pci_generic","module":"uio_pci_generic","iommu_group":"7","vfio":false,"bars":[{"bar":0,"kind":"memory","physical":"0xfe000000","size":"0x1000","is_64bit":false,"prefetchable":false,"resource":true,"resource_wc":false}]}
            {"kind":"pci","slot":"0000:00:03.0","vendor":"0x1234","device":"0x11e8","class":"0xff00","name":"Test Vendor Register Playground","class_name":"Unassigned class [ff00]","memory_decoding":true,"driver":null,"module":null,"iommu_group":null,"vfio":false,"bars":[{"bar":0,"kind":"memory","physical":"0xfe001000","size":"0x1000","is_64bit":false,"prefetchable":false,"resource":true,"resource_wc":false}]}
            {"kind":"pci","slot":"0001:02:00.0","vendor":"0x8086","device":"0x1533","class":"0x0200","name":"Example Corp Dual BAR Adapter","class_name":"Ethernet controller","memory_decoding":true,"driver":"e1000e","module":null,"iommu_group":"3","vfio":false,"bars":[{"bar":0,"kind":"memory","physical":"0x0000003800000000","size":"0x10000","is_64bit":true,"prefetchable":true,"resource":true,"resource_wc":true},{"bar":2,"kind":"io","physical":"0x0000c000","size":"0x20","is_64bit":false,"prefetchable":false,"resource":true,"resource_wc":false},{"bar":3,"kind":"memory","physical":"0x00080000","size":"0x1000","is_64bit":false,"prefetchable":false,"resource":false,"resource_wc":false}]}
            {"kind":"pci","slot":"0002:00:01.0","vendor":"0x8086","device":"0x1533","class":"0xff00","name":"Example Corp Dual BAR Adapter","class_name":"Unassigned class [ff00]","memory_decoding":false,"driver":"vfio-pci","module":"vfio_pci","iommu_group":"12","vfio":true,"bars":[{"bar":0,"kind":"memory","physical":"0xfd000000","size":"0x1000","is_64bit":false,"prefetchable":true,"resource":true,"resource_wc":false}]}
            {"kind":"pci","slot":"0003:00:00.0","vendor":"0x1234","device":"0x0001","class":"0xff00","name":"Test Vendor Device 0001","class_name":"Unassigned class [ff00]","memory_decoding":true,"driver":null,"module":null,"iommu_group":null,"vfio":false,"bars":[{"bar":0,"kind":"memory","physical":"0x000c0000","size":"0x2000","is_64bit":false,"prefetchable":false,"resource":false,"resource_wc":false},{"bar":1,"kind":"io","physical":"0x0000e000","size":"0x10","is_64bit":false,"prefetchable":false,"resource":false,"resource_wc":false}]}

            """)
    }

    func testADeviceWithNoResourceFiles() throws {
        // Its memory BAR is reached through mem at the BAR's address; its I/O BAR cannot be.
        assertOutcome(try mmio(["write", "-s", "3:0:0.0", "0x1ffc", "0x01020304"]), status: 0)
        assertOutcome(try mmio(["read", "-s", "3:0:0.0", "-w", "8", "0x1fff"]), status: 0, stdout: "0x01\n")
        XCTAssertEqual(Array(try scratch.bytes("dev/mem")[0xc_1ffc..<0xc_2000]), [4, 3, 2, 1])
        assertOutcome(
            try mmio(["read", "-s", "3:0:0.0", "-b", "1", "0"]), status: 1,
            stderrContains: ["0003:00:00.0 BAR1 is an I/O BAR and \(tree.root)/bus/pci/devices/0003:00:00.0/resource1 does not exist"])
    }

    func testInfo() throws {
        assertOutcome(try mmio(["info", "-s", "1:2:0.0", "--wc"]), status: 0, stdout: """
            target:   0001:02:00.0 BAR0 (pci)
            file:     \(tree.root)/bus/pci/devices/0001:02:00.0/resource0_wc
            offset:   0x0
            size:     0x10000 (64K)
            physical: 0x3800000000
            flags:    64-bit, prefetchable, write-combining
            access:   mmap of the pages each command needs, shared, read-only unless it writes
            note:     8086:1533 Example Corp Dual BAR Adapter

            """, stderrEmpty: true)
        assertOutcome(try mmio(["info", "-d", "8086:1533@0", "-b", "3"]), status: 0, stdout: """
            target:   0001:02:00.0 BAR3 (pci)
            file:     \(tree.devRoot)/mem
            offset:   0x80000
            size:     0x1000 (4K)
            physical: 0x00080000
            flags:    32-bit, non-prefetchable
            access:   mmap of the pages each command needs, shared, read-only unless it writes, O_SYNC (uncached)
            note:     8086:1533 Example Corp Dual BAR Adapter
            note:     no resource3 file: mapped through \(tree.devRoot)/mem at 0x00080000

            """)
        assertOutcome(try mmio(["info", "--json", "-s", "0002:00:01.0"]), status: 0, stdout: """
            {"kind":"pci","target":"0002:00:01.0 BAR0","file":"\(tree.root)/bus/pci/devices/0002:00:01.0/resource0","file_exists":true,"offset":"0x00000000","size":"0x1000","physical":"0xfd000000","flags":["32-bit","prefetchable"],"method":"mmap","synchronous":false,"notes":["8086:1533 Example Corp Dual BAR Adapter"],"fallback":null,"warnings":["memory decoding is off in 0002:00:01.0's COMMAND register (bit 1); accesses will read all ones (turn it on: mmio set -s 0002:00:01.0 --config COMMAND 0x2)"]}

            """)
    }

    func testReadWriteDumpLandInTheRightFileAtTheRightOffset() throws {
        assertOutcome(try mmio(["write", "-s", "00:03.0", "0x10", "0xa5a5a5a5"]), status: 0, stderrEmpty: true)
        assertOutcome(try mmio(["write", "-d", "1234:11e8@0", "0x20", "0x11223344"]), status: 0)
        assertOutcome(try mmio(["write", "-s", "0001:02:00.0", "-b", "0", "-w", "64", "0xfff8", "0x0102030405060708"]), status: 0)
        assertOutcome(try mmio(["read", "-s", "03.0", "0x10"]), status: 0, stdout: "0xa5a5a5a5\n")
        assertOutcome(try mmio(["read", "-d", "1234:11e8@1", "0x10"]), status: 0, stdout: "0xa5a5a5a5\n")
        assertOutcome(try mmio(["read", "-d", "8086:1533@0", "-w", "16", "0xfffe"]), status: 0, stdout: "0x0102\n")
        XCTAssertEqual(Array(try resource("0000:00:03.0", "resource0")[0x10..<0x14]), [0xa5, 0xa5, 0xa5, 0xa5])
        XCTAssertEqual(Array(try resource("0000:00:02.0", "resource0")[0x20..<0x24]), [0x44, 0x33, 0x22, 0x11])
        XCTAssertEqual(try resource("0000:00:02.0", "resource0").filter { $0 != 0 }.count, 4)
        XCTAssertEqual(Array(try resource("0001:02:00.0", "resource0")[0xfff8...]), [8, 7, 6, 5, 4, 3, 2, 1])
        assertOutcome(try mmio(["dump", "-s", "0:3.0", "0x10", "16"]), status: 0, stdout: """
            00000010  a5a5a5a5 00000000 00000000 00000000  |................|

            """)
        let whole = try mmio(["dump", "-v", "-s", "00:02.0"])
        XCTAssertEqual(whole.status, 0)
        XCTAssertEqual(whole.stdout.split(separator: "\n").count, 256, "the dump covers the whole 4K BAR")
    }

    func testWriteCombiningMapsTheWCFile() throws {
        assertOutcome(try mmio(["write", "-s", "1:2:0.0", "--wc", "8", "0xc0ffee"]), status: 0)
        XCTAssertEqual(Array(try resource("0001:02:00.0", "resource0_wc")[8..<12]), [0xee, 0xff, 0xc0, 0])
        XCTAssertEqual(try resource("0001:02:00.0", "resource0").filter { $0 != 0 }, [])
        assertOutcome(
            try mmio(["read", "-s", "00:02.0", "--wc", "0"]), status: 64,
            stderrContains: ["0000:00:02.0 BAR0 is not prefetchable; --wc maps only prefetchable BARs"])
        assertOutcome(
            try mmio(["read", "-s", "0002:00:01.0", "--wc", "0"]), status: 1,
            stderrContains: ["resource0_wc does not exist"])
        assertOutcome(
            try mmio(["read", "-s", "1:2:0.0", "-b", "2", "--wc", "0"]), status: 64,
            stderrContains: ["I/O BAR; --wc needs a prefetchable memory BAR"])
    }

    func testIOBarUsesPortReadsAndWrites() throws {
        let outcome = try mmio(["write", "--trace", "-s", "1:2:0.0", "-b", "2", "-w", "16", "4", "0xbeef"])
        assertOutcome(outcome, status: 0)
        XCTAssertEqual(outcome.stderr, "w16 0x00000004 <- 0xbeef\n")
        XCTAssertEqual(try resource("0001:02:00.0", "resource2"), [0, 0, 0, 0, 0xef, 0xbe] + [UInt8](repeating: 0, count: 26))
        assertOutcome(try mmio(["read", "-s", "1:2:0.0", "-b", "2", "-w", "8", "5"]), status: 0, stdout: "0xbe\n")
        assertOutcome(try mmio(["dump", "-s", "1:2:0.0", "-b", "2", "-w", "16", "0", "8"]), status: 0, stdout: """
            00000000  0000 0000 beef 0000                      |........|

            """)
        assertOutcome(
            try mmio(["read", "-s", "1:2:0.0", "-b", "2", "-w", "64", "0"]), status: 64,
            stderrContains: ["I/O BAR: widths 8, 16 and 32 only"])
        assertOutcome(try mmio(["read", "-s", "1:2:0.0", "-b", "2", "0x20"]), status: 64, stderrContains: ["outside 0001:02:00.0 BAR2"])
    }

    func testABarWithoutResourceFileFallsBackToMem() throws {
        let outcome = try mmio(["write", "--trace", "-s", "1:2:0.0", "-b", "3", "0xffc", "0x5a5a5a5a"])
        assertOutcome(outcome, status: 0)
        XCTAssertEqual(outcome.stderr, """
            mmio: note: 0001:02:00.0 BAR3: no resource3 file: mapped through \(tree.devRoot)/mem at 0x00080000
            w32 0x00000ffc <- 0x5a5a5a5a

            """)
        XCTAssertEqual(Array(try scratch.bytes("dev/mem")[0x80ffc..<0x81000]), [0x5a, 0x5a, 0x5a, 0x5a])
        assertOutcome(try mmio(["read", "-s", "1:2:0.0", "-b", "3", "0x1000"]), status: 64, stderrContains: ["outside"])
        try FileManager.default.removeItem(atPath: scratch.path("dev/mem"))
        assertOutcome(
            try mmio(["read", "-s", "1:2:0.0", "-b", "3", "0"]), status: 1,
            stderrContains: ["resource3 does not exist, and there is no \(tree.devRoot)/mem"])
    }

    func testBoundsOfTheBar() throws {
        assertOutcome(
            try mmio(["read", "-s", "00:02.0", "0x1000"]), status: 64,
            stderrContains: ["4 byte(s) at 0x1000 lie outside 0000:00:02.0 BAR0 (size 0x1000, last address 0xfff)"])
        assertOutcome(try mmio(["dump", "-s", "00:02.0", "0xff0", "0x20"]), status: 64, stderrContains: ["outside"])
        XCTAssertEqual(try resource("0000:00:02.0", "resource0").filter { $0 != 0 }, [])
    }

    func testDeviceAndBarErrors() throws {
        assertOutcome(
            try mmio(["read", "-d", "1234:11e8", "0"]), status: 1,
            stderrContains: ["2 PCI devices match id 1234:11e8: 0000:00:02.0 [1234:11e8], 0000:00:03.0 [1234:11e8]; pick one with -d 1234:11e8@K or -s"])
        assertOutcome(
            try mmio(["read", "-d", "1234:11e8@2", "0"]), status: 1,
            stderrContains: ["id 1234:11e8@2: only 2 device(s) match"])
        assertOutcome(try mmio(["read", "-d", "1234:11e8@x", "0"]), status: 64, stderrContains: ["@K must be a match number"])
        assertOutcome(
            try mmio(["read", "-s", "00:07.0", "0"]), status: 1,
            stderrContains: ["no PCI device matches slot 00:07.0 under \(tree.root)/bus/pci/devices"])
        assertOutcome(try mmio(["read", "-d", "dead:beef", "0"]), status: 1, stderrContains: ["no PCI device matches id dead:beef"])
        assertOutcome(try mmio(["read", "-s", "zz:zz.9", "0"]), status: 64, stderrContains: ["-s 'zz:zz.9': "])
        assertOutcome(try mmio(["read", "-d", "12345:1", "0"]), status: 64, stderrContains: ["-d '12345:1': "])
        assertOutcome(
            try mmio(["read", "-s", "1:2:0.0", "-b", "1", "0"]), status: 1,
            stderrContains: ["BAR1 of 0001:02:00.0 is the upper half of 64-bit BAR0; use -b 0"])
        assertOutcome(
            try mmio(["read", "-s", "1:2:0.0", "-b", "5", "0"]), status: 1,
            stderrContains: ["0001:02:00.0 has no BAR5; its BARs: BAR0 (64K), BAR2 (32), BAR3 (4K)"])
        assertOutcome(try mmio(["read", "-s", "00:02.0", "-b", "6", "0"]), status: 64, stderrContains: ["--bar 6 is not a BAR (0 to 5)"])
        assertOutcome(try mmio(["read", "-s", "*:*.*", "0"]), status: 1, stderrContains: ["5 PCI devices match slot *:*.*"])
    }

    func testMemoryDecodingOffWarnsAndAllOnesIsExplained() throws {
        let bytes = [UInt8](repeating: 0xff, count: 0x1000)
        try scratch.file("sys/bus/pci/devices/0002:00:01.0/resource0", bytes)
        let outcome = try mmio(["read", "-s", "2:0:1.0", "0x40"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stdout, "0xffffffff\n")
        XCTAssertEqual(outcome.stderr, """
            mmio: warning: memory decoding is off in 0002:00:01.0's COMMAND register (bit 1); accesses will read all ones (turn it on: mmio set -s 0002:00:01.0 --config COMMAND 0x2)
            mmio: note: 0002:00:01.0 BAR0 read all ones: the device may be in reset, powered down, or not decoding memory

            """)
    }

    func testLibPCIErrorsAreMMIOErrors() throws {
        let missing = try MMIOProcess.run(["read", "-s", "00:02.0", "--sysfs-root", scratch.path("nowhere"), "0"])
        assertOutcome(missing, status: 1, stderrContains: ["mmio: libpci: Cannot open \(scratch.path("nowhere"))/bus/pci/devices"])
        // A device directory libpci cannot read: its error, not its exit.
        try FileManager.default.removeItem(atPath: scratch.path("sys/bus/pci/devices/0000:00:03.0/resource"))
        assertOutcome(try mmio(["list", "--pci"]), status: 1, stderrContains: ["mmio: libpci: Cannot open", "0000:00:03.0/resource"])
        assertOutcome(try mmio(["read", "-s", "00:02.0", "0"]), status: 1, stderrContains: ["mmio: libpci:"])
    }

    func testListOnThisMachine() throws {
        let outcome = try MMIOProcess.run(["list"])
        assertOutcome(outcome, status: 0, stderrEmpty: true)
        let devices = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/bus/pci/devices")) ?? []
        XCTAssertTrue(outcome.stdout.hasPrefix("PCI devices under /sys/bus/pci/devices: \(devices.count)\n"))
        for slot in devices { XCTAssertTrue(outcome.stdout.contains(slot + " ["), slot) }
        XCTAssertTrue(outcome.stdout.contains("UIO devices under /sys/class/uio: "))
    }
}
