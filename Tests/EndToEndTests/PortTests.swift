import Foundation
import XCTest

/// `-p`: x86 I/O ports. The accesses themselves (ioperm, in, out) are checked in the lab, on a
/// real kernel, against /dev/port; here, everything decided before the first access.
final class PortTests: XCTestCase {
    func testInfo() throws {
        assertOutcome(try MMIOProcess.run(["info", "-p"]), status: 0, stdout: """
            target:   I/O ports (port)
            file:     none
            offset:   0x0
            size:     0x10000 (64K)
            physical: unknown
            access:   ioperm() for the ports touched, one in/out instruction of each access's width
            note:     x86 I/O port space, 0x0000 to 0xffff

            """, stderrEmpty: true)
    }

    /// A dry run plans each in/out and makes none (no ioperm either).
    func testDryRunPlansEachAccess() throws {
        assertOutcome(try MMIOProcess.run(["write", "-p", "-w", "8", "0x70", "0x0a", "--dry-run"]), status: 0,
                      stdout: "w8 0x00000070 <- 0x0a\n")
        assertOutcome(try MMIOProcess.run(["batch", "-p", "--dry-run"], stdin: Data("write -w 8 0x70 0x0a\nread -w 8 0x71\nread -w 16 0xcfc\n".utf8)),
                      status: 0, stdout: "w8 0x00000070 <- 0x0a\nr8 0x00000071\nr16 0x00000cfc\n")
        assertOutcome(try MMIOProcess.run(["dump", "-p", "-w", "8", "0x70", "2", "--dry-run"]), status: 0,
                      stdout: "r8 0x00000070\nr8 0x00000071\n")
    }

    func testRefusals() throws {
        for (arguments, status, fragment) in [
            (["read", "-p", "-w", "64", "0x70"], Int32(64), "I/O ports: in and out instructions are 8, 16 or 32 bits"),
            (["read", "-p", "0x10000"], 64, "lie outside I/O ports (size 0x10000, last address 0xffff)"),
            (["read", "-p", "-w", "16", "0xffff"], 64, "not aligned"),
            (["read", "-p", "-w", "16", "--unaligned", "0xffff"], 64, "lie outside I/O ports"),
            (["read", "-p", "-s", "00:04.0", "0"], 64, "--slot and --port name two targets"),
            (["read", "-p", "-f", "/dev/null", "0"], 64, "--file and --port name two targets"),
            (["read", "--port", "--config", "0"], 64, "--config goes with --slot or --device"),
            (["write", "-p", "-w", "8", "0x80", "0x100"], 64, "0x100"),
        ] as [([String], Int32, String)] {
            assertOutcome(try MMIOProcess.run(arguments), status: status, stdout: "", stderrContains: ["mmio: ", fragment])
        }
    }
}
