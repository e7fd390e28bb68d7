import ArgumentParser
@testable import MMIOCLI
import MMIOKit
import XCTest

/// The one-shot fast lane must plan exactly as ArgumentParser's parse of the same command line,
/// and leave everything else to ArgumentParser.
final class OneShotParserTests: XCTestCase {
    func describe(_ plan: CommandPlan) -> String {
        "\(plan.operation) \(plan.selection) \(plan.roots) \(plan.settings) \(plan.namesTarget)"
    }

    func fullPlan(_ arguments: [String]) throws -> CommandPlan {
        let command = try MMIOCommand.parseAsRoot(arguments)
        return try XCTUnwrap(command as? PlannedCommand).plan()
    }

    func testAcceptedLinesPlanAsArgumentParserDoes() throws {
        let accepted: [[String]] = [
            ["read", "0x10"], ["read", "-w", "8", "4096"], ["read", "--width", "64", "0x1_000"],
            ["read", "-f", "/tmp/regs", "0b100"], ["read", "--file", "x", "-n", "4", "0"],
            ["read", "0", "-n", "0x10", "-w", "16"], ["read", "--dev-root", "/tmp/d", "0xfe000000"],
            ["write", "0x10", "1"], ["write", "-w", "16", "-f", "r", "2", "3", "4", "0xffff"],
            ["write", "--dev-root", "/d", "0", "0x1_0000_0000"], ["write", "0", "0x100", "-w", "8"],
            ["devmem", "0x10"], ["devmem", "0x10", "8"], ["devmem", "0x10", "h"], ["devmem", "0x10", "L"],
            ["devmem", "0x10", "32", "0xdeadbeef"], ["devmem", "16", "64", "5", "--dev-root", "/x"],
            ["devmem", "0x10", "12"],
        ]
        for arguments in accepted {
            guard let fast = OneShotParser.plan(arguments) else {
                if arguments == ["devmem", "0x10", "12"] { continue }  // bad width: ArgumentParser's path reports it
                XCTFail("fast lane should take \(arguments)")
                continue
            }
            XCTAssertEqual(describe(fast), describe(try fullPlan(arguments)), "\(arguments)")
        }
    }

    func testEverythingElseGoesToArgumentParser() {
        let declined: [[String]] = [
            ["read"], ["read", "0x10", "0x20"], ["read", "--bits", "3:0", "0"], ["read", "-s", "00:03.0", "0"],
            ["read", "--width=8", "0"], ["read", "-w8", "0"], ["read", "-w", "8", "-w", "16", "0"],
            ["read", "-f", "a", "-f", "b", "0"], ["read", "-w", "12", "0"], ["read", "0xZZ"], ["read", "--", "0"],
            ["read", "--json", "0"], ["read", "--trace", "0"], ["read", "-f", "-x", "0"], ["read", "0", "-n"],
            ["write", "0"], ["write", "--verify", "0", "1"], ["write", "-n", "2", "0", "1"],
            ["devmem"], ["devmem", "0", "32", "1", "2"], ["devmem", "-w", "8", "0"], ["devmem", "-f", "x", "0"],
            ["dump", "0"], ["poll", "0"], ["list"], ["read", "--help"], ["read", "-h"], ["--version"],
        ]
        for arguments in declined {
            XCTAssertNil(OneShotParser.plan(arguments), "\(arguments)")
        }
    }
}
