import XCTest

/// Platform devices (`-P`): the device tree read as Linux reads it, checked against what real
/// arm64 kernels made of their trees, and the guards, on a hand-made tree with the cases real
/// boards rarely show side by side (Tests/Platform/platform_tree.py).
final class PlatformTests: XCTestCase {
    static let platform = DocumentationTests.root.appendingPathComponent("Tests/Platform")
    var scratch: Scratch!

    override func setUpWithError() throws {
        scratch = try Scratch()
        let made = try MMIOProcess.tool(
            "python3", [Self.platform.appendingPathComponent("platform_tree.py").path, "handmade", scratch.path("")], environment: MMIOProcess.childEnvironment)
        XCTAssertEqual(made.status, 0, made.stderr)
        // /dev/mem: a sparse GiB, with known bytes in a UART and in a big-endian MAC.
        try FileManager.default.createDirectory(atPath: scratch.path("dev"), withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path("dev/mem"), contents: nil))
        let mem = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("dev/mem")))
        defer { try? mem.close() }
        try mem.truncate(atOffset: 1 << 30)
        try mem.seek(toOffset: 0x3f20_1018)
        mem.write(Data([0xaa, 0xbb, 0xcc, 0xdd]))
        try mem.seek(toOffset: 0x3f30_0000)
        mem.write(Data([0x12, 0x34, 0x56, 0x78]))
    }

    func mmio(_ arguments: [String]) throws -> Outcome {
        try MMIOProcess.run(arguments + [
            "--sysfs-root", scratch.path("sys"), "--proc-root", scratch.path("proc"), "--dev-root", scratch.path("dev"),
        ])
    }

    /// The physical address and size `info -P` resolves to.
    func resolved(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let outcome = try mmio(["info", "--json"] + arguments)
        XCTAssertEqual(outcome.status, 0, outcome.stderr, file: file, line: line)
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] ?? [:]
        return "\(object["physical"] ?? "?") \(object["size"] ?? "?")"
    }

    /// Debian's arm64 kernel under QEMU (`-M virt`, `-M raspi3b` with the Raspberry Pi 3's DTB
    /// and `-M xlnx-zcu102` with the ZCU102's, both from the kernel package) named every device after the physical address its first region translates to, and
    /// listed the regions its drivers requested in /proc/iomem: mmio must find the same, for
    /// every device. The captures are lab/arm64/capture.sh's; `make lab` takes them afresh.
    func testEveryDeviceOfRealKernelsIsWhereTheKernelPutIt() throws {
        for (board, named, claimed) in [("virt", 38, 2), ("raspi3b", 27, 8), ("zcu102", 26, 0)] {
            let outcome = try MMIOProcess.tool(
                "python3", [
                    Self.platform.appendingPathComponent("platform_tree.py").path, "check",
                    Self.platform.appendingPathComponent("captures/\(board).txt").path, MMIOProcess.binary.path,
                ], environment: MMIOProcess.childEnvironment)
            XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
            XCTAssertEqual(outcome.stdout, "\(board).txt: \(named) devices named by address, \(claimed) claimed regions, 0 differences\n")
        }
    }

    func testADeviceIsNamedByItsNameNodeAliasCompatibleOrID() throws {
        XCTAssertEqual(try resolved(["-P", "3f201000.serial"]), "0x3f201000 0x200")
        XCTAssertEqual(try resolved(["-P", "/soc/serial@7e201000"]), "0x3f201000 0x200")
        XCTAssertEqual(try resolved(["-P", "serial0"]), "0x3f201000 0x200")
        XCTAssertEqual(try resolved(["-P", "serial1"]), "0x3f215040 0x40")
        XCTAssertEqual(try resolved(["-P", "arm,pl011@0"]), "0x3f201000 0x200")
        // A disabled node is matched too (it is in byte-wise order of the paths).
        XCTAssertEqual(try resolved(["-P", "arm,pl011@1"]), "0x3f201400 0x200")
        assertOutcome(try mmio(["info", "-P", "arm,pl011"]), status: 64, stderr: """
            mmio: compatible 'arm,pl011' matches 2; pick one: arm,pl011@0 /soc/serial@7e201000, arm,pl011@1 /soc/serial@7e201400

            """)
        assertOutcome(try mmio(["info", "-P", "arm,pl011@2"]), status: 64, stderrContains: ["compatible 'arm,pl011' matches 2, not 3"])
        // ACPI and PNP ids without regard to case; a PNP device by its name.
        XCTAssertEqual(try resolved(["-P", "pnp0c01"]), "0xfee00000 0x1000")
        XCTAssertEqual(try resolved(["-P", "00:05", "-r", "1"]), "0xfeb00000 0x10000")
        XCTAssertEqual(try resolved(["-P", "PNP0103"]), "0xfed00000 0x400")
        XCTAssertEqual(try resolved(["-P", "PNP0103:00", "-r", "1"]), "0xfed10000 0x10")
        assertOutcome(try mmio(["info", "-P", "3f201000.seria"]), status: 1, stderrContains: [
            "no platform device, node, alias, compatible or id '3f201000.seria'", "did you mean 3f201000.serial,"])
        assertOutcome(try mmio(["info", "-P", "gone"]), status: 1, stderr: "mmio: alias gone names /soc/nothing@0, which is not in the device tree\n")
    }

    /// `reg` read with the parent's cells and moved through every `ranges` up to the root; a
    /// region that does not translate ends the node's regions, as in the kernel.
    func testRegionsAreTranslatedAsTheKernelTranslatesThem() throws {
        XCTAssertEqual(try resolved(["-P", "3f100000.watchdog", "-r", "asb"]), "0x3f00a000 0x24")
        XCTAssertEqual(try resolved(["-P", "3f100000.watchdog", "-r", "1"]), "0x3f00a000 0x24")
        XCTAssertEqual(try resolved(["-P", "3f100000.watchdog", "-r", "pm"]), "0x3f100000 0x114")
        XCTAssertEqual(try resolved(["-P", "/soc/local@40000000"]), "0x40000000 0x100")
        XCTAssertEqual(try resolved(["-P", "mmio,timer"]), "0x0000008000000000 0x1000")
        assertOutcome(try mmio(["info", "-P", "3f100000.watchdog", "-r", "2"]), status: 1,
                      stderr: "mmio: 3f100000.watchdog has no region 2; its regions: 0 (pm), 1 (asb)\n")
        assertOutcome(try mmio(["info", "-P", "3f100000.watchdog", "-r", "nope"]), status: 1,
                      stderr: "mmio: 3f100000.watchdog has no region named 'nope'; its regions: 0 (pm), 1 (asb)\n")
        let outside = "mmio: /soc/split@7e500000 region 1 (reg 0x90000000) is not memory-mapped: 0x90000000 lies outside every ranges entry of /soc\n"
        XCTAssertEqual(try resolved(["-P", "3f500000.split"]), "0x3f500000 0x100")
        assertOutcome(try mmio(["info", "-P", "3f500000.split", "-r", "1"]), status: 1, stderr: outside)
        assertOutcome(try mmio(["info", "-P", "3f500000.split", "-r", "2"]), status: 1, stderr: outside)
        assertOutcome(try mmio(["info", "-P", "/bridge/orphan@1000"]), status: 1,
                      stderr: "mmio: /bridge/orphan@1000 region 0 (reg 0x1000) is not memory-mapped: /bridge has no ranges property\n")
        assertOutcome(try mmio(["info", "-P", "ti,tmp102"]), status: 1, stderr: """
            mmio: /soc/i2c@7e205000/sensor@48: its parent's #size-cells is 0, so its reg is a bus address (I2C, SPI, a CPU), not memory

            """)
        assertOutcome(try mmio(["info", "-P", "/pcie@10000000/dev@0"]), status: 1, stderrContains: [
            "is not memory-mapped: it is under the PCI bus /pcie@10000000: reach it as a PCI device (-s)"])
        assertOutcome(try mmio(["read", "-r", "1", "0"]), status: 64, stderrContains: ["--region goes with --platform"])
        assertOutcome(try mmio(["read", "-P", "serial0", "-u", "uio0", "0"]), status: 64, stderrContains: ["--uio and --platform name two targets"])
    }

    /// A reg cut short, cell counts the kernel refuses, a ranges that wraps past the end of the
    /// address space, sysfs links that loop, a PNP `resources` of garbage: one line, exit 1,
    /// refused before anything is opened.
    func testBadTreesAreRefusedWithOneLine() throws {
        for (device, message) in [
            ("mmio,short", "/soc/short@7e700000: its reg holds 1 cell(s), less than one entry of 2 (#address-cells 1, #size-cells 1 of its parent)"),
            ("mmio,zero-cells", "/zero/dev@0: its parent's #address-cells is 0, which the kernel does not translate (1 to 4)"),
            ("mmio,wide-cells", "/wide/dev@0: its parent's #address-cells is 5, which the kernel does not translate (1 to 4)"),
            ("mmio,wrap", "/top/wrap@800 region 0 (reg 0x800, size 0x1000) runs past the end of the physical address space at 0xfffffffffffff800"),
            ("00:06", "00:06 has no memory region"), ("PNP0C02", "00:06 has no memory region"),
            ("loop", "loop has no memory region"), ("knot", "knot has no memory region"),
        ] {
            assertOutcome(try mmio(["write", "-P", device, "0", "1"]), status: 1, stdout: "", stderr: "mmio: \(message)\n")
        }
    }

    func testAccessesGoToTheRegionInDevMemBoundedByItsSize() throws {
        assertOutcome(try mmio(["read", "-P", "serial0", "0x18"]), status: 0, stdout: "0xddccbbaa\n", stderrEmpty: true)
        assertOutcome(try mmio(["read", "-P", "3f201000.serial", "0x200"]), status: 64,
                      stderr: "mmio: 4 byte(s) at 0x200 lie outside 3f201000.serial (size 0x200, last address 0x1ff)\n")
        // A node with `big-endian`: big unless --endian says otherwise.
        assertOutcome(try mmio(["read", "-P", "3f300000.eth", "0"]), status: 0, stdout: "0x12345678\n")
        assertOutcome(try mmio(["read", "-P", "3f300000.eth", "--endian", "little", "0"]), status: 0, stdout: "0x78563412\n")
        assertOutcome(try mmio(["write", "-P", "3f300000.eth", "4", "0xa1b2c3d4"]), status: 0, stderrEmpty: true)
        let mem = try FileHandle(forReadingFrom: URL(fileURLWithPath: scratch.path("dev/mem")))
        defer { try? mem.close() }
        try mem.seek(toOffset: 0x3f30_0004)
        XCTAssertEqual(Array(try mem.read(upToCount: 4) ?? Data()), [0xa1, 0xb2, 0xc3, 0xd4])
    }

    /// A disabled node and a runtime-suspended device are refused before anything is mapped
    /// (a read of a powered-down block can stop the machine); --force overrides.
    func testDisabledAndSuspendedBlocksAreRefusedWithoutForce() throws {
        assertOutcome(try mmio(["read", "-P", "arm,pl011@1", "0"]), status: 1, stdout: "", stderr: """
            mmio: /soc/serial@7e201400 has status "disabled": the kernel made no device of it, and the block may be unclocked or absent (give --force to access it anyway)

            """)
        assertOutcome(try mmio(["read", "-P", "3f400000.sleepy", "0"]), status: 1, stdout: "", stderr: """
            mmio: 3f400000.sleepy is runtime-suspended (power/runtime_status): a read of a powered-down block can stop the machine; wake it first: echo on > /sys/bus/platform/devices/3f400000.sleepy/power/control (or give --force)

            """)
        assertOutcome(try mmio(["write", "-P", "3f400000.sleepy", "--dry-run", "0", "1"]), status: 1, stdout: "")
        assertOutcome(try mmio(["read", "-P", "arm,pl011@1", "--force", "0"]), status: 0, stdout: "0x00000000\n")
        assertOutcome(try mmio(["read", "-P", "3f400000.sleepy", "--force", "0"]), status: 0, stdout: "0x00000000\n")
        // info only looks: it shows the guard.
        let info = try mmio(["info", "-P", "3f400000.sleepy"])
        assertOutcome(info, status: 0)
        XCTAssertTrue(info.stdout.contains("note:     refused without --force: 3f400000.sleepy is runtime-suspended"), info.stdout)
    }

    func testListShowsEveryDeviceWithMemoryRegions() throws {
        assertOutcome(try mmio(["list", "--platform"]), status: 0, stdout: """
            Platform devices under \(scratch.path("sys"))/bus (platform, amba, pnp): 9
            3f100000.watchdog /soc/watchdog@7e100000 [brcm,bcm2835-pm]
                driver bcm2835-pm, status okay, runtime PM unsupported
                region0  0x000000003f100000  size 276    pm
                region1  0x000000003f00a000  size 36     asb
            3f215040.serial /soc/serial@7e215040 [brcm,bcm2835-aux-uart]
                driver bcm2835-aux-uart, status okay, runtime PM active
                region0  0x000000003f215040  size 64
            3f300000.eth /soc/eth@7e300000 [mmio,be-mac]
                no driver, status okay, runtime PM unsupported, big-endian
                region0  0x000000003f300000  size 256
            3f400000.sleepy /soc/sleepy@7e400000 [mmio,sleepy]
                driver sleepy, status okay, runtime PM suspended
                region0  0x000000003f400000  size 4K
            3f500000.split /soc/split@7e500000 [mmio,split]
                no driver, status okay
                region0  0x000000003f500000  size 256
                /soc/split@7e500000 region 1 (reg 0x90000000) is not memory-mapped: 0x90000000 lies outside every ranges entry of /soc
            8000000000.timer /timer@8000000000 [mmio,timer]
                no driver, status okay
                region0  0x0000008000000000  size 4K
            PNP0103:00 [PNP0103]
                no driver, runtime PM unsupported
                region0  0x00000000fed00000  size 1K
                region1  0x00000000fed10000  size 16
            3f201000.serial /soc/serial@7e201000 [arm,pl011, arm,primecell]
                driver uart-pl011, status okay, runtime PM active
                region0  0x000000003f201000  size 512
            00:05 [PNP0c01]
                driver system
                region0  0x00000000fee00000  size 4K
                region1  0x00000000feb00000  size 64K

            """, stderrEmpty: true)
        let json = try mmio(["list", "--platform", "--json"])
        assertOutcome(json, status: 0, stderrEmpty: true)
        let lines = json.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 9)
        XCTAssertEqual(String(lines[0]), """
            {"kind":"platform","name":"3f100000.watchdog","node":"/soc/watchdog@7e100000","compatible":["brcm,bcm2835-pm"],"pnp_id":null,\
            "regions":[{"index":0,"name":"pm","physical":"0x3f100000","size":"0x114"},{"index":1,"name":"asb","physical":"0x3f00a000","size":"0x24"}],\
            "driver":"bcm2835-pm","status":"okay","runtime_status":"unsupported","endian":"little"}
            """)
        XCTAssertEqual(String(lines[2]), """
            {"kind":"platform","name":"3f300000.eth","node":"/soc/eth@7e300000","compatible":["mmio,be-mac"],"pnp_id":null,\
            "regions":[{"index":0,"name":null,"physical":"0x3f300000","size":"0x100"}],\
            "driver":null,"status":"okay","runtime_status":"unsupported","endian":"big"}
            """)
        XCTAssertEqual(String(lines[6]), """
            {"kind":"platform","name":"PNP0103:00","node":null,"compatible":[],"pnp_id":"PNP0103",\
            "regions":[{"index":0,"name":null,"physical":"0xfed00000","size":"0x400"},{"index":1,"name":null,"physical":"0xfed10000","size":"0x10"}],\
            "driver":null,"status":"okay","runtime_status":"unsupported","endian":"little"}
            """)
        // Plain `list` has the section too.
        let all = try mmio(["list"])
        XCTAssertTrue(all.stdout.contains("Platform devices under \(scratch.path("sys"))/bus (platform, amba, pnp): 9\n"), all.stdout)
    }

    func testInfoAddressNamesThePlatformDeviceHoldingIt() throws {
        let outcome = try mmio(["info", "0x3f201010"])
        assertOutcome(outcome, status: 0, stderrEmpty: true)
        XCTAssertTrue(outcome.stdout.contains(
            "platform: 3f201000.serial region 0 offset 0x10 (node /soc/serial@7e201000), driver uart-pl011\n"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("reach:    mmio read -P 3f201000.serial 0x10 (refused while"), outcome.stdout)
        let json = try mmio(["info", "0xfed10004", "--json"])
        XCTAssertTrue(json.stdout.contains(
            #""platform":[{"name":"PNP0103:00","node":null,"region":1,"offset":"0x00000004","driver":null}]"#), json.stdout)
        assertOutcome(try mmio(["info", "-P", "serial0", "0x10"]), status: 64, stderrContains: ["it takes no -s, -d, -u, -f or -P"])
    }
}
