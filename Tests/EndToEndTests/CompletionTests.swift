import Foundation
import XCTest

/// Completions that know the machine, in real shells: the scripts `mmio
/// --generate-completion-script` prints, loaded into bash (with bash-completion), fish and zsh,
/// asked for candidates on a test sysfs tree. The candidates come from mmio itself (the scripts
/// call it back), so the binary under test is on the shells' PATH as `mmio`.
final class CompletionTests: XCTestCase {
    static let helpers = DocumentationTests.root.appendingPathComponent("Tests/Completion")
    static let board = DocumentationTests.root.appendingPathComponent("Tests/Descriptions/board.regs").path

    var scratch: Scratch!
    /// The tree `MMIO_SYSFS_ROOT` names, and a second one to name with `--sysfs-root`.
    var tree: SysfsTree!
    var other: SysfsTree!
    var otherScratch: Scratch!

    /// Slots in two domains; 8086:1533 twice (so `@K`); BARs 0 and 2 on 00:04.0, BAR4 alone on
    /// 0001:02:00.0. UIO: uio0 "timer" with two maps, uio1 "gpio-ctl" with one.
    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32),
            .init(index: 2, start: 0x38_0000_0000, size: 0x10_0000, flags: SysfsTree.BAR.memory64Prefetchable)]))
        for slot in ["0000:00:05.0", "0000:00:06.0"] {
            try tree.add(.init(slot: slot, vendor: 0x8086, device: 0x1533, bars: [
                .init(index: 0, start: 0xfd00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)]))
        }
        try tree.add(.init(slot: "0001:02:00.0", vendor: 0x1af4, device: 0x1041, bars: [
            .init(index: 4, start: 0xfc00_0000, size: 0x4000, flags: SysfsTree.BAR.memory32)]))
        try tree.addUIO(node: "uio0", name: "timer", maps: [(0xfe10_0000, 0x1000, 0, nil), (0xfe20_0000, 0x1000, 0, nil)])
        try tree.addUIO(node: "uio1", name: "gpio-ctl", maps: [(0xfe30_0000, 0x1000, 0, nil)])
        otherScratch = try Scratch()
        other = SysfsTree(scratch: otherScratch)
        try other.add(.init(slot: "0000:03:00.0", vendor: 0xabcd, device: 0x0001, bars: [
            .init(index: 1, start: 0xfb00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)]))
        // The shells' PATH and working directory: the binary as `mmio`, and files to complete.
        try FileManager.default.createDirectory(atPath: scratch.path("bin"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("bin/mmio"), withDestinationPath: MMIOProcess.binary.path)
        try scratch.text("work/image.bin", "")
        try scratch.text("work/script.batch", "")
        try FileManager.default.createDirectory(atPath: scratch.path("work/saved"), withIntermediateDirectories: true)
    }

    /// The completion script for `shell`, written where the shells can load it.
    func script(_ shell: String) throws -> String {
        let generated = try MMIOProcess.run(["--generate-completion-script", shell])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        return try scratch.text("mmio.\(shell)", generated.stdout)
    }

    /// Runs `tool` with the binary on PATH as `mmio`, the test tree as `$MMIO_SYSFS_ROOT`, in
    /// a folder with files to complete.
    func run(_ tool: String, _ arguments: [String]) throws -> Outcome {
        var env = MMIOProcess.childEnvironment
        env["PATH"] = scratch.path("bin") + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["MMIO_SYSFS_ROOT"] = tree.root
        env["MMIO_REGS"] = nil
        return try MMIOProcess.tool(tool, arguments, environment: env, directory: scratch.path("work"))
    }

    /// What bash offers at the end of each line: `== LINE` and the sorted candidates.
    func bashCandidates(_ lines: [String]) throws -> String {
        let outcome = try run("bash", [Self.helpers.appendingPathComponent("bash-candidates.sh").path, try script("bash")] + lines)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stderr, "")
        return outcome.stdout
    }

    /// The command line each line becomes when TAB is pressed at its end, in a real interactive
    /// `shell`.
    func typed(in shell: String, _ lines: [String]) throws -> [String] {
        let outcome = try run("python3", [Self.helpers.appendingPathComponent("complete-in-shell.py").path, shell, try script(shell)] + lines)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let results = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: String]] ?? []
        return results.map { $0["buffer"] ?? "" }
    }

    /// `-P` offers the platform devices with memory regions and the tree's aliases; `-r` the
    /// regions of the device named, by index and by `reg-names`.
    func testBashOffersPlatformDevicesAliasesAndRegions() throws {
        let made = try MMIOProcess.tool(
            "python3", [PlatformTests.platform.appendingPathComponent("platform_tree.py").path, "handmade", scratch.path("board")],
            environment: MMIOProcess.childEnvironment)
        XCTAssertEqual(made.status, 0, made.stderr)
        let root = "--sysfs-root " + scratch.path("board/sys") + " --proc-root " + scratch.path("board/proc")
        XCTAssertEqual(try bashCandidates([
            "mmio read \(root) -P ", "mmio read \(root) -P 3f2", "mmio read \(root) -P 3f100000.watchdog -r ",
            "mmio read \(root) --platform serial0 --region ", "mmio read \(root) -P nothing -r ",
        ]), """
            == mmio read \(root) -P 
            00:05
            3f100000.watchdog
            3f201000.serial
            3f215040.serial
            3f300000.eth
            3f400000.sleepy
            3f500000.split
            8000000000.timer
            PNP0103:00
            serial0
            serial1
            == mmio read \(root) -P 3f2
            3f201000.serial
            3f215040.serial
            == mmio read \(root) -P 3f100000.watchdog -r 
            0
            1
            asb
            pm
            == mmio read \(root) --platform serial0 --region 
            0
            == mmio read \(root) -P nothing -r 

            """)
    }

    func testBashOffersTheSlotsIdsBARsAndUIODevicesOfTheTree() throws {
        XCTAssertEqual(try bashCandidates([
            "mmio read -s ", "mmio read -s 00:0", "mmio read -s 0000:",
            "mmio read -d ", "mmio read -d 8086:",
            "mmio read -s 00:04.0 -b ", "mmio read -d 8086:1533@1 -b ", "mmio read -s 0001:02:00.0 -b ", "mmio read -b ",
            "mmio read -u ", "mmio read -u timer -m ", "mmio read -u uio1 -m ",
            "mmio write --slot=00:04.0 --bar ",
        ]), """
            == mmio read -s 
            0001:02:00.0
            00:04.0
            00:05.0
            00:06.0
            == mmio read -s 00:0
            04.0
            05.0
            06.0
            == mmio read -s 0000:
            00:04.0
            00:05.0
            00:06.0
            == mmio read -d 
            1234:11e8
            1af4:1041
            8086:1533@0
            8086:1533@1
            == mmio read -d 8086:
            1533@0
            1533@1
            == mmio read -s 00:04.0 -b 
            0
            2
            == mmio read -d 8086:1533@1 -b 
            0
            == mmio read -s 0001:02:00.0 -b 
            4
            == mmio read -b 
            0
            1
            2
            3
            4
            5
            == mmio read -u 
            gpio-ctl
            timer
            uio0
            uio1
            == mmio read -u timer -m 
            0
            1
            == mmio read -u uio1 -m 
            0
            == mmio write --slot=00:04.0 --bar 
            0
            2

            """)
    }

    /// `--sysfs-root` on the line wins over `$MMIO_SYSFS_ROOT`, in either spelling; a tree that
    /// is not there has no candidates (and no error is shown).
    func testTheTreeIsTheOneTheCommandLineNames() throws {
        XCTAssertEqual(try bashCandidates([
            "mmio read --sysfs-root \(other.root) -s ", "mmio dump --sysfs-root=\(other.root) -s 03:00.0 -b ",
            "mmio read --sysfs-root /nonexistent -s ", "mmio read --sysfs-root /nonexistent -u ",
        ]), """
            == mmio read --sysfs-root \(other.root) -s 
            03:00.0
            == mmio dump --sysfs-root=\(other.root) -s 03:00.0 -b 
            1
            == mmio read --sysfs-root /nonexistent -s 
            == mmio read --sysfs-root /nonexistent -u 

            """)
        assertOutcome(try MMIOProcess.run(["---completion", "read", "--", "--slot", "4", "0", "mmio", "read", "--sysfs-root", "/nonexistent", "-s", ""]),
                      status: 0, stdout: "\n", stderrEmpty: true)
        assertOutcome(try MMIOProcess.run(["---completion", "read", "--", "--slot", "4", "0", "mmio", "read", "--sysfs-root", other.root, "-s", ""]),
                      status: 0, stdout: "03:00.0\n", stderrEmpty: true)
    }

    func testWidthsByteOrdersFilesAndRegisterNames() throws {
        XCTAssertEqual(try bashCandidates([
            "mmio read -w ", "mmio poll --endian ", "mmio devmem 0x1000 ",
            "mmio load 0 ", "mmio read -f ", "mmio batch ", "mmio diff 0 ", "mmio read --regs ",
            "mmio read --regs \(Self.board) UART0.S", "mmio watch --regs \(Self.board) T",
            "mmio set -s 00:04.0 --config COMM", "mmio read -s 00:04.0 --config CAP_E",
        ]), """
            == mmio read -w 
            16
            32
            64
            8
            == mmio poll --endian 
            big
            little
            == mmio devmem 0x1000 
            16
            32
            64
            8
            b
            h
            l
            w
            == mmio load 0 
            image.bin
            saved
            script.batch
            == mmio read -f 
            image.bin
            saved
            script.batch
            == mmio batch 
            image.bin
            saved
            script.batch
            == mmio diff 0 
            image.bin
            saved
            script.batch
            == mmio read --regs 
            image.bin
            saved
            script.batch
            == mmio read --regs \(Self.board) UART0.S
            UART0.STATUS
            UART0.STATUS.ORE
            UART0.STATUS.RXNE
            UART0.STATUS.TC
            == mmio watch --regs \(Self.board) T
            TIMER.COUNT
            == mmio set -s 00:04.0 --config COMM
            COMMAND
            == mmio read -s 00:04.0 --config CAP_E
            CAP_EA
            CAP_EXP

            """)
    }

    /// After a register name, `write` offers its fields as FIELD= and then that field's
    /// enumerated names (bash puts them after the `=`); `expect REG.FIELD` the enumerated names.
    func testFieldsAndEnumeratedValuesAfterARegisterName() throws {
        XCTAssertEqual(try bashCandidates([
            "mmio write --regs \(Self.board) -f image.bin UART0.CTRL ", "mmio write --regs \(Self.board) UART0.CTRL M",
            "mmio write --regs \(Self.board) UART0.CTRL MODE=", "mmio write --regs \(Self.board) UART0.CTRL EN=ON MODE=B",
            "mmio write --regs \(Self.board) UART0.CTRL.MODE ", "mmio expect --regs \(Self.board) UART0.CTRL.EN O",
            "mmio expect --regs \(Self.board) UART0.CTRL ", "mmio write --regs \(Self.board) UART0.CTRL NOPE=",
            "mmio write --regs \(Self.board) 0x40001000 ",
        ]), """
            == mmio write --regs \(Self.board) -f image.bin UART0.CTRL 
            DIV=
            EN=
            MODE=
            == mmio write --regs \(Self.board) UART0.CTRL M
            MODE=
            == mmio write --regs \(Self.board) UART0.CTRL MODE=
            BOTH
            IDLE
            RX
            TX
            == mmio write --regs \(Self.board) UART0.CTRL EN=ON MODE=B
            BOTH
            == mmio write --regs \(Self.board) UART0.CTRL.MODE 
            BOTH
            IDLE
            RX
            TX
            == mmio expect --regs \(Self.board) UART0.CTRL.EN O
            OFF
            ON
            == mmio expect --regs \(Self.board) UART0.CTRL 
            == mmio write --regs \(Self.board) UART0.CTRL NOPE=
            == mmio write --regs \(Self.board) 0x40001000 

            """)
        // Without the shell's splitting at `=` (zsh, fish), the word is completed whole.
        let whole = try MMIOProcess.run(
            ["---completion", "write", "--", "positional@1", "5", "6", "mmio", "write", "--regs", Self.board, "UART0.CTRL", "MODE=T"])
        XCTAssertEqual(whole.stdout, "MODE=TX\n")
    }

    func testHelpOffersTheSubcommands() throws {
        XCTAssertEqual(try bashCandidates(["mmio help ", "mmio help re", "mmio d"]), """
            == mmio help 
            batch
            clear
            decode
            devmem
            diff
            dump
            expect
            info
            list
            load
            poll
            read
            regs
            set
            sleep
            watch
            write
            == mmio help re
            read
            regs
            == mmio d
            decode
            devmem
            diff
            dump

            """)
    }

    /// Options a subcommand does not take are not offered: `--bits` only where a field can be
    /// read or written, `--regs`/`--force` not for `load` (its address is a number). They are
    /// hidden from help too, and still refused with the reason.
    func testOptionsThatDoNotApplyAreNotOffered() throws {
        XCTAssertEqual(try bashCandidates(["mmio read --bi", "mmio expect --bi", "mmio dump --bi", "mmio set --bi", "mmio load --regs", "mmio load --fo"]), """
            == mmio read --bi
            --bits
            == mmio expect --bi
            --bits
            == mmio dump --bi
            == mmio set --bi
            == mmio load --regs
            == mmio load --fo

            """)
        for subcommand in DocumentationTests.subcommands {
            let help = try MMIOProcess.run([subcommand, "--help"]).stdout
            let options = help.components(separatedBy: "OPTIONS:").last ?? ""
            XCTAssertEqual(options.contains("--bits <hi:lo>"), ["read", "write", "expect"].contains(subcommand), subcommand)
            if subcommand == "load" { XCTAssertFalse(options.contains("--regs") || options.contains("--force"), options) }
        }
        let image = try scratch.file("work/regs.bin", [UInt8](repeating: 0, count: 16))
        assertOutcome(try MMIOProcess.run(["dump", "-f", image, "--bits", "3:0", "0", "16"]), status: 64,
                      stderrContains: ["--bits does not apply to dump"])
        assertOutcome(try MMIOProcess.run(["watch", "-f", image, "--bits", "3:0", "0"]), status: 64,
                      stderrContains: ["--bits does not apply to watch"])
    }

    /// In a real interactive bash, where COMP_WORDBREAKS splits `00:04.0` at its colons: a slot
    /// or an id is completed whole from any point in it.
    func testInteractiveBashCompletesAcrossColons() throws {
        XCTAssertEqual(try typed(in: "bash", [
            "mmio read -s 0001", "mmio read -s 0001:0", "mmio read -d 1a", "mmio read -d 1af4:1",
            "mmio read -d 8086", "mmio read -s 0001:02:00.0 -b ", "mmio read -u gp", "mmio help wa",
        ]), [
            "mmio read -s 0001:02:00.0", "mmio read -s 0001:02:00.0", "mmio read -d 1af4:1041", "mmio read -d 1af4:1041",
            "mmio read -d 8086:1533@", "mmio read -s 0001:02:00.0 -b 4", "mmio read -u gpio-ctl", "mmio help watch",
        ])
    }

    /// The same machine knowledge in fish and zsh, each typed into the shell itself.
    func testFishAndZshCompleteFromTheMachine() throws {
        let lines = [
            "mmio read -s 0001", "mmio read -d 1a", "mmio read -d 8086", "mmio read -s 0001:02:00.0 -b ",
            "mmio read -u gp", "mmio read -u gpio-ctl -m ", "mmio read --sysfs-root \(other.root) -s ",
            "mmio read --regs \(Self.board) UART0.KE", "mmio help wa",
        ]
        let expected = [
            "mmio read -s 0001:02:00.0", "mmio read -d 1af4:1041", "mmio read -d 8086:1533@",
            "mmio read -s 0001:02:00.0 -b 4", "mmio read -u gpio-ctl", "mmio read -u gpio-ctl -m 0",
            "mmio read --sysfs-root \(other.root) -s 03:00.0", "mmio read --regs \(Self.board) UART0.KEY",
            "mmio help watch",
        ]
        XCTAssertEqual(try typed(in: "fish", lines), expected)
        XCTAssertEqual(try typed(in: "zsh", lines), expected)
    }
}
