import Foundation
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine
import XCTest

/// `--config`: PCI configuration space through the real libpci, on sysfs trees built here, side
/// by side with pciutils' own `setpci` and `lspci -xxx` run on the same tree.
final class ConfigSpaceTests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!
    static let express = "0000:00:04.0"
    static let conventional = "0000:00:05.0"
    static let everyCapability = "0000:00:06.0"

    /// - 0000:00:04.0: a PCI Express device with 4096 bytes of config space: PM at 0x40, MSI at
    ///   0x50, EXP at 0x60, MSI-X at 0xa0; AER at 0x100, DSN at 0x140, a vendor-specific one at
    ///   0x150.
    /// - 0000:00:05.0: conventional (256 bytes), MSI at 0x40, memory decoding on.
    /// - 0000:00:06.0: every capability setpci names, conventional ones 8 bytes apart from 0x40,
    ///   extended ones 16 bytes apart from 0x100, and a header of distinct bytes.
    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: Self.express, vendor: 0x8086, device: 0x10d3, deviceClass: 0x020000, bars: [
            .init(index: 0, start: 0xfebc_0000, size: 0x20000, flags: SysfsTree.BAR.memory32)],
            config: Self.expressConfig()))
        try tree.add(.init(slot: Self.conventional, vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)],
            config: Self.conventionalConfig()))
        try tree.add(.init(slot: Self.everyCapability, vendor: 0x1b36, device: 0x0010, bars: [],
            config: Self.everyCapabilityConfig()))
    }

    static func header(vendor: UInt16, device: UInt16, command: UInt16, size: Int) -> [UInt8] {
        var config = [UInt8](repeating: 0, count: size)
        put(&config, 0x00, UInt32(vendor) | UInt32(device) << 16)
        put(&config, 0x04, UInt32(command) | 0x0010 << 16)  // STATUS: capability list
        put(&config, 0x08, 0x0200_0001)  // class 020000, revision 1
        put(&config, 0x10, 0xfebc_0000)
        put(&config, 0x2c, 0x1100_8086)
        config[0x34] = 0x40
        config[0x3c] = 11
        config[0x3d] = 1
        return config
    }

    static func put(_ config: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for index in 0..<4 { config[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    static func expressConfig() -> [UInt8] {
        var config = header(vendor: 0x8086, device: 0x10d3, command: 0x0406, size: 4096)
        for (offset, id, next) in [(0x40, 0x01, 0x50), (0x50, 0x05, 0x60), (0x60, 0x10, 0xa0), (0xa0, 0x11, 0x00)] {
            config[offset] = UInt8(id)
            config[offset + 1] = UInt8(next)
        }
        // Some of the capabilities' registers, so that reads and the dump see more than zeros.
        put(&config, 0x60, 0x0002_a010)  // EXP: version 2, endpoint
        put(&config, 0x64, 0x0000_8fc1)  // DEVCAP
        put(&config, 0x68, 0x0010_2810)  // DEVCTL, DEVSTA
        put(&config, 0x6c, 0x0044_2c41)  // LNKCAP
        put(&config, 0x70, 0x1041_0040)  // LNKCTL, LNKSTA
        put(&config, 0x100, 0x1401_0001)  // AER, version 1, next 0x140
        put(&config, 0x104, 0x0000_0010)  // uncorrectable status
        put(&config, 0x140, 0x1501_0003)  // DSN, next 0x150
        put(&config, 0x144, 0x1234_5678)
        put(&config, 0x148, 0x9abc_def0)
        put(&config, 0x150, 0x0001_000b)  // vendor-specific, last
        return config
    }

    static func conventionalConfig() -> [UInt8] {
        var config = header(vendor: 0x1234, device: 0x11e8, command: 0x0007, size: 256)
        config[0x40] = 0x05
        put(&config, 0x44, 0xfee0_0000)
        return config
    }

    static let capabilityStart = 0x40
    static let extendedStart = 0x100

    static func everyCapabilityConfig() -> [UInt8] {
        var config = header(vendor: 0x1b36, device: 0x0010, command: 0x0002, size: 4096)
        // A distinct byte everywhere in the header that the capability list does not need.
        for offset in 0..<0x40 where ![0x06, 0x0e, 0x34].contains(offset) {
            config[offset] = UInt8(truncatingIfNeeded: offset * 37 + 11)
        }
        config[0x0e] = 0x00
        let conventional = PCIConfigNames.capabilities
        for (index, capability) in conventional.enumerated() {
            let offset = capabilityStart + index * 8
            config[offset] = UInt8(capability.id)
            config[offset + 1] = index + 1 < conventional.count ? UInt8(offset + 8) : 0
            config[offset + 4] = UInt8(index)
        }
        let extended = PCIConfigNames.extendedCapabilities
        for (index, capability) in extended.enumerated() {
            let offset = extendedStart + index * 16
            let next = index + 1 < extended.count ? UInt32(offset + 16) : 0
            put(&config, offset, UInt32(capability.id) | 1 << 16 | next << 20)
            put(&config, offset + 4, 0xc0de_0000 | UInt32(index))
        }
        return config
    }

    func mmio(_ arguments: [String], stdin: String? = nil) throws -> Outcome {
        try MMIOProcess.run(
            arguments + ["--sysfs-root", tree.root], stdin: stdin.map { Data($0.utf8) },
            environment: ["MMIO_PCI_IDS": try tree.pciIDs()])
    }

    /// pciutils' own tool on the same tree, through the same libpci method and path.
    func pciutils(_ tool: String, _ arguments: [String]) throws -> String {
        let outcome = try MMIOProcess.shell(
            ([tool, "-A", "linux-sysfs", "-O", "sysfs.path=\(tree.root)/bus/pci"] + arguments)
                .map { "'\($0)'" }.joined(separator: " "))
        XCTAssertEqual(outcome.status, 0, "\(tool) \(arguments): \(outcome.stderr)")
        return outcome.stdout
    }

    func config(_ slot: String) throws -> [UInt8] { try tree.bytes("sys/bus/pci/devices/\(slot)/config") }

    // MARK: - Names

    /// mmio's table is setpci's, entry for entry: every register name with its offset and
    /// width, every capability name with its id.
    func testNamesAreSetpcisNames() throws {
        var registers: [String] = []
        var capabilities: [String] = []
        for line in try MMIOProcess.shell("setpci --dumpregs").stdout.split(separator: "\n").dropFirst() {
            let words = line.split(separator: " ")
            if words.count == 3 {
                let bits = ["B": 8, "W": 16, "L": 32][String(words[1])]!
                registers.append("\(words[2]) \(Int(words[0], radix: 16)!) \(bits)")
            } else {
                capabilities.append("\(words[3]) \(Int(words[0], radix: 16)!)")
            }
        }
        XCTAssertEqual(registers.count, 65)
        XCTAssertEqual(PCIConfigNames.registers.map { "\($0.name) \($0.offset) \($0.width.bits)" }, registers)
        XCTAssertEqual(
            (PCIConfigNames.capabilities + PCIConfigNames.extendedCapabilities).map { "\($0.name) \($0.id)" },
            capabilities)
    }

    /// Every register name setpci knows, on a device of each header layout (normal, bridge,
    /// CardBus): mmio takes exactly the names setpci takes, reads the same values at the offsets
    /// and widths setpci gives them (the dry run shows the accesses mmio plans), and refuses the
    /// others as setpci does.
    func testEveryRegisterNameReadsWhatSetpciReads() throws {
        for (type, slot) in [(0, Self.everyCapability), (1, "0000:00:08.0"), (2, "0000:00:09.0")] {
            if type > 0 {
                var config = Self.everyCapabilityConfig()
                config[0x0e] = UInt8(type)
                try tree.add(.init(slot: slot, vendor: 0x1b36, device: 0x0010, bars: [], config: config))
            }
            var accepted: [(offset: UInt64, width: Width, name: String, headers: PCIConfigNames.Headers)] = []
            for register in PCIConfigNames.registers {
                let setpci = try MMIOProcess.shell(
                    "setpci -A linux-sysfs -O sysfs.path='\(tree.root)/bus/pci' -s \(slot) \(register.name)")
                if setpci.status == 0 {
                    accepted.append(register)
                    continue
                }
                XCTAssertTrue(setpci.stderr.contains("Does not have register \(register.name)"), setpci.stderr)
                let outcome = try mmio(["read", "-s", slot, "--config", register.name])
                assertOutcome(outcome, status: 64, stdout: "", stderrContains: ["mmio: \(slot) has a", "\(register.name) belongs to"])
            }
            XCTAssertEqual(accepted.count, [26, 33, 33][type], "names setpci takes on header type \(type)")
            let script = accepted.map { "read \($0.name)" }.joined(separator: "\n") + "\n"
            let outcome = try mmio(["batch", "-s", slot, "--config"], stdin: script)
            assertOutcome(outcome, status: 0, stderrEmpty: true)
            let expected = try pciutils("setpci", ["-s", slot] + accepted.map(\.name)).split(separator: "\n").map { "0x" + $0 }
            XCTAssertEqual(outcome.stdout.split(separator: "\n").map(String.init), expected, "header type \(type)")

            let planned = try mmio(["batch", "-s", slot, "--config", "--dry-run"], stdin: script)
            assertOutcome(planned, status: 0)
            XCTAssertEqual(
                planned.stdout.split(separator: "\n").map(String.init),
                accepted.map { "r\($0.width.bits) \(String(format: "0x%08llx", $0.offset))" })
        }
    }

    /// Every capability name finds the capability libpci finds: its id byte read through mmio
    /// equals setpci's, and `NAME+OFFSET` reaches into it at every width.
    func testEveryCapabilityNameFindsItsCapability() throws {
        let slot = Self.everyCapability
        var script = ""
        var setpciArguments: [String] = []
        var expectedOffsets: [String] = []
        for (index, capability) in PCIConfigNames.capabilities.enumerated() {
            script += "read -w 8 \(capability.name)\nread -w 8 \(capability.name)+4\n"
            setpciArguments += ["\(capability.name).b", "\(capability.name)+4.b"]
            let offset = Self.capabilityStart + index * 8
            expectedOffsets += [String(format: "r8 0x%08x", offset), String(format: "r8 0x%08x", offset + 4)]
        }
        for (index, capability) in PCIConfigNames.extendedCapabilities.enumerated() {
            script += "read -w 16 \(capability.name)\nread \(capability.name)+0x4\n"
            setpciArguments += ["\(capability.name).w", "\(capability.name)+4.l"]
            let offset = Self.extendedStart + index * 16
            expectedOffsets += [String(format: "r16 0x%08x", offset), String(format: "r32 0x%08x", offset + 4)]
        }
        let outcome = try mmio(["batch", "-s", slot, "--config"], stdin: script)
        assertOutcome(outcome, status: 0, stderrEmpty: true)
        let expected = try pciutils("setpci", ["-s", slot] + setpciArguments).split(separator: "\n").map { "0x" + $0 }
        XCTAssertEqual(expected.count, 118)
        XCTAssertEqual(outcome.stdout.split(separator: "\n").map(String.init), expected)
        let planned = try mmio(["batch", "-s", slot, "--config", "--dry-run"], stdin: script)
        XCTAssertEqual(planned.stdout.split(separator: "\n").map(String.init), expectedOffsets)
    }

    func testCapabilityRelativeAddressesOnAnExpressDevice() throws {
        let slot = Self.express
        for (address, width, setpciName) in [
            ("CAP_EXP+0x10", "32", "CAP_EXP+10.l"), ("CAP_EXP+0x10", "16", "CAP_EXP+10.w"),
            ("CAP_EXP+0x12", "16", "CAP_EXP+12.w"), ("CAP_EXP+2", "8", "CAP_EXP+2.b"),
            ("ECAP_AER+4", "32", "ECAP_AER+4.l"), ("ECAP_DSN+0x4", "32", "ECAP_DSN+4.l"),
            ("ECAP_DSN+8", "32", "ECAP_DSN+8.l"), ("CAP_MSIX", "8", "CAP_MSIX.b"),
        ] {
            let outcome = try mmio(["read", "-s", slot, "--config", "-w", width, address])
            let setpci = try pciutils("setpci", ["-s", slot, setpciName])
            assertOutcome(outcome, status: 0, stdout: "0x" + setpci, stderrEmpty: true)
        }
        assertOutcome(
            try mmio(["read", "-s", slot, "--config", "ECAP_AER+4", "--trace"]), status: 0,
            stdout: "0x00000010\n")
        XCTAssertEqual(
            try mmio(["read", "-s", slot, "--config", "ECAP_AER+4", "--trace"]).stderr,
            "r32 0x00000104 -> 0x00000010\n")
    }

    // MARK: - Dump, as lspci shows it

    func testDumpIsLspciHexDump() throws {
        for (slot, option) in [(Self.conventional, "-xxx"), (Self.express, "-xxxx"), (Self.everyCapability, "-xxxx")] {
            let lspci = try pciutils("lspci", ["-s", slot, option])
            // lspci: the device's line, the hex lines, and a blank line.
            let hexLines = lspci.split(separator: "\n").dropFirst().map { $0 + "\n" }.joined()
            XCTAssertEqual(hexLines.count, option == "-xxx" ? 16 * 52 : 16 * 52 + 240 * 53, slot)
            for width in ["8", "16", "32"] {
                let outcome = try mmio(["dump", "-s", slot, "--config", "-v", "-w", width])
                assertOutcome(outcome, status: 0, stdout: hexLines, stderrEmpty: true)
            }
        }
    }

    /// Without `-v`, runs of identical lines fold to `*`; a range dumps from its start.
    func testDumpFoldsAndTakesARange() throws {
        assertOutcome(try mmio(["dump", "-s", Self.conventional, "--config"]), status: 0, stdout: """
            00: 34 12 e8 11 07 00 10 00 01 00 00 02 00 00 00 00
            10: 00 00 bc fe 00 00 00 00 00 00 00 00 00 00 00 00
            20: 00 00 00 00 00 00 00 00 00 00 00 00 86 80 00 11
            30: 00 00 00 00 40 00 00 00 00 00 00 00 0b 01 00 00
            40: 05 00 00 00 00 00 e0 fe 00 00 00 00 00 00 00 00
            50: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            *

            """)
        assertOutcome(try mmio(["dump", "-s", Self.express, "--config", "0x140", "0x20"]), status: 0, stdout: """
            140: 03 00 01 15 78 56 34 12 f0 de bc 9a 00 00 00 00
            150: 0b 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00

            """)
        assertOutcome(try mmio(["dump", "-s", Self.conventional, "--config", "0x40", "16", "--json"]), status: 0, stdout: """
            {"address":"0x00000040","width":32,"values":["0x00000005","0xfee00000","0x00000000","0x00000000"]}

            """)
    }

    // MARK: - Writes

    /// A write, set and clear change exactly the bytes setpci's writes change.
    func testWritesChangeWhatSetpciWouldChange() throws {
        let slot = Self.conventional
        let before = try config(slot)
        assertOutcome(try mmio(["write", "-s", slot, "--config", "COMMAND", "0x0406"]), status: 0, stdout: "", stderrEmpty: true)
        assertOutcome(try mmio(["set", "-s", slot, "--config", "-w", "8", "0x3c", "0x20"]), status: 0, stdout: "")
        assertOutcome(try mmio(["clear", "-s", slot, "--config", "CAP_MSI+4", "0x00e00000"]), status: 0, stdout: "")
        let byMMIO = try config(slot)

        _ = try scratch.file("sys/bus/pci/devices/\(slot)/config", before)
        _ = try pciutils("setpci", ["-s", slot, "COMMAND=0406", "INTERRUPT_LINE=20:20", "CAP_MSI+4.l=0:00e00000"])
        XCTAssertEqual(byMMIO, try config(slot))
        var expected = before
        expected[4] = 0x06; expected[5] = 0x04
        expected[0x3c] = 0x2b
        expected[0x46] = 0x00
        XCTAssertEqual(byMMIO, expected)
    }

    func testTraceDryRunExpectAndPoll() throws {
        let slot = Self.conventional
        let before = try config(slot)
        let planned = try mmio(["write", "-s", slot, "--config", "COMMAND", "0", "--dry-run"])
        assertOutcome(planned, status: 0, stdout: "w16 0x00000004 <- 0x0000\n")
        XCTAssertEqual(try config(slot), before)
        let traced = try mmio(["set", "-s", slot, "--config", "STATUS", "0x8", "--trace"])
        assertOutcome(traced, status: 0, stdout: "")
        XCTAssertEqual(traced.stderr, "r16 0x00000006 -> 0x0010\nw16 0x00000006 <- 0x0018\n")
        assertOutcome(try mmio(["expect", "-s", slot, "--config", "VENDOR_ID", "0x1234"]), status: 0, stdout: "")
        assertOutcome(
            try mmio(["expect", "-s", slot, "--config", "DEVICE_ID", "0x1111"]), status: 3,
            stderrContains: ["mmio: ", "0x11e8"])
        assertOutcome(
            try mmio(["poll", "-s", slot, "--config", "COMMAND", "--mask", "0x2"]), status: 0, stdout: "0x0007\n")
        assertOutcome(
            try mmio(["read", "-s", slot, "--config", "-n", "2", "-w", "16", "0", "--json"]), status: 0, stdout: """
                {"address":"0x00000000","width":16,"value":"0x1234"}
                {"address":"0x00000002","width":16,"value":"0x11e8"}

                """)
    }

    /// A batch plans every config line (names, capabilities, bounds) before the first runs.
    func testBatchChecksEveryConfigLineFirst() throws {
        let slot = Self.conventional
        let before = try config(slot)
        let outcome = try mmio(["batch", "-s", slot, "--config"], stdin: "write COMMAND 0\nread CAP_EXP+4\n")
        assertOutcome(outcome, status: 64, stdout: "", stderrContains: ["line 2", "has no CAP_EXP capability", "CAP_MSI at 0x40"])
        XCTAssertEqual(try config(slot), before)
    }

    func testInfoShowsSizeAndCapabilities() throws {
        assertOutcome(try mmio(["info", "-s", Self.express, "--config"]), status: 0, stdout: """
            target:   0000:00:04.0 config space (config)
            file:     \(tree.root)/bus/pci/devices/0000:00:04.0/config
            offset:   0x0
            size:     0x1000 (4K)
            physical: unknown
            flags:    extended
            access:   libpci config read or write of each access's width (never mapped)
            note:     8086:10d3 Example Corp Device 10d3
            cap:      CAP_PM at 0x40
            cap:      CAP_MSI at 0x50
            cap:      CAP_EXP at 0x60
            cap:      CAP_MSIX at 0xa0
            cap:      ECAP_AER at 0x100
            cap:      ECAP_DSN at 0x140
            cap:      ECAP_VNDR at 0x150

            """)
    }

    // MARK: - Refusals

    func testRefusals() throws {
        let slot = Self.conventional
        let before = try config(slot)
        for (arguments, status, fragment) in [
            (["read", "-s", slot, "--config", "-w", "64", "0"], Int32(64), "config accesses are 8, 16 or 32 bits"),
            (["read", "-s", slot, "--config", "--unaligned", "1"], 64, "the kernel would split an unaligned config access"),
            (["read", "-s", slot, "--config", "2"], 64, "not aligned"),
            (["read", "-s", slot, "--config", "0x100"], 64, "outside 0000:00:05.0 config space (size 0x100"),
            (["dump", "-s", slot, "--config", "0xf0", "0x20"], 64, "outside"),
            (["write", "-s", slot, "--config", "COMMAND", "0x10000"], 64, "16"),
            (["read", "-s", slot, "--config", "COMAND"], 64, "did you mean COMMAND"),
            (["read", "-s", slot, "--config", "-w", "8", "COMMAND"], 64, "COMMAND is a 16-bit register; -w 8 disagrees"),
            (["read", "-s", slot, "--config", "CAP_EXP"], 64, "0000:00:05.0 has no CAP_EXP capability (it has CAP_MSI at 0x40)"),
            (["read", "-s", slot, "--config", "COMMAND+2"], 64, "only a capability name (CAP_..., ECAP_...) takes an offset"),
            (["read", "-s", slot, "--config", "CAP_MSI+x"], 64, "'CAP_MSI+x': the offset after + is not a number"),
            (["read", "--config", "0"], 64, "--config goes with --slot or --device"),
            (["read", "-s", slot, "--config", "-b", "1", "0"], 64, "--bar does not go with it"),
            (["read", "-s", slot, "--config", "--wc", "0"], 64, "--config and --wc"),
            (["read", "-s", slot, "--config", "--regs", "/nonexistent", "0"], 64, "--regs does not go with --config"),
            (["read", "-s", slot, "-b", "0", "CAP_EXP+4"], 64, "CAP_EXP is a PCI capability"),
            (["read", "-s", "0000:00:09.0", "--config", "0"], 1, "no PCI device matches slot 0000:00:09.0"),
        ] as [([String], Int32, String)] {
            let outcome = try mmio(arguments)
            assertOutcome(outcome, status: status, stdout: "", stderrContains: ["mmio: ", fragment])
            XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, "one line: \(outcome.stderr)")
        }
        XCTAssertEqual(try config(slot), before)
    }

    /// The hint for a device whose memory decoding is off is the mmio command that turns it on,
    /// and that command does.
    func testDecodingOffHintNamesTheCommandThatTurnsItOn() throws {
        let slot = "0000:00:07.0"
        var config = Self.header(vendor: 0x1234, device: 0x11e8, command: 0x0000, size: 256)
        config[0x34] = 0
        try tree.add(.init(slot: slot, vendor: 0x1234, device: 0x11e8, command: 0, bars: [
            .init(index: 0, start: 0xfe00_2000, size: 0x1000, flags: SysfsTree.BAR.memory32)], config: config))
        let warned = try mmio(["read", "-s", slot, "0"])
        XCTAssertTrue(
            warned.stderr.contains("memory decoding is off in \(slot)'s COMMAND register (bit 1); accesses will read all ones (turn it on: mmio set -s \(slot) --config COMMAND 0x2)"),
            warned.stderr)
        let hinted = "mmio set -s \(slot) --config COMMAND 0x2".split(separator: " ").dropFirst().map(String.init)
        assertOutcome(try mmio(hinted), status: 0, stdout: "", stderrEmpty: true)
        assertOutcome(try mmio(["read", "-s", slot, "0"]), status: 0, stdout: "0x00000000\n", stderrEmpty: true)
    }
}
