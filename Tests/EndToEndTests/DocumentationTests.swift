import Foundation
import XCTest

/// The man page, the completions and `make install` against what the parser really offers.
final class DocumentationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    var manPage: String { (try? String(contentsOf: Self.root.appendingPathComponent("man/mmio.1"), encoding: .utf8)) ?? "" }

    static let subcommands = ["read", "write", "set", "clear", "dump", "load", "poll", "expect", "watch", "diff",
                              "sleep", "batch", "list", "info", "regs", "decode", "devmem"]

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

    /// The test seams work, from the command line and the environment, and no help page
    /// shows them.
    func testTheTestSeamsAreHiddenFromHelp() throws {
        for name in MMIOProcess.subcommandNames {
            let help = try MMIOProcess.run([name, "--help"])
            XCTAssertEqual(help.status, 0, name)
            for seam in ["--sysfs-root", "--dev-root", "--proc-root", "Test seam"] {
                XCTAssertFalse(help.stdout.contains(seam), "\(name) --help shows \(seam)")
            }
        }
    }

    /// Quotes render as pairs: a quoting macro given several quoted words on one line nests
    /// them (`‘oneToSet, ‘w1c’’’`), which mandoc does not call a warning.
    func testTheManPageQuotesRenderInPairs() throws {
        let rendered = try MMIOProcess.shell("mandoc -T utf8 '\(Self.root.path)/man/mmio.1' | col -b")
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        var open = 0
        for character in rendered.stdout {
            if character == "‘" { open += 1; XCTAssertEqual(open, 1, "a quote opened inside a quote") }
            if character == "’" { open -= 1; XCTAssertEqual(open, 0, "a quote closed twice") }
            if character == "“" || character == "”" { XCTAssertEqual(open, 0, "double quotes inside single ones") }
        }
        XCTAssertEqual(open, 0)
        XCTAssertGreaterThan(rendered.stdout.filter { $0 == "‘" }.count, 100)
    }

    /// Two whole help pages, exactly.
    func testHelpPages() throws {
        assertOutcome(try MMIOProcess.run(["sleep", "--help"]), status: 0, stdout: """
            OVERVIEW: Wait (between batch lines): 10ms, 250us, 1s; a bare number is
            seconds.

            EXAMPLES:
              mmio sleep 10ms
              mmio batch -s 00:04.0 script.txt   (with sleep 250us lines)

            USAGE: mmio sleep <duration> [--json]

            ARGUMENTS:
              <duration>              How long.

            OPTIONS:
              --json                  One JSON object per result line (values as exact hex
                                      strings).
              --version               Show the version.
              -h, --help              Show help information.


            """)
        assertOutcome(try MMIOProcess.run(["diff", "--help"]), status: 0, stdout: """
            OVERVIEW: Compare live registers with a saved image (as dump --raw writes it),
            or with --reset the description's reset values: a line per difference; exit 3
            when any.

            EXAMPLES:
              mmio diff -s 00:04.0 -b 2 0 saved.bin
              mmio diff -f regs.bin -w 8 0x10 before.bin
              mmio diff --reset --regs board.svd UART0

            USAGE: mmio diff [<options>] <address> [<file>]

            ARGUMENTS:
              <address>               Address, offset, or a register name with --regs:
                                      where the image starts.
              <file>                  The saved image; its size is the range compared.

            OPTIONS:
              -s, --slot <[[domain:]bus:]dev.fn>
                                      PCI device by slot, as lspci -s.
              -d, --device <vendor:device[@K]>
                                      PCI device by id, as lspci -d; @K picks the K-th
                                      match (from 0).
              -b, --bar <n>           With -s/-d: the BAR, 0 to 5 (default 0).
              --wc                    With -s/-d: map resourceN_wc (write-combining;
                                      prefetchable BARs only).
              --config                With -s/-d: the device's PCI configuration space,
                                      through libpci (setpci's names work as ADDRESS).
              --vfio                  With -s/-d: the BAR through VFIO (the device bound to
                                      vfio-pci, behind the IOMMU).
              -u, --uio <uioN|name>   UIO device by node (uio0) or by its sysfs name.
              -m, --map <n>           With -u: the UIO map index (default 0).
              -f, --file <path>       Any mmap-able file: a resourceN file, a saved
                                      register image.
              -P, --platform <device> A platform, AMBA or ACPI/PNP device: its name,
                                      device-tree node path, alias, compatible[@K] or
                                      ACPI/PNP id[@K].
              -r, --region <n|name>   With -P: the region, by index or reg-names entry
                                      (default 0).
              -p, --port              x86 I/O port space (0 to 0xffff): ioperm() and one
                                      in/out instruction of the width.
              -w, --width <bits>      Access width in bits: 8, 16, 32 or 64 (default 32).
              --unaligned             Allow an address that is not a multiple of the width.
              --dry-run               Print each access that would be made; make none, open
                                      nothing for writing.
              --trace                 Print each access made to standard error.
              --endian <little|big>   The register's byte order, little (default) or big: a
                                      big-endian value is byte-swapped after each load and
                                      before each store.
              --regs <file>           Register description: CMSIS-SVD, IP-XACT or mmio's
                                      plain format (default $MMIO_REGS); register names
                                      then stand for addresses.
              --force                 With --regs: allow reads the description says have
                                      side effects.
              --peripheral <name>     With --regs, on a target other than physical memory:
                                      the peripheral (or address block) the target is, so
                                      that numbers are checked and decoded as its registers.
              --strict                With --regs: refuse a description with any defect the
                                      reader would tolerate (by default it loads with a
                                      warning per kind of defect, and only what a defect
                                      affects is refused).
              --json                  One JSON object per result line (values as exact hex
                                      strings).
              --reset                 With --regs: compare each register (of the peripheral
                                      ADDRESS names, or the register) with its reset value
                                      in the description, field by field.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    /// Every subcommand's help shows two to four examples, each a whole mmio command, and
    /// describes each of its positional arguments.
    func testEveryHelpPageHasExamplesAndDescribesItsArguments() throws {
        for subcommand in Self.subcommands {
            let help = try MMIOProcess.run([subcommand, "--help"]).stdout
            let examples = help.components(separatedBy: "EXAMPLES:\n").dropFirst().first?
                .components(separatedBy: "\n\n").first?.split(separator: "\n") ?? []
            XCTAssertTrue((2...4).contains(examples.count), "\(subcommand): \(examples.count) examples")
            for example in examples {
                XCTAssertTrue(example.hasPrefix("  mmio ") || example.hasPrefix("  printf ") || example.hasPrefix("  echo "), "\(subcommand): \(example)")
            }
            guard let arguments = help.components(separatedBy: "ARGUMENTS:\n").dropFirst().first?
                .components(separatedBy: "\n\n").first else { continue }
            for line in arguments.split(separator: "\n") where line.hasPrefix("  <") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                XCTAssertGreaterThan(words.count, 1, "\(subcommand): \(line) has no description")
            }
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
        // Stripped: no symbol table, no debug sections.
        let sections = try MMIOProcess.shell("readelf -S '\(prefix)bin/mmio'")
        XCTAssertEqual(sections.status, 0, sections.stderr)
        XCTAssertFalse(sections.stdout.contains(".symtab") || sections.stdout.contains(".debug_"), sections.stdout)
        // The installed binary is the one tested, stamp and all.
        assertOutcome(try MMIOProcess.shell("'\(prefix)bin/mmio' --version"), status: 0,
                      stdout: try MMIOProcess.run(["--version"]).stdout)
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
