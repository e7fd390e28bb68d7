import Foundation
import XCTest

/// The man page, the completions and `make install` against what the parser really offers.
final class DocumentationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    var manPage: String { (try? String(contentsOf: Self.root.appendingPathComponent("man/mmio.1"), encoding: .utf8)) ?? "" }

    static let subcommands = ["read", "write", "set", "clear", "dump", "load", "poll", "expect", "watch", "diff",
                              "sleep", "batch", "list", "info", "regs", "devmem"]

    /// Subcommands and options as `--help` lists them.
    func helpWords() throws -> (subcommands: [String], long: Set<String>, short: Set<String>) {
        let top = try MMIOProcess.run(["--help"]).stdout
        // Subcommand lines are indented by two spaces; wrapped descriptions by more.
        let listed = top.components(separatedBy: "SUBCOMMANDS:").last!.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "help" && $0 != "See" }
        var long = Set<String>(), short = Set<String>()
        let option = try Regex("(?m)^\\s+(-\\w)?,?\\s*(--[\\w-]+)?")
        for command in [[]] + listed.map({ [$0] }) {
            let help = try MMIOProcess.run(command + ["--help"]).stdout
            for match in help.matches(of: option) {
                if let flag = match.output[1].substring { short.insert(String(flag)) }
                if let flag = match.output[2].substring { long.insert(String(flag)) }
            }
        }
        return (listed, long, short)
    }

    func testEverySubcommandAndOptionOfHelpIsInTheManPage() throws {
        let (listed, long, short) = try helpWords()
        XCTAssertEqual(Set(listed), Set(Self.subcommands), "--help lists every subcommand")
        XCTAssertGreaterThan(long.count, 25)
        for subcommand in listed {
            XCTAssertTrue(manPage.contains(".It Cm \(subcommand)"), "man page describes \(subcommand)")
        }
        for option in long {
            let spelled = "Fl \\-" + option.dropFirst(2)
            XCTAssertTrue(manPage.contains(spelled), "man page documents \(option)")
        }
        for option in short {
            XCTAssertTrue(manPage.contains("Fl \(option.dropFirst())"), "man page documents \(option)")
        }
        for variable in ["MMIO_SYSFS_ROOT", "MMIO_DEV_ROOT", "MMIO_PROC_ROOT", "MMIO_PCI_IDS", "MMIO_REGS"] {
            XCTAssertTrue(manPage.contains(".It Ev \(variable)"), variable)
        }
    }

    func testEachCompletionScriptMentionsEverySubcommand() throws {
        for shell in ["bash", "zsh", "fish"] {
            let outcome = try MMIOProcess.run(["--generate-completion-script", shell])
            XCTAssertEqual(outcome.status, 0, shell)
            XCTAssertGreaterThan(outcome.stdout.count, 1000, shell)
            for subcommand in Self.subcommands {
                XCTAssertTrue(outcome.stdout.contains(subcommand), "\(shell) completion mentions \(subcommand)")
            }
        }
    }

    func testInstallIntoADestdirAndUninstall() throws {
        let scratch = try Scratch()
        let destdir = scratch.path("stage")
        let make = "make -s -C '\(Self.root.path)' DESTDIR='\(destdir)' PREFIX=/opt/mmio BIN='\(MMIOProcess.binary.path)'"
        let install = try MMIOProcess.shell("\(make) install-files")
        XCTAssertEqual(install.status, 0, install.stderr)
        let files = [
            "bin/mmio", "share/man/man1/mmio.1", "share/bash-completion/completions/mmio",
            "share/zsh/site-functions/_mmio", "share/fish/vendor_completions.d/mmio.fish",
        ]
        let installed = try MMIOProcess.shell("cd '\(destdir)/opt/mmio' && find . -type f | sort")
        XCTAssertEqual(installed.stdout, files.sorted().map { "./\($0)\n" }.joined())
        let prefix = destdir + "/opt/mmio/"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: prefix + "bin/mmio"))
        assertOutcome(try MMIOProcess.shell("'\(prefix)bin/mmio' --version"), status: 0, stdout: "0.1.0\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: prefix + "share/man/man1/mmio.1")),
                       try Data(contentsOf: Self.root.appendingPathComponent("man/mmio.1")))
        for file in files.dropFirst(2) {
            let text = try String(contentsOfFile: prefix + file, encoding: .utf8)
            XCTAssertTrue(text.contains("batch") && text.contains("devmem"), file)
        }
        let rendered = try MMIOProcess.shell("MANWIDTH=80 man -l '\(prefix)share/man/man1/mmio.1' 2>&1")
        XCTAssertEqual(rendered.status, 0)
        XCTAssertTrue(rendered.stdout.contains("peek and poke memory-mapped device registers"))
        XCTAssertTrue(rendered.stdout.contains("EXIT STATUS"))
        let lint = try MMIOProcess.shell("mandoc -T lint -W warning '\(prefix)share/man/man1/mmio.1'")
        XCTAssertEqual(lint.status, 0, "mandoc reports nothing above style level: \(lint.stdout)\(lint.stderr)")
        XCTAssertEqual(lint.stdout + lint.stderr, "")
        let uninstall = try MMIOProcess.shell("\(make) uninstall")
        XCTAssertEqual(uninstall.status, 0, uninstall.stderr)
        XCTAssertEqual(try MMIOProcess.shell("find '\(destdir)' -type f").stdout, "")
    }
}
