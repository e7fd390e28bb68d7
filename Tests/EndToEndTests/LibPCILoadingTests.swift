import XCTest

/// libpci is loaded on first use (dlopen): only a command that looks for PCI devices loads it,
/// and where it cannot be loaded that command fails with one line while the others still work.
/// The missing library is made in a private mount namespace (/dev/null bound over it): root
/// only, as this suite is by design; it fails, never skips, without it.
final class LibPCILoadingTests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!
    var file: String!

    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:02.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)]))
        file = try scratch.file("regs.bin", [0x78, 0x56, 0x34, 0x12])
    }

    /// The shared objects the loader reports opening for one run (LD_DEBUG=files).
    func librariesOpened(_ arguments: [String]) throws -> [String] {
        let outcome = try MMIOProcess.run(arguments, environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return outcome.stderr.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "file=") else { return nil }
            return String(line[start.upperBound...].prefix { $0 != " " && $0 != "\t" && $0 != "[" })
        }
    }

    func testOnlyCommandsThatLookForPCIDevicesLoadLibPCI() throws {
        let plain = try librariesOpened(["read", "-f", file, "0"])
        XCTAssertFalse(plain.isEmpty, "LD_DEBUG=files reported nothing")
        XCTAssertFalse(plain.contains { $0.contains("libpci") }, "\(plain)")
        XCTAssertFalse(plain.contains { $0.contains("libudev") }, "\(plain)")
        let pci = try librariesOpened(["list", "--pci", "--sysfs-root", tree.root])
        XCTAssertTrue(pci.contains("libpci.so.3"), "\(pci)")
    }

    func testWithoutLibPCIAPCICommandFailsInOneLineAndOthersStillWork() throws {
        let located = try MMIOProcess.shell("/sbin/ldconfig -p | sed -n 's/^[[:space:]]*libpci.so.3 .*=> //p' | head -n 1")
        let library = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(library.isEmpty, "ldconfig knows no libpci.so.3: \(located.stderr)")
        func withoutLibPCI(_ arguments: String) throws -> Outcome {
            try MMIOProcess.shell("unshare -m sh -c 'mount --bind /dev/null \(library) && \"$MMIO\" \(arguments)'")
        }
        assertOutcome(
            try withoutLibPCI("list --pci --sysfs-root \(tree.root)"), status: 1, stdout: "",
            stderrContains: ["mmio: libpci: PCI targets need libpci (libpci.so.3; Debian: apt-get install libpci3)\n"])
        assertOutcome(
            try withoutLibPCI("read -s 00:02.0 --sysfs-root \(tree.root) 0"), status: 1, stdout: "",
            stderrContains: ["mmio: libpci: PCI targets need libpci (libpci.so.3; Debian: apt-get install libpci3)\n"])
        assertOutcome(try withoutLibPCI("read -f \(file!) 0"), status: 0, stdout: "0x12345678\n", stderrEmpty: true)
    }
}
