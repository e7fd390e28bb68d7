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
        return Self.listing(of: function, in: outcome.stdout, from: MMIOProcess.binary.path)
    }

    /// One function's instructions in a disassembly (objdump's or llvm-objdump's), each without
    /// its address or bytes, operands after one blank.
    static func listing(of function: String, in disassembly: String, from file: String) -> [String] {
        guard let start = disassembly.range(of: "<\(function)>:\n") else {
            XCTFail("no \(function) in the disassembly of \(file)")
            return []
        }
        return disassembly[start.upperBound...]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .compactMap { line in line.split(separator: "\t", maxSplits: 1).last.map { $0.replacingOccurrences(of: "\t", with: " ") } }
    }

    // MARK: arm64, without an arm64 Swift toolchain: the access module compiled by the toolchain's
    // clang for aarch64-linux-gnu (Debian's libc6-dev-arm64-cross), read back with llvm-objdump,
    // and run under qemu-aarch64 (Debian's qemu-user).

    /// Compiles the access module (and `extra` sources) for arm64 into `output`.
    func compileForArm64(_ output: String, _ flags: [String], _ extra: [String] = []) throws {
        let root = DocumentationTests.root
        let outcome = try MMIOProcess.tool("clang", [
            "--target=aarch64-linux-gnu", "--sysroot=/usr/aarch64-linux-gnu", "--gcc-toolchain=/usr", "-O2", "-Wall",
            "-Werror", "-I", root.appendingPathComponent("Sources/CMMIOAccess/include").path,
        ] + flags + extra + [root.appendingPathComponent("Sources/CMMIOAccess/access.c").path, "-o", output],
            environment: MMIOProcess.childEnvironment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }

    func arm64Instructions(_ function: String, in object: String) throws -> [String] {
        let outcome = try MMIOProcess.tool("llvm-objdump", ["-d", "--no-show-raw-insn", "--disassemble-symbols=\(function)", object],
                                          environment: MMIOProcess.childEnvironment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return Self.listing(of: function, in: outcome.stdout, from: object)
    }

    /// As Linux's readl and writel on arm64: a load is one ldr of its width, then `dmb oshld`; a
    /// store is `dmb oshst`, then one str of its width (64 bits in one ldr or str of an x
    /// register, never two). No CPU-to-CPU fence (`dmb ish`) stands in for them.
    func testArm64AccessesAreOrderedAsLinuxOrdersThemThere() throws {
        let scratch = try Scratch()
        let object = scratch.path("access-arm64.o")
        try compileForArm64(object, ["-c"])
        for (bits, load, store) in [(8, "ldrb w", "strb w"), (16, "ldrh w", "strh w"), (32, "ldr w", "str w"), (64, "ldr x", "str x")] {
            let loads = try arm64Instructions("mmio_load\(bits)", in: object)
            let loadBarrier = try XCTUnwrap(loads.firstIndex(of: "dmb oshld"), "mmio_load\(bits): no dmb oshld in \(loads)")
            let lastLoad = loads[..<loadBarrier].last { $0.hasPrefix("ldr") || $0.hasPrefix("ldp") }
            XCTAssertTrue(lastLoad?.hasPrefix(load) == true, "mmio_load\(bits): \(lastLoad ?? "nothing") before dmb oshld in \(loads)")
            let stores = try arm64Instructions("mmio_store\(bits)", in: object)
            let storeBarrier = try XCTUnwrap(stores.firstIndex(of: "dmb oshst"), "mmio_store\(bits): no dmb oshst in \(stores)")
            XCTAssertTrue(stores[storeBarrier + 1].hasPrefix(store), "mmio_store\(bits): \(stores[storeBarrier + 1]) after dmb oshst")
            for code in [loads, stores] { XCTAssertFalse(code.contains { $0.hasPrefix("dmb ish") }, "\(bits): \(code)") }
        }
        XCTAssertTrue(try arm64Instructions("mmio_load_block", in: object).contains("dmb oshld"))
        XCTAssertTrue(try arm64Instructions("mmio_store_block", in: object).contains("dmb oshst"))
    }

    /// The module on an arm64 CPU (emulated): every width through a shared mapping of a real
    /// file, an unaligned access to ordinary memory, block copies, and a fault caught by the guard.
    func testTheAccessModuleWorksOnArm64UnderQEMU() throws {
        let scratch = try Scratch()
        let program = scratch.path("access-test")
        try compileForArm64(program, ["-static", "-fuse-ld=lld"], [DocumentationTests.root.appendingPathComponent("Tests/Arm64/access_test.c").path])
        let outcome = try MMIOProcess.tool("qemu-aarch64", [program, scratch.path("image.bin")], environment: MMIOProcess.childEnvironment)
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let lines = outcome.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 10, outcome.stdout)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("ok ") }, outcome.stdout)
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
