import Foundation
import XCTest

/// Bad input, row by row: each invocation must exit with its documented status, say why in one
/// `mmio:` line, leave the target's bytes as they were, and make no access (most rows carry
/// `--trace`, so an access would add a line to standard error).
final class BadInputCorpusTests: RegisterImageTestCase {
    /// argv (IMG is the 64-byte register image, DIR the scratch folder), exit status, a fragment
    /// of the error line.
    static let corpus: [(String, Int32, String)] = [
        // Numbers
        ("read --trace -f IMG 0x", 64, "'0x' is not a number"),
        ("read --trace -f IMG 0xg", 64, "'0xg' is not a number"),
        ("read --trace -f IMG 0b102", 64, "'0b102' is not a number"),
        ("read --trace -f IMG 0o8", 64, "'0o8' is not a number"),
        ("read --trace -f IMG _4", 64, "'_4' is not a number"),
        ("read --trace -f IMG 4_", 64, "'4_' is not a number"),
        ("read --trace -f IMG 1__0", 64, "'1__0' is not a number"),
        ("read --trace -f IMG 18446744073709551616", 64, "is not a number"),
        ("read --trace -f IMG 0x1_0000_0000_0000_0000", 64, "is not a number"),
        ("read --trace -f IMG 1.5", 64, "'1.5' is not a number"),
        ("read --trace -f IMG +4", 64, "'+4' is not a number"),
        ("read --trace -f IMG four", 64, "'four' is not a number"),
        ("write --trace -f IMG 0 0x1_", 64, "'0x1_' is not a number"),
        ("write --trace -f IMG 0x20 b", 64, "'b' is not a number"),
        ("write --trace -f IMG 0x10 h", 64, "'h' is not a number"),
        ("set --trace -f IMG 0 w", 64, "'w' is not a number"),
        ("clear --trace -f IMG l 1", 64, "'l' is not a number"),
        // Widths and bit fields
        ("read --trace -w 12 -f IMG 0", 64, "width '12' must be 8, 16, 32 or 64"),
        ("read --trace -w b -f IMG 0", 64, "width 'b' must be 8, 16, 32 or 64"),
        ("read --trace -w 0x20 -f IMG 0", 64, "width '0x20' must be 8, 16, 32 or 64"),
        ("read --trace -w -f IMG 0", 64, "-w"),
        ("read --trace --bits 4:7 -f IMG 0", 64, "bit range 4:7 must be HI:LO"),
        ("read --trace --bits 64:0 -w 64 -f IMG 0", 64, "must be HI:LO with 63 >= HI >= LO >= 0"),
        ("read --trace --bits 8 -w 8 -f IMG 0", 64, "bits 8:8 do not fit in a 8-bit access"),
        ("read --trace --bits a:b -f IMG 0", 64, "bit range 'a:b'"),
        ("write --trace --bits 3:0 -f IMG 0 0x10", 64, "value 0x10 does not fit in bits 3:0"),
        ("set --trace --bits 3:0 -f IMG 0 1", 64, "--bits does not apply to set"),
        ("dump --trace --bits 3:0 -f IMG", 64, "--bits does not apply to dump"),
        ("poll --trace --bits 3:0 --mask 1 -f IMG 0", 64, "--bits does not apply to poll"),
        // Values too wide
        ("write --trace -w 8 -f IMG 0 0x100", 64, "value 0x100 does not fit in 8 bits"),
        ("write --trace -w 16 -f IMG 0 0x10000", 64, "value 0x10000 does not fit in 16 bits"),
        ("write --trace -f IMG 0 0x100000000", 64, "value 0x100000000 does not fit in 32 bits"),
        ("write --trace -w 8 -f IMG 0 1 2 0x1ff", 64, "value 0x1ff does not fit in 8 bits"),
        ("set --trace -w 8 -f IMG 0 0x100", 64, "mask 0x100 does not fit in 8 bits"),
        ("clear --trace -w 16 -f IMG 0 0x10000", 64, "mask 0x10000 does not fit in 16 bits"),
        ("poll --trace -w 8 --mask 0x100 -f IMG 0", 64, "mask 0x100 does not fit in 8 bits"),
        ("poll --trace --mask 1 --value 2 -f IMG 0", 64, "--value 0x2 has bits outside --mask 0x1"),
        ("expect --trace -w 8 -f IMG 0 0x100", 64, "value 0x100 does not fit in 8 bits"),
        ("expect --trace --mask 0xf -f IMG 0 0x10", 64, "expected value 0x10 has bits outside --mask 0xf"),
        // Alignment and bounds
        ("read --trace -f IMG 2", 64, "address 0x2 is not aligned to the 32-bit width"),
        ("read --trace -w 64 -f IMG 4", 64, "address 0x4 is not aligned to the 64-bit width"),
        ("write --trace -w 16 -f IMG 1 0", 64, "address 0x1 is not aligned to the 16-bit width"),
        ("set --trace -f IMG 6 1", 64, "not aligned"),
        ("read --trace -f IMG 0x40", 64, "4 byte(s) at 0x40 lie outside"),
        ("read --trace -w 64 -f IMG 0x40", 64, "lie outside"),
        ("read --trace -n 17 -f IMG 0", 64, "68 byte(s) at 0x0 lie outside"),
        ("read --trace -n 0 -f IMG 0", 64, "-n COUNT must be at least 1"),
        ("read --trace -n 0xffffffffffffffff -f IMG 0", 64, "overflow"),
        ("read --trace -f IMG 0xfffffffffffffffc", 64, "range 0xfffffffffffffffc + 4 overflows the address space"),
        ("write --trace -f IMG 0x3c 1 2", 64, "8 byte(s) at 0x3c lie outside"),
        ("dump --trace -f IMG 0x40", 64, "address 0x40 lies outside"),
        ("dump --trace -f IMG 0 0x41", 64, "length 65 is not a whole number of 32-bit words"),
        ("dump --trace -f IMG 0 0x44", 64, "lie outside"),
        ("dump --trace -f IMG 0 1G", 64, "lie outside"),
        ("dump --trace -f IMG 0 2X", 64, "'2X' is not a size"),
        ("dump --trace -f IMG 0 0x1G", 64, "'0x1G' is not a size"),
        ("dump --raw --json -f IMG", 64, "--raw and --json are two formats"),
        ("poll --trace --mask 1 -f IMG 0x40", 64, "lie outside"),
        // Durations
        ("poll --trace --mask 1 --timeout 1m -f IMG 0", 64, "'1m' is not a duration"),
        ("poll --trace --mask 1 --interval -1ms -f IMG 0", 64, "--interval"),
        ("poll --trace --mask 1 --timeout 1e99s -f IMG 0", 64, "is not a duration"),
        ("sleep 5 minutes", 64, "minutes"),
        ("sleep xyz", 64, "'xyz' is not a duration"),
        // Missing and extra arguments, unknown words
        ("read --trace -f IMG", 64, "Missing expected argument '<address>'"),
        ("write --trace -f IMG", 64, "Missing expected argument '<address>'"),
        ("write --trace -f IMG 0", 64, "write needs at least one VALUE"),
        ("set --trace -f IMG 0", 64, "set needs a MASK"),
        ("poll --trace -f IMG 0", 64, "poll needs --mask (or a field name as ADDRESS)"),
        ("read --trace -f IMG 0 4", 64, "Unexpected argument '4'"),
        ("read --trace --frobnicate -f IMG 0", 64, "Unknown option '--frobnicate'"),
        ("read --trace -f IMG -- -4", 64, "'-4' is not a number"),
        ("frobnicate 0", 64, "unknown subcommand 'frobnicate' (subcommands: read, write, set, clear, dump, load, poll, expect, watch, diff, sleep, batch, list, info, regs, decode, devmem)"),
        ("raed 0", 64, "unknown subcommand 'raed'; did you mean read?"),
        ("read --trace -f", 64, "Missing value for '-f <path>'"),
        ("read --trace --width=12 -f IMG 0", 64, "width '12' must be 8, 16, 32 or 64"),
        // Targets: conflicts, missing ones, the wrong kind of file
        ("read --trace -f IMG -u uio0 0", 64, "--uio and --file name two targets"),
        ("read --trace -s 00:04.0 -d 1234:11e8 0", 64, "--slot and --device name two targets"),
        ("read --trace -b 1 -f IMG 0", 64, "--bar goes with --slot or --device"),
        ("read --trace -s 00:04.0 -b 6 0", 64, "--bar 6 is not a BAR"),
        ("read --trace --wc -f IMG 0", 64, "--wc goes with --slot or --device"),
        ("read --trace -m 1 -f IMG 0", 64, "--map goes with --uio"),
        ("read --trace -f DIR/absent 0", 1, "cannot open DIR/absent: No such file or directory"),
        ("write --trace -f DIR/absent 0 1", 1, "cannot open DIR/absent"),
        ("read --trace -f DIR 0", 1, "it is a directory"),
        ("read --trace -f /dev/ptmx 0", 1, "it is a terminal"),
        ("dump --trace -f /dev/null", 1, "cannot map"),
        ("read --trace -d 1234:11e8@x 0", 64, "@K must be a match number"),
        ("list --sysfs-root DIR/absent", 1, "sysfs root DIR/absent is not a directory"),
        ("info -f DIR/absent", 1, "cannot open DIR/absent"),
        ("read --trace -u nosuch 0 --sysfs-root DIR", 1, "no UIO device 'nosuch'"),
        // devmem
        ("devmem 0x10 12", 64, "bad width '12'"),
        ("devmem 0x10 x", 64, "bad width 'x'"),
        ("devmem 0x10 b 0x100 --dev-root DIR", 64, "value 0x100 does not fit in 8 bits"),
        ("devmem 0x11 h 1 --dev-root DIR", 64, "not aligned to the 16-bit width"),
        ("devmem 0x10 8 1 2", 64, "Unexpected argument '2'"),
        ("devmem h", 64, "bad number 'h': devmem reads numbers as busybox does (0x for hex, a leading 0 for octal, else decimal)"),
        // load
        ("load --trace -f IMG 0 DIR/absent", 1, "cannot open DIR/absent"),
        ("load --trace -f IMG 0 DIR/three.bin", 64, "file of 3 bytes is not a whole number of 32-bit words"),
        ("load --trace -f IMG 0x3c DIR/eight.bin", 64, "8 byte(s) at 0x3c lie outside"),
        // batch: every line is checked before the first runs
        ("batch --trace -f IMG DIR/bad-number.txt", 64, "line 2: 'zz' is not a number; a register name needs a description"),
        ("batch --trace -f IMG DIR/out-of-bounds.txt", 64, "line 3: 4 byte(s) at 0x40 lie outside"),
        ("batch --trace -f IMG DIR/nested.txt", 64, "line 2: batch cannot run inside a batch"),
        ("batch --trace -f IMG DIR/help.txt", 64, "line 2: help is not a batch command"),
        ("batch --trace -f IMG DIR/quote.txt", 64, "line 2: unterminated \" quote"),
        ("batch --trace -f IMG DIR/unknown.txt", 64, "line 2: unknown subcommand 'frob' (subcommands: read,"),
        ("batch --trace -f IMG DIR/missing-target.txt", 1, "line 2: cannot open DIR/absent"),
        ("batch --trace -f IMG DIR/absent", 1, "cannot open DIR/absent"),
        // Register descriptions: names, fields and the description's rules
        ("read --trace -f IMG CTRL", 64, "'CTRL' is not a number; a register name needs a description"),
        ("read --trace -f IMG --regs DIR/map.regs CTLR", 64, "no register 'CTLR' in DIR/map.regs; did you mean CTRL"),
        ("read --trace -f IMG --regs DIR/map.regs CTRL.SPEED", 64, "register CTRL has no field 'SPEED'; its fields: EN, MODE"),
        ("write --trace -f IMG --regs DIR/map.regs ID 1", 64, "ID is read-only: mmio does not write it"),
        ("write --trace -f IMG --regs DIR/map.regs STATUS.RDY 1", 64, "STATUS.RDY is read-only"),
        ("read --trace -f IMG --regs DIR/map.regs KEY", 64, "KEY is write-only: mmio does not read it"),
        ("set --trace -f IMG --regs DIR/map.regs KEY 1", 64, "KEY is write-only: mmio does not read-modify-write it"),
        ("read --trace -f IMG --regs DIR/map.regs EVENTS", 64, "reading EVENTS has side effects"),
        ("dump --trace -f IMG --regs DIR/map.regs -w 8 CTRL", 64, "-w does not go with it"),
        ("read --trace -f IMG --regs DIR/map.regs -n 4 CTRL", 64, "KEY is write-only: mmio does not read it"),
        ("write --trace -f IMG --regs DIR/map.regs CTRL 1 2 3", 64, "ID is read-only: mmio does not write it"),
        ("write --trace -f IMG --regs DIR/map.regs CTRL.MODE 4", 64, "value 0x4 does not fit in CTRL.MODE (bits 2:1, 2 bits)"),
        ("write --trace -f IMG --regs DIR/map.regs CTRL.MODE FAST", 64, "CTRL.MODE has no value 'FAST'; its values: IDLE, RUN"),
        ("write --trace -f IMG --regs DIR/map.regs CTRL RUN", 64, "CTRL is a whole register: its VALUE is a number"),
        ("write --trace -f IMG --regs DIR/map.regs CTRL EN=1 EN=0", 64, "CTRL.EN is given twice"),
        ("write --trace -f IMG --regs DIR/map.regs HALF 0x10000", 64, "value 0x10000 does not fit in 16 bits"),
        ("read --trace -w 16 -f IMG --regs DIR/map.regs CTRL", 64, "CTRL is a 32-bit register; -w 16 disagrees"),
        ("read --trace --bits 1:0 -f IMG --regs DIR/map.regs CTRL.MODE", 64, "CTRL.MODE is a field already"),
        ("read --trace -n 2 --decode -f IMG --regs DIR/map.regs CTRL", 64, "-n does not go with it"),
        ("poll --trace --mask 1 -f IMG --regs DIR/map.regs CTRL.EN", 64, "poll CTRL.EN watches the field; give no --mask"),
        ("read --trace -f IMG --regs DIR/absent.regs 0", 1, "cannot open DIR/absent.regs"),
        ("read --trace -f IMG --regs DIR/bad.regs 0", 1, "DIR/bad.regs:2: 'nonsense' is not peripheral, register or field"),
        ("batch --trace -f IMG --regs DIR/map.regs DIR/named.txt", 64, "line 3: no register 'NOPE' in DIR/map.regs"),
    ]

