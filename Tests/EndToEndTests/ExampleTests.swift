import Foundation
import XCTest

/// The documents' examples print what the documents show: the README's quick start and the
/// man page's examples that need no hardware run here, in a scratch copy of the repository's
/// files, through `Tools/check-examples.sh` (the lab runs the real-hardware ones the same way).
final class ExampleTests: XCTestCase {
    static let root = DocumentationTests.root

    /// Runs one marked part of `document` in a scratch folder holding the files the examples
    /// use, and returns how many examples ran.
    func check(_ document: String, part: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let scratch = try Scratch()
        for item in ["examples", "lab", "README.md", "man"] {
            try FileManager.default.copyItem(
                atPath: Self.root.appendingPathComponent(item).path, toPath: scratch.path(item))
        }
        let outcome = try MMIOProcess.shell(
            "cd '\(scratch.path(""))' && MMIO='\(MMIOProcess.binary.path)' sh '\(Self.root.path)/Tools/check-examples.sh' '\(document)' \(part)")
        XCTAssertEqual(outcome.status, 0, "\(document) \(part):\n\(outcome.stdout)\(outcome.stderr)", file: file, line: line)
        let verdict = outcome.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(verdict.hasPrefix("examples: ") && verdict.hasSuffix(" passed, 0 failed"), verdict, file: file, line: line)
        return Int(verdict.dropFirst("examples: ".count).prefix { $0.isNumber }) ?? 0
    }

    func testTheReadmeQuickStartPrintsWhatItShows() throws {
        XCTAssertGreaterThanOrEqual(try check("README.md", part: "quickstart"), 25)
    }

    func testTheManPageExamplesThatNeedNoHardwarePrintWhatTheyShow() throws {
        XCTAssertGreaterThanOrEqual(try check("man/mmio.1", part: "man"), 8)
    }

    /// A mismatch fails: the checker is not a rubber stamp.
    func testTheCheckerFailsOnAnExampleThatPrintsSomethingElse() throws {
        let scratch = try Scratch()
        _ = try scratch.text("doc.md", """
            <!-- examples: t -->
                $ mmio read -f regs.bin 0
                0x00000001
            <!-- examples: end -->

            """)
        _ = try scratch.file("regs.bin", [0, 0, 0, 0])
        let outcome = try MMIOProcess.shell(
            "cd '\(scratch.path(""))' && MMIO='\(MMIOProcess.binary.path)' sh '\(Self.root.path)/Tools/check-examples.sh' doc.md t")
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stdout, """
            not ok - $ mmio read -f regs.bin 0
            # it printed:
            #   0x00000000
            # the document shows:
            #   0x00000001
            examples: 0 passed, 1 failed

            """)
    }

    /// Every `$ ` example of the README is in a part that is run: the quick start here, the
    /// real-hardware part in the lab. No example is left to go stale.
    func testEveryReadmeExampleIsInAPartThatRuns() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        var part: String?
        var counts: [String: Int] = [:]
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<!-- examples: ") {
                let name = String(line.dropFirst("<!-- examples: ".count).dropLast(" -->".count))
                part = name == "end" ? nil : name
                continue
            }
            guard line.hasPrefix("    $ ") else { continue }
            XCTAssertTrue(part == "quickstart" || part == "hardware", "not run: \(line)")
            counts[part ?? "", default: 0] += 1
        }
        XCTAssertGreaterThanOrEqual(counts["hardware"] ?? 0, 15)
        // The lab runs the hardware part of both documents.
        let lab = try String(contentsOf: Self.root.appendingPathComponent("lab/guest-tests.sh"), encoding: .utf8)
        XCTAssertTrue(lab.contains("for document in README.md man/mmio.1; do"), "the lab runs the documents' hardware examples")
        XCTAssertTrue(lab.contains("check-examples.sh\" \"$LAB/../$document\" hardware"))
    }

    /// The quick start gets a newcomer from a fresh build to a decoded named register in three
    /// commands.
    func testTheQuickStartReachesADecodedNamedRegisterInThreeCommands() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let quickStart = readme.components(separatedBy: "<!-- examples: quickstart -->")[1]
        let commands = quickStart.split(separator: "\n").filter { $0.hasPrefix("    $ ") }
        XCTAssertTrue(commands[2].contains("--decode UART0.CTRL"), "\(commands.prefix(3))")
        XCTAssertTrue(quickStart.contains("    UART0.CTRL = 0x00001a05\n      [0]    EN   = 0x1 (ON)"))
    }

    /// The exit status reads the same in `mmio --help`, the README and the man page: the same
    /// codes, each with the same words first.
    func testTheExitStatusIsDescribedTheSameWayEverywhere() throws {
        let help = try MMIOProcess.run(["--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
        let summary = try XCTUnwrap(help.range(of: "EXIT STATUS: ").map { help[$0.upperBound...] })
        let sentence = summary.prefix { $0 != "." }
        var meanings: [(codes: String, words: String)] = []
        for item in sentence.components(separatedBy: "; ") {
            let codes = item.prefix { $0.isNumber || $0 == "," || $0 == " " }.trimmingCharacters(in: .whitespaces)
            let words = item.dropFirst(codes.count).trimmingCharacters(in: .whitespaces)
            meanings.append((codes, String(words.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)))
        }
        XCTAssertEqual(meanings.map(\.codes), ["0", "1", "2", "3", "4", "64", "130, 143", "141"])
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "## Exit status\n")[1].components(separatedBy: "\n## ")[0]
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| code") && !$0.hasPrefix("| ---") }
        XCTAssertEqual(rows.count, meanings.count, "README rows: \(rows)")
        let manPage = try String(contentsOf: Self.root.appendingPathComponent("man/mmio.1"), encoding: .utf8)
        let manStatus = manPage.components(separatedBy: ".Sh EXIT STATUS\n")[1].components(separatedBy: ".El")[0]
        let manItems = manStatus.components(separatedBy: ".It ").dropFirst().map { $0.replacingOccurrences(of: "\n", with: " ") }
        XCTAssertEqual(manItems.count, meanings.count, "man page items")
        for (index, meaning) in meanings.enumerated() {
            let row = String(rows[index])
            XCTAssertTrue(row.hasPrefix("| \(meaning.codes) | \(meaning.words)"), "README: \(row) (help: \(meaning))")
            let item = manItems[index]
            let manCodes = meaning.codes.replacingOccurrences(of: ", ", with: " , ")
            XCTAssertTrue(item.lowercased().hasPrefix("\(manCodes) \(meaning.words.lowercased())"), "man: \(item) (help: \(meaning))")
        }
    }
}
