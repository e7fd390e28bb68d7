import Foundation
@testable import MMIOCLI
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine
import XCTest

/// A register file that records every access and answers reads as a device would: the test's
/// own kind of access, put in place of the registers through the pipeline's access factory.
final class RecordingDevice: RegisterAccess, @unchecked Sendable {
    var target = ResolvedTarget(kind: .file, name: "recording device", path: "/nonexistent", size: 64)
    var trace = false
    let console = Console.standard()
    var mapCount: Int { 0 }
    var registers: [UInt64: UInt64] = [:]
    var log: [String] = []
    /// Registers that read back the bitwise NOT of what was written (as QEMU edu's 0x04 does).
    var inverting: Set<UInt64> = []

    func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        var value = registers[address] ?? 0
        if inverting.contains(address) { value = ~value & width.mask }
        log.append(TraceLine.read(width, address, value))
        return value
    }

    func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        registers[address] = value
        log.append(TraceLine.write(width, address, value))
    }

    func prepare(address: UInt64, length: UInt64) throws {}
    func flushBeforeAccess() throws {}
}

/// The real access of a target, noting after each read whether output was still unwritten.
final class OutputWatchingSpace: RegisterAccess, @unchecked Sendable {
    let inner: RegisterAccess
    var pendingOutput: [Bool] = []
    init(_ inner: RegisterAccess) { self.inner = inner }
    var target: ResolvedTarget { inner.target }
    var console: Console { inner.console }
    var trace: Bool {
        get { inner.trace }
        set { inner.trace = newValue }
    }
    var mapCount: Int { inner.mapCount }

    func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        let value = try inner.read(width, at: address)
        pendingOutput.append(!console.output.buffer.isEmpty)
        return value
    }

    func write(_ value: UInt64, _ width: Width, at address: UInt64) throws { try inner.write(value, width, at: address) }
    func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer, completed: inout Int
    ) throws {
        try inner.readBlock(width, at: address, count: count, into: buffer, completed: &completed)
    }
    func writeBlock(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws {
        try inner.writeBlock(width, at: address, count: count, from: buffer)
    }
    func prepare(address: UInt64, length: UInt64) throws { try inner.prepare(address: address, length: length) }
    func flushBeforeAccess() throws { try inner.flushBeforeAccess() }
}

/// Commands run in-process with a recording device in place of the registers, to check whole
/// access traces and the results a plain file cannot produce (a register that reads back
/// something else).
final class InterposerTests: XCTestCase {
    var device: RecordingDevice!
    var image: String!
    /// The access every run of this test makes: the recording device, unless a test says otherwise.
    var access = AccessFactory.live

    func run(_ arguments: [String]) -> Int32 { MMIOEntry.run(arguments, access: access) }

    override func setUpWithError() throws {
        device = RecordingDevice()
        let device = self.device!
        access = AccessFactory { _, _, _, _ in device }
        image = FileManager.default.temporaryDirectory.appendingPathComponent("mmio-\(UUID()).bin").path
        FileManager.default.createFile(atPath: image, contents: Data(count: 64))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: image)
    }

    func testVerifyFailsWithExit3WhenTheRegisterReadsBackSomethingElse() {
        device.inverting = [4]
        XCTAssertEqual(run(["write", "--verify", "-f", image, "4", "0x12345678"]), 3)
        XCTAssertEqual(device.log, ["w32 0x00000004 <- 0x12345678", "r32 0x00000004 -> 0xedcba987"])
    }

    func testVerifyStopsAtTheFirstMismatch() {
        device.inverting = [8]
        XCTAssertEqual(run(["write", "--verify", "-f", image, "4", "1", "2", "3"]), 3)
        XCTAssertEqual(device.log, [
            "w32 0x00000004 <- 0x00000001", "r32 0x00000004 -> 0x00000001",
            "w32 0x00000008 <- 0x00000002", "r32 0x00000008 -> 0xfffffffd",
        ])
    }

    func testVerifyPassesWhenTheValueSticks() {
        XCTAssertEqual(run(["write", "--verify", "-w", "16", "-f", image, "4", "0xbeef"]), 0)
        XCTAssertEqual(device.log, ["w16 0x00000004 <- 0xbeef", "r16 0x00000004 -> 0xbeef"])
    }

    func testVerifyOfABitFieldComparesTheField() {
        device.registers[0] = 0xffff_0000
        XCTAssertEqual(run(["write", "--verify", "--bits", "3:0", "-f", image, "0", "5"]), 0)
        XCTAssertEqual(device.log, [
            "r32 0x00000000 -> 0xffff0000", "w32 0x00000000 <- 0xffff0005", "r32 0x00000000 -> 0xffff0005",
        ])
    }

    func testSetAndClearAreOneReadAndOneWrite() {
        device.registers[0x10] = 0x0f
        XCTAssertEqual(run(["set", "-f", image, "0x10", "0x100"]), 0)
        XCTAssertEqual(run(["clear", "-f", image, "0x10", "0x1"]), 0)
        XCTAssertEqual(device.log, [
            "r32 0x00000010 -> 0x0000000f", "w32 0x00000010 <- 0x0000010f",
            "r32 0x00000010 -> 0x0000010f", "w32 0x00000010 <- 0x0000010e",
        ])
    }

    func testARefusedCommandMakesNoAccess() {
        XCTAssertEqual(run(["write", "-w", "8", "-f", image, "0", "1", "0x100"]), 64)
        XCTAssertEqual(run(["write", "-f", image, "0x3c", "1", "2"]), 64)
        XCTAssertEqual(run(["poll", "-f", image, "--mask", "1", "--value", "3", "0"]), 64)
        XCTAssertEqual(device.log, [])
    }

    func testOutputIsWrittenOutBeforeEachAccessToADevice() throws {
        final class Made: @unchecked Sendable { var spaces: [OutputWatchingSpace] = [] }
        let made = Made()
        access = AccessFactory { target, writable, dryRun, console in
            let space = OutputWatchingSpace(AccessFactory.live.make(target, writable, dryRun, console))
            made.spaces.append(space)
            return space
        }
        // Physical memory (a device): what earlier reads printed is out before the next access.
        let devRoot = FileManager.default.temporaryDirectory.appendingPathComponent("mmio-dev-\(UUID())")
        try FileManager.default.createDirectory(at: devRoot, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: devRoot) }
        FileManager.default.createFile(atPath: devRoot.appendingPathComponent("mem").path, contents: Data(count: 4096))
        XCTAssertEqual(run(["read", "-n", "3", "--dev-root", devRoot.path, "0x10"]), 0)
        XCTAssertEqual(made.spaces.last?.pendingOutput, [false, false, false])
        // A register file is not a device: its output is written in large blocks.
        XCTAssertEqual(run(["read", "-n", "3", "-f", image, "0x10"]), 0)
        XCTAssertEqual(made.spaces.last?.pendingOutput, [false, true, true])
    }

    func testPollReadsUntilTheMaskMatches() {
        device.inverting = [0]
        device.registers[0] = 0xffff_fffe
        XCTAssertEqual(run(["poll", "-f", image, "--mask", "1", "0"]), 0)
        XCTAssertEqual(device.log, ["r32 0x00000000 -> 0x00000001"])
    }
}