    func testEveryBadInvocationIsRefusedWithNothingDone() throws {
        XCTAssertGreaterThanOrEqual(Self.corpus.count, 80)
        let directory = scratch.url.path
        try scratch.file("three.bin", [1, 2, 3])
        try scratch.file("eight.bin", [UInt8](repeating: 9, count: 8))
        for (name, script) in [
            ("bad-number.txt", "write 0 1\nread zz\n"), ("out-of-bounds.txt", "write 0 1\nwrite 4 2\nread 0x40\n"),
            ("nested.txt", "write 0 1\nbatch x\n"), ("help.txt", "write 0 1\nread --help\n"),
            ("quote.txt", "write 0 1\nwrite \"0 1\n"), ("unknown.txt", "write 0 1\nfrob 1\n"),
            ("missing-target.txt", "write 0 1\nread -f \(directory)/absent 0\n"),
            ("map.regs", "register CTRL 0x0\n  field EN 0\n  field MODE 2:1 IDLE=0 RUN=1\nregister STATUS 0x4\n  field RDY 0 ro\n"
                + "  field DONE 1 w1c\nregister ID 0x8 ro\nregister KEY 0xc wo\nregister EVENTS 0x10 rclr\nregister HALF 0x14 16\n"),
            ("bad.regs", "register CTRL 0\nnonsense\n"), ("named.txt", "write CTRL 1\nwrite STATUS.DONE 1\nread NOPE\n"),
        ] {
            try scratch.text(name, script)
        }
        for (line, status, fragment) in Self.corpus {
            let arguments = line.split(separator: " ").map {
                String($0).replacingOccurrences(of: "IMG", with: image).replacingOccurrences(of: "DIR", with: directory)
            }
            let expected = fragment.replacingOccurrences(of: "DIR", with: directory)
            let outcome = try MMIOProcess.run(arguments)
            XCTAssertEqual(outcome.status, status, "\(line): \(outcome.stderr)")
            XCTAssertEqual(outcome.stdout, "", line)
            XCTAssertTrue(outcome.stderr.hasPrefix("mmio: "), "\(line): \(outcome.stderr.debugDescription)")
            XCTAssertTrue(outcome.stderr.contains(expected), "\(line): \(outcome.stderr.debugDescription) lacks \(expected.debugDescription)")
            XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, "\(line): one line, no access traced: \(outcome.stderr.debugDescription)")
            XCTAssertEqual(try scratch.bytes("regs.bin"), counting, "\(line) changed the target")
        }
    }
}
