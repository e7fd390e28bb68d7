import Foundation
import MMIOCLI
import MMIOKit
import XCTest

/// A register file that records every access, and answers reads as a device would.
final class RecordingDevice: AccessInterposer {
    var registers: [UInt64: UInt64] = [:]
    var trace: [String] = []
    /// Registers that read back the bitwise NOT of what was written (as QEMU edu's 0x04 does).
    var inverting: Set<UInt64> = []
    /// Whether standard output had unwritten bytes at each access.
    var pendingOutput: [Bool] = []

    func load(_ width: Width, at address: UInt64) -> UInt64 {
        pendingOutput.append(!OutputStream.standard.buffer.isEmpty)
        var value = registers[address] ?? 0
        if inverting.contains(address) { value = ~value & width.mask }
        trace.append(TraceLine.read(width, address, value))
        return value
    }

    func store(_ value: UInt64, _ width: Width, at address: UInt64) {
        pendingOutput.append(!OutputStream.standard.buffer.isEmpty)
        registers[address] = value
        trace.append(TraceLine.write(width, address, value))
    }
}

/// Commands run in-process with the access seam below them, to check whole access traces and
/// the results a plain file cannot produce (a register that reads back something else).
final class InterposerTests: XCTestCase {
    var device: RecordingDevice!
    var image: String!

    override func setUpWithError() throws {
        device = RecordingDevice()
        RegisterSpace.interposer = device
        image = FileManager.default.temporaryDirectory.appendingPathComponent("mmio-\(UUID()).bin").path
        FileManager.default.createFile(atPath: image, contents: Data(count: 64))
    }

    override func tearDown() {
        RegisterSpace.interposer = nil
        try? FileManager.default.removeItem(atPath: image)
    }

    func testVerifyFailsWithExit3WhenTheRegisterReadsBackSomethingElse() {
        device.inverting = [4]
        XCTAssertEqual(MMIOEntry.run(["write", "--verify", "-f", image, "4", "0x12345678"]), 3)
        XCTAssertEqual(device.trace, ["w32 0x00000004 <- 0x12345678", "r32 0x00000004 -> 0xedcba987"])
    }

    func testVerifyStopsAtTheFirstMismatch() {
        device.inverting = [8]
        XCTAssertEqual(MMIOEntry.run(["write", "--verify", "-f", image, "4", "1", "2", "3"]), 3)
        XCTAssertEqual(device.trace, [
            "w32 0x00000004 <- 0x00000001", "r32 0x00000004 -> 0x00000001",
            "w32 0x00000008 <- 0x00000002", "r32 0x00000008 -> 0xfffffffd",
        ])
    }

    func testVerifyPassesWhenTheValueSticks() {
        XCTAssertEqual(MMIOEntry.run(["write", "--verify", "-w", "16", "-f", image, "4", "0xbeef"]), 0)
        XCTAssertEqual(device.trace, ["w16 0x00000004 <- 0xbeef", "r16 0x00000004 -> 0xbeef"])
    }

    func testVerifyOfABitFieldComparesTheField() {
        device.registers[0] = 0xffff_0000
        XCTAssertEqual(MMIOEntry.run(["write", "--verify", "--bits", "3:0", "-f", image, "0", "5"]), 0)
        XCTAssertEqual(device.trace, [
            "r32 0x00000000 -> 0xffff0000", "w32 0x00000000 <- 0xffff0005", "r32 0x00000000 -> 0xffff0005",
        ])
    }

    func testSetAndClearAreOneReadAndOneWrite() {
        device.registers[0x10] = 0x0f
        XCTAssertEqual(MMIOEntry.run(["set", "-f", image, "0x10", "0x100"]), 0)
        XCTAssertEqual(MMIOEntry.run(["clear", "-f", image, "0x10", "0x1"]), 0)
        XCTAssertEqual(device.trace, [
            "r32 0x00000010 -> 0x0000000f", "w32 0x00000010 <- 0x0000010f",
            "r32 0x00000010 -> 0x0000010f", "w32 0x00000010 <- 0x0000010e",
        ])
    }

    func testARefusedCommandMakesNoAccess() {
        XCTAssertEqual(MMIOEntry.run(["write", "-w", "8", "-f", image, "0", "1", "0x100"]), 64)
        XCTAssertEqual(MMIOEntry.run(["write", "-f", image, "0x3c", "1", "2"]), 64)
        XCTAssertEqual(MMIOEntry.run(["poll", "-f", image, "--mask", "1", "--value", "3", "0"]), 64)
        XCTAssertEqual(device.trace, [])
    }

    func testOutputIsWrittenOutBeforeEachAccessToADevice() throws {
        // Physical memory (a device): what earlier reads printed is out before the next access.
        let devRoot = FileManager.default.temporaryDirectory.appendingPathComponent("mmio-dev-\(UUID())")
        try FileManager.default.createDirectory(at: devRoot, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: devRoot) }
        FileManager.default.createFile(atPath: devRoot.appendingPathComponent("mem").path, contents: Data(count: 4096))
        XCTAssertEqual(MMIOEntry.run(["read", "-n", "3", "--dev-root", devRoot.path, "0x10"]), 0)
        XCTAssertEqual(device.pendingOutput, [false, false, false])
        // A register file is not a device: its output is written in large blocks.
        device.pendingOutput = []
        XCTAssertEqual(MMIOEntry.run(["read", "-n", "3", "-f", image, "0x10"]), 0)
        XCTAssertEqual(device.pendingOutput, [false, true, true])
    }

    func testPollReadsUntilTheMaskMatches() {
        device.inverting = [0]
        device.registers[0] = 0xffff_fffe
        XCTAssertEqual(MMIOEntry.run(["poll", "-f", image, "--mask", "1", "0"]), 0)
        XCTAssertEqual(device.trace, ["r32 0x00000000 -> 0x00000001"])
    }
}
