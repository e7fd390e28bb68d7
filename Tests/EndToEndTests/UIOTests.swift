import XCTest

/// UIO targets on sysfs trees and `/dev/uioN` stand-ins: regular files whose page M holds map
/// M's registers, as the kernel's mmap offset M × page size selects map M.
final class UIOTests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!
    let page = 4096

    /// uio0 "edu": one 4K map. uio1 "multi": map0 of 0x100 bytes, map1 of 0x400 bytes that
    /// starts 0x800 into its page. uio2 and uio3 are both named "twin".
    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try tree.addUIO(node: "uio0", name: "edu", maps: [(0xfe00_0000, 0x1000, 0, nil)])
        try tree.addUIO(node: "uio1", name: "multi", maps: [
            (0xfd00_0000, 0x100, 0, "control"), (0xfd00_1800, 0x400, 0x800, "regs")])
        try tree.addUIO(node: "uio2", name: "twin", maps: [(0xfc00_0000, 0x1000, 0, nil)])
        try tree.addUIO(node: "uio3", name: "twin", maps: [(0xfb00_0000, 0x1000, 0, nil)])
    }

    func mmio(_ arguments: [String]) throws -> Outcome {
        try MMIOProcess.run(arguments + ["--sysfs-root", tree.root, "--dev-root", tree.devRoot])
    }

    func node(_ name: String) throws -> [UInt8] { try scratch.bytes("dev/\(name)") }

    func testReadsAndWritesLandInTheMapsPageAtItsOffset() throws {
        assertOutcome(try mmio(["write", "-u", "uio1", "-m", "1", "0x10", "0xa1b2c3d4"]), status: 0, stderrEmpty: true)
        assertOutcome(try mmio(["write", "-u", "multi", "0xfc", "0x01020304"]), status: 0)
        assertOutcome(try mmio(["write", "-u", "edu", "-w", "16", "0x4", "0xbeef"]), status: 0)
        let multi = try node("uio1")
        XCTAssertEqual(Array(multi[page + 0x810 ..< page + 0x814]), [0xd4, 0xc3, 0xb2, 0xa1])
        XCTAssertEqual(Array(multi[0xfc..<0x100]), [4, 3, 2, 1])
        XCTAssertEqual(multi.filter { $0 != 0 }.count, 8)
        XCTAssertEqual(Array(try node("uio0")[4..<6]), [0xef, 0xbe])
        assertOutcome(try mmio(["read", "-u", "multi", "-m", "1", "0x10"]), status: 0, stdout: "0xa1b2c3d4\n")
        assertOutcome(try mmio(["read", "-u", "uio0", "-w", "16", "4"]), status: 0, stdout: "0xbeef\n")
    }

    func testDumpAndPollThroughAMap() throws {
        assertOutcome(try mmio(["write", "-u", "multi", "-m", "1", "0x3f0", "0x41424344"]), status: 0)
        assertOutcome(try mmio(["dump", "-u", "multi", "-m", "1", "0x3e0"]), status: 0, stdout: """
            000003e0  00000000 00000000 00000000 00000000  |................|
            000003f0  41424344 00000000 00000000 00000000  |DCBA............|

            """)
        assertOutcome(
            try mmio(["poll", "-u", "uio1", "-m", "1", "--mask", "0x40000000", "0x3f0"]), status: 0,
            stdout: "0x41424344\n")
        assertOutcome(
            try mmio(["poll", "-u", "uio1", "-m", "1", "--mask", "0x1", "--timeout", "20ms", "0x3f4"]), status: 2,
            stdout: "0x00000000\n", stderrContains: ["poll timed out after 20ms at 0x000003f4"])
    }

    func testEachMapsSizeBoundsItsAccesses() throws {
        assertOutcome(
            try mmio(["read", "-u", "multi", "0x100"]), status: 64,
            stderrContains: ["4 byte(s) at 0x100 lie outside uio1 map0 (size 0x100, last address 0xff)"])
        assertOutcome(
            try mmio(["write", "-u", "multi", "-m", "1", "0x400", "1"]), status: 64,
            stderrContains: ["outside uio1 map1 (size 0x400"])
        assertOutcome(try mmio(["dump", "-u", "multi", "-m", "1", "0x3f0", "32"]), status: 64, stderrContains: ["outside"])
        XCTAssertEqual(try node("uio1").filter { $0 != 0 }, [])
        let whole = try mmio(["dump", "-v", "-u", "multi"])
        XCTAssertEqual(whole.stdout.split(separator: "\n").count, 16, "the default dump is the whole 0x100-byte map")
    }

    func testErrors() throws {
        assertOutcome(
            try mmio(["read", "-u", "uio9", "0"]), status: 1,
            stderrContains: ["no UIO device 'uio9' under \(tree.root)/class/uio; devices: uio0 (edu), uio1 (multi), uio2 (twin), uio3 (twin)"])
        assertOutcome(
            try mmio(["read", "-u", "edu", "-m", "2", "0"]), status: 1,
            stderrContains: ["uio0 (edu) has no map2; its maps: map0"])
        assertOutcome(
            try mmio(["read", "-u", "twin", "0"]), status: 1,
            stderrContains: ["UIO name 'twin' is ambiguous: uio2, uio3 (use -u uioN)"])
        assertOutcome(try mmio(["read", "-u", "uio3", "0"]), status: 0, stdout: "0x00000000\n")
        try FileManager.default.removeItem(atPath: scratch.path("dev/uio0"))
        assertOutcome(
            try mmio(["read", "-u", "edu", "0"]), status: 1,
            stderrContains: ["cannot open \(tree.devRoot)/uio0 for uio0 map0: No such file or directory"])
        assertOutcome(try mmio(["read", "-u", "edu", "--map=-1", "0"]), status: 64, stderrContains: ["The value '-1' is invalid for '--map <n>': '-1' is not a number"])
    }

    func testListAndInfo() throws {
        assertOutcome(try mmio(["list", "--uio"]), status: 0, stdout: """
            UIO devices under \(tree.root)/class/uio: 4
            uio0 edu version 0.01.0
                map0  addr 0x00000000fe000000  size 4K     offset 0x0
            uio1 multi version 0.01.0
                map0  addr 0x00000000fd000000  size 256    offset 0x0 control
                map1  addr 0x00000000fd001800  size 1K     offset 0x800 regs
            uio2 twin version 0.01.0
                map0  addr 0x00000000fc000000  size 4K     offset 0x0
            uio3 twin version 0.01.0
                map0  addr 0x00000000fb000000  size 4K     offset 0x0

            """, stderrEmpty: true)
        let json = try mmio(["list", "--uio", "--json"])
        XCTAssertEqual(json.stdout.split(separator: "\n")[1], """
            {"kind":"uio","node":"uio1","name":"multi","version":"0.01.0","maps":[{"map":0,"name":"control","physical":"0xfd000000","size":"0x100","offset":"0x00000000"},{"map":1,"name":"regs","physical":"0xfd001800","size":"0x400","offset":"0x00000800"}]}
            """)
        assertOutcome(try mmio(["info", "-u", "multi", "-m", "1"]), status: 0, stdout: """
            target:   uio1 map1 (uio)
            file:     \(tree.devRoot)/uio1
            offset:   0x1800
            size:     0x400 (1K)
            physical: 0xfd001800
            access:   mmap of the pages each command needs, shared, read-only unless it writes, from file offset 0x1000
            note:     uio device multi, map regs

            """)
    }
}
