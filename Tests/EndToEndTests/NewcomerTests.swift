import Foundation
import XCTest

/// What a newcomer meets first: hints that name something that works, an unknown subcommand
/// named as one, `--version`, and lspci's filters on `list` (devmem's numbers as busybox
/// reads them: DevmemTests).
final class NewcomerTests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!

    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try scratch.file("dev/mem", (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 181 &+ 7) })
    }

    // MARK: - Hints that name something that works

    func testAMisalignedConfigAccessDoesNotAdviseUnaligned() throws {
        try tree.add(.init(slot: "0000:00:02.0", vendor: 0x1234, device: 0x11e8, bars: []))
        assertOutcome(
            try MMIOProcess.run(["read", "-s", "00:02.0", "--config", "--sysfs-root", tree.root, "-w", "16", "0x1"]),
            status: 64, stdout: "", stderr: """
                mmio: address 0x1 is not aligned to the 16-bit width (config space takes aligned accesses only: the kernel would split an unaligned one)

                """)
        assertOutcome(
            try MMIOProcess.run(["read", "-f", scratch.path("dev/mem"), "-w", "16", "0x1"]),
            status: 64, stdout: "", stderr: "mmio: address 0x1 is not aligned to the 16-bit width (use --unaligned to allow it)\n")
    }

    /// A VM without /dev/mem whose devices have no resourceN files (virtio-pci under some
    /// hypervisors): `info` says what is missing and offers no command that would fail.
    func testInfoOnAMachineWithoutDevMemOrResourceFiles() throws {
        try tree.add(.init(slot: "0000:00:03.0", vendor: 0x1af4, device: 0x1041, deviceClass: 0x020000, bars: [
            .init(index: 4, start: 0xfe00_0000, size: 0x4000, flags: SysfsTree.BAR.memory64Prefetchable, resourceFile: false)],
            driver: "virtio-pci"))
        _ = try scratch.text("proc/iomem", """
            c0000000-febfffff : PCI Bus 0000:00
              fe000000-fe003fff : 0000:00:03.0
                fe000000-fe003fff : virtio-pci-modern

            """)
        let noDev = scratch.path("empty-dev")
        try FileManager.default.createDirectory(atPath: noDev, withIntermediateDirectories: true)
        let arguments = ["info", "0xfe000010", "--sysfs-root", tree.root, "--proc-root", scratch.path("proc"), "--dev-root", noDev]
        assertOutcome(try MMIOProcess.run(arguments), status: 0, stdout: """
            address:  0xfe000010
            region:   c0000000-febfffff : PCI Bus 0000:00
            region:     fe000000-fe003fff : 0000:00:03.0
            region:       fe000000-fe003fff : virtio-pci-modern
            owner:    claimed by driver virtio-pci (0000:00:03.0)
            ram:      no
            pci:      0000:00:03.0 BAR4 offset 0x10 (base 0xfe000000, size 16K), driver virtio-pci
            missing:  \(noDev)/mem does not exist (the kernel is built without CONFIG_DEVMEM)
            missing:  0000:00:03.0 has no resource4 file for BAR4 (the kernel offers none for this device)
            reach:    none from this machine

            """, stderrEmpty: true)
        let json = try MMIOProcess.run(arguments + ["--json"])
        XCTAssertTrue(json.stdout.contains(#""reach":[],"missing":["\#(noDev)/mem does not exist"#), json.stdout)
        // With /dev/mem the BAR is reached through it; the unbind command is offered only where
        // the driver's unbind file exists.
        let withMem = try MMIOProcess.run(Array(arguments.dropLast(2)) + ["--dev-root", scratch.path("dev")])
        XCTAssertTrue(withMem.stdout.contains(
            "reach:    mmio read 0xfe000010 (refused while virtio-pci holds it under CONFIG_IO_STRICT_DEVMEM; echo 0000:00:03.0 > /sys/bus/pci/drivers/virtio-pci/unbind)\n"), withMem.stdout)
        XCTAssertTrue(withMem.stdout.contains("missing:  0000:00:03.0 has no resource4 file"), withMem.stdout)
        try FileManager.default.removeItem(atPath: tree.root + "/bus/pci/drivers/virtio-pci/unbind")
        let noUnbind = try MMIOProcess.run(Array(arguments.dropLast(2)) + ["--dev-root", scratch.path("dev")])
        XCTAssertTrue(noUnbind.stdout.contains(
            "reach:    mmio read 0xfe000010 (refused while virtio-pci holds it under CONFIG_IO_STRICT_DEVMEM)\n"), noUnbind.stdout)
        XCTAssertFalse(noUnbind.stdout.contains("unbind"), noUnbind.stdout)
    }

    // MARK: - Unknown subcommands, help, version

    func testAnUnknownSubcommandIsNamedWithTheClosestOne() throws {
        assertOutcome(try MMIOProcess.run(["raed", "0"]), status: 64, stdout: "", stderr: "mmio: unknown subcommand 'raed'; did you mean read?\n")
        assertOutcome(try MMIOProcess.run(["dmup"]), status: 64, stdout: "", stderr: "mmio: unknown subcommand 'dmup'; did you mean dump?\n")
        assertOutcome(try MMIOProcess.run(["frobnicate"]), status: 64, stdout: "", stderr: """
            mmio: unknown subcommand 'frobnicate' (subcommands: read, write, set, clear, dump, load, poll, expect, watch, diff, sleep, batch, list, info, regs, decode, devmem)

            """)
        assertOutcome(try MMIOProcess.run(["help", "nosuch"]), status: 64, stdout: "", stderr: """
            mmio: unknown subcommand 'nosuch' for help (subcommands: read, write, set, clear, dump, load, poll, expect, watch, diff, sleep, batch, list, info, regs, decode, devmem)

            """)
        assertOutcome(try MMIOProcess.run(["help", "raed"]), status: 64, stdout: "", stderr: "mmio: unknown subcommand 'raed' for help; did you mean read?\n")
        let help = try MMIOProcess.run(["help", "read"])
        assertOutcome(help, status: 0, stderrEmpty: true)
        XCTAssertTrue(help.stdout.hasPrefix("OVERVIEW: Read a register"), help.stdout)
        // A batch line: refused before line 1 runs.
        let file = try scratch.file("regs.bin", [UInt8](repeating: 0, count: 16))
        assertOutcome(try MMIOProcess.run(["batch", "-f", file], stdin: Data("write 0 1\nraed 0\n".utf8)),
                      status: 64, stdout: "", stderr: "mmio: line 2: unknown subcommand 'raed'; did you mean read?\n")
        XCTAssertEqual(try scratch.bytes("regs.bin"), [UInt8](repeating: 0, count: 16))
    }

    /// The version, the commit (stamped by `make build`; a debug build says unknown) and
    /// whether the libraries loaded on first use can be loaded here.
    func testVersionNamesTheCommitAndTheLibraries() throws {
        let outcome = try MMIOProcess.run(["--version"])
        assertOutcome(outcome, status: 0, stderrEmpty: true)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 5, outcome.stdout)
        XCTAssertEqual(lines[0], "mmio 0.1.0")
        XCTAssertEqual(lines[2], "libpci:  libpci.so.3 loads (PCI targets, list, info)")
        XCTAssertEqual(lines[3], "libxml2: libxml2.so.2 loads (SVD and IP-XACT descriptions)")
        let commit = String(lines[1].dropFirst("commit:  ".count))
        XCTAssertTrue(lines[1].hasPrefix("commit:  "), lines[1])
        if MMIOProcess.isReleaseBinary {
            let head = try MMIOProcess.shell("git -C '\(DocumentationTests.root.path)' rev-parse HEAD").stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(head.count, 40)
            XCTAssertTrue(commit == head || commit == head + "+changes", "\(commit) is not HEAD \(head)")
        } else {
            XCTAssertEqual(commit, "unknown")
        }
        XCTAssertEqual(try MMIOProcess.run(["read", "--version"]).stdout, outcome.stdout)
        // Where libpci cannot be loaded, --version says so (and still works).
        let located = try MMIOProcess.shell("/sbin/ldconfig -p | sed -n 's/^[[:space:]]*libpci.so.3 .*=> //p' | head -n 1")
        let library = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(library.isEmpty)
        let without = try MMIOProcess.shell("unshare -m sh -c 'mount --bind /dev/null \(library) && \"$MMIO\" --version'")
        assertOutcome(without, status: 0)
        XCTAssertTrue(without.stdout.contains(
            "libpci:  cannot be loaded: PCI targets need libpci (libpci.so.3; Debian: apt-get install libpci3)\n"), without.stdout)
    }

    // MARK: - list -s and -d, as lspci filters

    /// Generated filters on a tree of devices: `list -s`/`-d` lists exactly the slots
    /// `lspci -s`/`-d` lists on the same tree.
    func testListFiltersAsLspciDoes() throws {
        let devices: [(String, UInt16, UInt16)] = [
            ("0000:00:00.0", 0x8086, 0x29c0), ("0000:00:02.0", 0x1234, 0x1111), ("0000:00:03.0", 0x1af4, 0x1041),
            ("0000:00:04.0", 0x1234, 0x11e8), ("0000:01:00.0", 0x8086, 0x10d3), ("0000:01:00.1", 0x8086, 0x10d3),
            ("0001:02:1f.7", 0x1b36, 0x0010),
        ]
        for (slot, vendor, device) in devices {
            try tree.add(.init(slot: slot, vendor: vendor, device: device, bars: []))
        }
        let slots = ["00:02.0", "02.0", "1:", "01:00", ".1", "0001:02:1f.7", "00:", "3", "00:1f.7", "0001::"]
        let ids = ["8086:", ":10d3", "1234:11e8", "1af4:1041", "1b36:", "ffff:", ":1111", "8086:29c0"]
        var filters: [[String]] = slots.map { ["-s", $0] } + ids.map { ["-d", $0] }
        for (slot, id) in zip(slots, ids) { filters.append(["-s", slot, "-d", id]) }
        for filter in filters {
            let lspci = try MMIOProcess.shell(
                (["lspci", "-A", "linux-sysfs", "-O", "sysfs.path=\(tree.root)/bus/pci", "-D", "-n"] + filter)
                    .map { "'\($0)'" }.joined(separator: " "))
            XCTAssertEqual(lspci.status, 0, lspci.stderr)
            let expected = lspci.stdout.split(separator: "\n").map { String($0.prefix(12)) }
            let outcome = try MMIOProcess.run(["list", "--json", "--sysfs-root", tree.root] + filter)
            assertOutcome(outcome, status: 0, stderrEmpty: true)
            let listed = outcome.stdout.split(separator: "\n").compactMap { line in
                line.range(of: #""slot":""#).map { String(line[$0.upperBound...].prefix(12)) }
            }
            XCTAssertEqual(listed, expected, "list \(filter)")
        }
        let text = try MMIOProcess.run(["list", "--sysfs-root", tree.root, "-d", "8086:10d3"])
        XCTAssertTrue(text.stdout.hasPrefix("PCI devices under \(tree.root)/bus/pci/devices: 2\n0000:01:00.0 [8086:10d3]"), text.stdout)
        XCTAssertFalse(text.stdout.contains("UIO devices"), text.stdout)
        assertOutcome(try MMIOProcess.run(["list", "--sysfs-root", tree.root, "-d", "8086:10d3@1"]), status: 64,
                      stderr: "mmio: list shows every match of --device; @K does not go with it\n")
        assertOutcome(try MMIOProcess.run(["list", "--sysfs-root", tree.root, "-s", "zz:zz"]), status: 64, stdout: "",
                      stderrContains: ["mmio: -s 'zz:zz': "])
        assertOutcome(try MMIOProcess.run(["list", "--uio", "-s", "00:02.0", "--sysfs-root", tree.root]), status: 64,
                      stderr: "mmio: --slot and --device filter PCI devices; --uio does not go with them\n")
    }
}
