import Foundation
import XCTest

/// Who owns a physical address: `info ADDRESS` on a sysfs tree and a `/proc/iomem` built here
/// (`--sysfs-root`, `--proc-root`).
final class OwnershipTests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!

    /// 0000:00:04.0 (BAR0 128K at 0xfebc0000) is bound to e1000, which claimed the BAR;
    /// 0000:00:05.0 (BAR0 4K at 0xfe000000) has no driver, and uio0's map0 is that BAR.
    static let iomem = """
        00000000-00000fff : Reserved
        00001000-0009fbff : System RAM
        00100000-1ffdffff : System RAM
          01000000-01ffffff : Kernel code
        c0000000-febfffff : PCI Bus 0000:00
          fe000000-fe000fff : 0000:00:05.0
          febc0000-febdffff : 0000:00:04.0
            febc0000-febdffff : e1000
        fed00000-fed003ff : HPET 0
          fed00000-fed003ff : PNP0103:00

        """

    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x8086, device: 0x100e, deviceClass: 0x020000, bars: [
            .init(index: 0, start: 0xfebc_0000, size: 0x20000, flags: SysfsTree.BAR.memory32)],
            driver: "e1000", module: "e1000"))
        try tree.add(.init(slot: "0000:00:05.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)]))
        try tree.addUIO(node: "uio0", name: "edu", maps: [(0xfe00_0000, 0x1000, 0, nil)])
        _ = try scratch.text("proc/iomem", Self.iomem)
        // The machine's /dev/mem, whatever this one has: `info` offers it only where it exists.
        _ = try scratch.file("dev/mem", [])
    }

    func mmio(_ arguments: [String], stdin: String? = nil) throws -> Outcome {
        try MMIOProcess.run(
            arguments + ["--sysfs-root", tree.root, "--proc-root", scratch.path("proc"), "--dev-root", scratch.path("dev")],
            stdin: stdin.map { Data($0.utf8) }, environment: ["MMIO_PCI_IDS": try tree.pciIDs()])
    }

    func testAddressInADriversBAR() throws {
        assertOutcome(try mmio(["info", "0xfebc0010"]), status: 0, stdout: """
            address:  0xfebc0010
            region:   c0000000-febfffff : PCI Bus 0000:00
            region:     febc0000-febdffff : 0000:00:04.0
            region:       febc0000-febdffff : e1000
            owner:    claimed by driver e1000 (0000:00:04.0)
            ram:      no
            pci:      0000:00:04.0 BAR0 offset 0x10 (base 0xfebc0000, size 128K), driver e1000
            reach:    mmio read 0xfebc0010 (refused while e1000 holds it under CONFIG_IO_STRICT_DEVMEM; echo 0000:00:04.0 > /sys/bus/pci/drivers/e1000/unbind)
            reach:    mmio read -s 0000:00:04.0 -b 0 0x10 (refused while e1000 holds it under CONFIG_IO_STRICT_DEVMEM; echo 0000:00:04.0 > /sys/bus/pci/drivers/e1000/unbind)

            """, stderrEmpty: true)
        assertOutcome(try mmio(["info", "0xfebc0010", "--json"]), status: 0, stdout: """
            {"address":"0xfebc0010","regions":[{"start":"0xc0000000","end":"0xfebfffff","name":"PCI Bus 0000:00"},{"start":"0xfebc0000","end":"0xfebdffff","name":"0000:00:04.0"},{"start":"0xfebc0000","end":"0xfebdffff","name":"e1000"}],"owner":"claimed by driver e1000 (0000:00:04.0)","driver":"e1000","system_ram":false,"pci":{"slot":"0000:00:04.0","bar":0,"offset":"0x00000010","physical":"0xfebc0000","size":"0x20000","driver":"e1000","vfio":false},"uio":[],"platform":[],"reach":["mmio read 0xfebc0010 (refused while e1000 holds it under CONFIG_IO_STRICT_DEVMEM; echo 0000:00:04.0 > /sys/bus/pci/drivers/e1000/unbind)","mmio read -s 0000:00:04.0 -b 0 0x10 (refused while e1000 holds it under CONFIG_IO_STRICT_DEVMEM; echo 0000:00:04.0 > /sys/bus/pci/drivers/e1000/unbind)"],"missing":[]}

            """)
    }

    func testAddressInAnUnclaimedBARWithAUIOMap() throws {
        assertOutcome(try mmio(["info", "0xfe000ffc"]), status: 0, stdout: """
            address:  0xfe000ffc
            region:   c0000000-febfffff : PCI Bus 0000:00
            region:     fe000000-fe000fff : 0000:00:05.0
            owner:    in 0000:00:05.0's BAR, claimed by no driver
            ram:      no
            pci:      0000:00:05.0 BAR0 offset 0xffc (base 0xfe000000, size 4K), no driver
            uio:      uio0 map0 offset 0xffc
            reach:    mmio read 0xfe000ffc
            reach:    mmio read -s 0000:00:05.0 -b 0 0xffc
            reach:    mmio read -u uio0 -m 0 0xffc

            """)
    }

    func testSystemRAMAndOtherClaims() throws {
        assertOutcome(try mmio(["info", "0x1000000"]), status: 0, stdout: """
            address:  0x01000000
            region:   00100000-1ffdffff : System RAM
            region:     01000000-01ffffff : Kernel code
            owner:    System RAM
            ram:      yes (System RAM)
            reach:    mmio read 0x01000000 (System RAM: refused under CONFIG_STRICT_DEVMEM)

            """)
        let hpet = try mmio(["info", "0xfed00000"])
        assertOutcome(hpet, status: 0)
        XCTAssertTrue(hpet.stdout.contains("owner:    claimed by PNP0103:00\n"), hpet.stdout)
        assertOutcome(try mmio(["info", "0xff000000"]), status: 0, stdout: """
            address:  0xff000000
            region:   none in /proc/iomem
            owner:    none
            ram:      no
            reach:    mmio read 0xff000000

            """)
    }

    /// A device bound to vfio-pci is reached through VFIO too.
    func testADeviceBoundToVFIO() throws {
        try tree.add(.init(slot: "0000:00:06.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 2, start: 0xfd00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)],
            driver: "vfio-pci", module: "vfio_pci", iommuGroup: "5"))
        let outcome = try mmio(["info", "0xfd000010"])
        assertOutcome(outcome, status: 0, stdout: """
            address:  0xfd000010
            region:   c0000000-febfffff : PCI Bus 0000:00
            owner:    none
            ram:      no
            pci:      0000:00:06.0 BAR2 offset 0x10 (base 0xfd000000, size 4K), driver vfio-pci
            reach:    mmio read 0xfd000010
            reach:    mmio read -s 0000:00:06.0 -b 2 0x10
            reach:    mmio read -s 0000:00:06.0 -b 2 --vfio 0x10

            """)
    }

    /// Without a readable /proc/iomem (not root, no /proc), the PCI and UIO facts remain.
    func testWithoutIOMem() throws {
        let outcome = try MMIOProcess.run(
            ["info", "0xfebc0010", "--sysfs-root", tree.root, "--proc-root", scratch.path("nonexistent"), "--dev-root", scratch.path("dev")],
            environment: ["MMIO_PCI_IDS": try tree.pciIDs()])
        assertOutcome(outcome, status: 0, stdout: """
            address:  0xfebc0010
            region:   none in /proc/iomem
            owner:    none
            ram:      no
            pci:      0000:00:04.0 BAR0 offset 0x10 (base 0xfebc0000, size 128K), driver e1000
            reach:    mmio read 0xfebc0010
            reach:    mmio read -s 0000:00:04.0 -b 0 0x10

            """)
        // MMIO_PROC_ROOT is the same seam.
        let fromEnvironment = try MMIOProcess.run(
            ["info", "0x1000", "--sysfs-root", tree.root], environment: ["MMIO_PROC_ROOT": scratch.path("proc")])
        XCTAssertTrue(fromEnvironment.stdout.contains("owner:    System RAM\n"), fromEnvironment.stdout)
    }

    func testInABatchAndRefusals() throws {
        assertOutcome(try mmio(["batch"], stdin: "info 0x2000 --json\ninfo 0xfe000000 --json\n"), status: 0, stdout: """
            {"address":"0x00002000","regions":[{"start":"0x00001000","end":"0x0009fbff","name":"System RAM"}],"owner":"System RAM","driver":null,"system_ram":true,"pci":null,"uio":[],"platform":[],"reach":["mmio read 0x00002000 (System RAM: refused under CONFIG_STRICT_DEVMEM)"],"missing":[]}
            {"address":"0xfe000000","regions":[{"start":"0xc0000000","end":"0xfebfffff","name":"PCI Bus 0000:00"},{"start":"0xfe000000","end":"0xfe000fff","name":"0000:00:05.0"}],"owner":"in 0000:00:05.0's BAR, claimed by no driver","driver":null,"system_ram":false,"pci":{"slot":"0000:00:05.0","bar":0,"offset":"0x00000000","physical":"0xfe000000","size":"0x1000","driver":null,"vfio":false},"uio":[{"device":"uio0","map":0,"offset":"0x00000000"}],"platform":[],"reach":["mmio read 0xfe000000","mmio read -s 0000:00:05.0 -b 0 0x0","mmio read -u uio0 -m 0 0x0"],"missing":[]}

            """)
        for (arguments, fragment) in [
            (["info", "-s", "00:04.0", "0x10"], "info ADDRESS looks up a physical address: it takes no -s, -d, -u, -f or -P"),
            (["info", "-f", "/dev/null", "0x10"], "it takes no -s, -d, -u, -f or -P"),
            (["info", "0x1g"], "0x1g"),
            (["info", "1", "2"], "2"),
        ] {
            assertOutcome(try mmio(arguments), status: 64, stdout: "", stderrContains: ["mmio: ", fragment])
        }
    }
}
