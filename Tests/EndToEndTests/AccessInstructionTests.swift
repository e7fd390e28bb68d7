import XCTest

/// The instructions the binary under test makes its accesses with, read back with objdump: a
/// store is always followed by mfence (Linux's mb(), which orders device and write-combining
/// memory), and so is a load from write-combining memory. A load from other memory needs no
/// fence instruction on x86 (the CPU keeps loads in order there, as Linux's readl relies on),
/// but it still may not be followed by a locked instruction standing in for a fence.
final class AccessInstructionTests: XCTestCase {
    /// The instructions of one C function of the binary, without addresses or bytes.
    func instructions(_ function: String) throws -> [String] {
        let outcome = try MMIOProcess.tool(
            "objdump", ["-d", "--no-show-raw-insn", "--disassemble=\(function)", MMIOProcess.binary.path],
            environment: MMIOProcess.childEnvironment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        guard let start = outcome.stdout.range(of: "<\(function)>:\n") else {
            XCTFail("objdump found no \(function) in \(MMIOProcess.binary.path)")
            return []
        }
        return outcome.stdout[start.upperBound...]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .compactMap { line in line.split(separator: "\t", maxSplits: 1).last.map(String.init) }
    }

    #if arch(x86_64)
    func testEveryStoreIsFollowedByMfence() throws {
        for function in ["mmio_store8", "mmio_store16", "mmio_store32", "mmio_store64", "mmio_store_block"] {
            let code = try instructions(function)
            XCTAssertFalse(code.isEmpty, function)
            XCTAssertTrue(code.contains { $0.hasPrefix("mfence") }, "\(function): no mfence in \(code)")
            XCTAssertFalse(code.contains { $0.hasPrefix("lock") }, "\(function): a locked instruction in \(code)")
        }
    }

    func testLoadsFromWriteCombiningMemoryAreFollowedByMfence() throws {
        for function in ["mmio_load8", "mmio_load16", "mmio_load32", "mmio_load64", "mmio_load_block"] {
            let code = try instructions(function)
            XCTAssertTrue(code.contains { $0.hasPrefix("mfence") }, "\(function): no mfence in \(code)")
            XCTAssertFalse(code.contains { $0.hasPrefix("lock") }, "\(function): a locked instruction in \(code)")
        }
    }

    func testPortAccessesAreFollowedByMfence() throws {
        for function in ["mmio_port_in", "mmio_port_out"] {
            let code = try instructions(function)
            XCTAssertTrue(code.contains { $0.hasPrefix("mfence") }, "\(function): no mfence in \(code)")
        }
    }
    #endif
}
