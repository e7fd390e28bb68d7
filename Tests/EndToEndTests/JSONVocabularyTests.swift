import Foundation
import XCTest

/// `--json` on every subcommand, in one vocabulary; every line the tests print is validated
/// against schema/mmio.schema.json after the run (Tests/check-json-outputs.py, in make unit).
final class JSONVocabularyTests: RegisterImageTestCase {
    /// The write-side subcommands report what they did, so a script can log it.
    func testWritesReportWhatTheyDid() throws {
        assertOutcome(try mmio("write", "-f", image, "0x10", "1", "2", "--json"), status: 0, stdout: """
            {"address":"0x00000010","width":32,"value":"0x00000001"}
            {"address":"0x00000014","width":32,"value":"0x00000002"}

            """)
        assertOutcome(try mmio("set", "-f", image, "-w", "16", "0x10", "0x100", "--json"), status: 0,
                      stdout: "{\"address\":\"0x00000010\",\"width\":16,\"value\":\"0x0101\"}\n")
        assertOutcome(try mmio("clear", "-f", image, "-w", "8", "0x10", "1", "--json"), status: 0,
                      stdout: "{\"address\":\"0x00000010\",\"width\":8,\"value\":\"0x00\"}\n")
        assertOutcome(try mmio("write", "-f", image, "--bits", "7:4", "0x20", "0xa", "--json"), status: 0,
                      stdout: "{\"address\":\"0x00000020\",\"width\":32,\"bits\":\"7:4\",\"value\":\"0xa\"}\n")
        let file = try scratch.file("data.bin", [1, 2, 3, 4, 5, 6, 7, 8])
        assertOutcome(try mmio("load", "-f", image, "0x30", file, "--json"), status: 0,
                      stdout: "{\"address\":\"0x00000030\",\"width\":32,\"size\":\"0x8\"}\n")
        assertOutcome(try mmio("expect", "-f", image, "0x4", "0x07060504", "--json"), status: 0,
                      stdout: "{\"address\":\"0x00000004\",\"width\":32,\"value\":\"0x07060504\",\"expected\":\"0x07060504\",\"mask\":\"0xffffffff\",\"matched\":true}\n")
        assertOutcome(try mmio("expect", "-f", image, "0x4", "1", "--mask", "0xff", "--json"), status: 3,
                      stdout: "{\"address\":\"0x00000004\",\"width\":32,\"value\":\"0x07060504\",\"expected\":\"0x00000001\",\"mask\":\"0x000000ff\",\"matched\":false}\n",
                      stderrContains: ["mmio: expect failed at 0x00000004"])
        assertOutcome(try mmio("sleep", "1ms", "--json"), status: 0, stdout: "")
    }

    /// Every line of `batch --json` is JSON, whatever its subcommand.
    func testEveryBatchLineIsJSON() throws {
        let saved = try scratch.file("saved.bin", Array(counting[0..<8]))
        let script = """
            read 0
            write 0x8 0x11
            set 0x8 0x100
            clear 0x8 1
            expect 0xc 0x0f0e0d0c
            dump 0 0x10
            diff 0 \(saved)
            info
            sleep 1ms
            watch 0 --timeout 1ms

            """
        let outcome = try MMIOProcess.run(["batch", "-f", image, "--json"], stdin: Data(script.utf8))
        assertOutcome(outcome, status: 0, stderrEmpty: true)
        let lines = outcome.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 8, outcome.stdout)
        for line in lines {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line))
            XCTAssertTrue(line.hasPrefix("{\""), String(line))
        }
        XCTAssertTrue(lines[6].hasPrefix("{\"kind\":\"file\",\"target\":"), String(lines[6]))
    }

    /// A described register dump: decoded registers, and the ones not read and why.
    func testDescribedDump() throws {
        let board = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Descriptions/board.regs").path
        let outcome = try mmio("dump", "-f", image, "--regs", board, "UART0.CTRL", "0x10", "--json")
        assertOutcome(outcome, status: 0, stdout: """
            {"address":"0x00000000","width":32,"name":"UART0.CTRL","value":"0x03020100","fields":[{"name":"EN","bits":"0:0","value":"0x0","enum":"OFF"},{"name":"MODE","bits":"2:1","value":"0x0","enum":"IDLE"},{"name":"DIV","bits":"15:8","value":"0x01"}]}
            {"address":"0x00000004","width":32,"name":"UART0.STATUS","value":"0x07060504","fields":[{"name":"RXNE","bits":"0:0","value":"0x0"},{"name":"TC","bits":"1:1","value":"0x0"},{"name":"ORE","bits":"2:2","value":"0x1"}]}
            {"address":"0x00000008","width":16,"name":"UART0.DATA","skipped":"reading UART0.DATA has side effects (the description says a read changes it); --force reads it anyway"}
            {"address":"0x0000000c","width":32,"name":"UART0.KEY","skipped":"UART0.KEY is write-only: mmio does not read it"}

            """)
    }

    /// One padding rule: addresses in 8 hex digits, or 16 past 32 bits; a value in width/4.
    func testAddressesAndValuesArePaddedOneWay() throws {
        let big = try scratch.sparse("big.bin", size: 0x1_0000_1000)
        assertOutcome(try MMIOProcess.run(["read", "-f", big, "0x100000ff0", "-w", "8", "--json"]), status: 0,
                      stdout: "{\"address\":\"0x0000000100000ff0\",\"width\":8,\"value\":\"0x00\"}\n")
        assertOutcome(try mmio("info", "-f", image, "--json"), status: 0, stdout: """
            {"kind":"file","target":"\(image!)","file":"\(image!)","file_exists":true,"offset":"0x00000000","size":"0x40","physical":null,"flags":[],"method":"mmap","synchronous":false,"notes":[],"fallback":null,"warnings":[]}

            """)
    }
}
