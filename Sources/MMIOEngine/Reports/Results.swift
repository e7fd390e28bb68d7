import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// Where an operation's results go. The pipeline makes one per line, in the form the line asked
/// for: text, JSON, or under `--dry-run` none (the planned accesses, which the dry-run space
/// prints, are the output). Operations hand over what they read, wrote and found, and never
/// decide a format or print by themselves.
public final class Results {
    public enum Form: Equatable {
        case text, json
        /// `--dry-run`: accesses are planned, not made; `json` says how the plan prints.
        case planned(json: Bool)
    }

    public let form: Form
    let console: Console

    public init(_ form: Form, console: Console) {
        self.form = form
        self.console = console
    }

    var output: OutputStream { console.output }
    /// Whether what is shown is JSON (a plan under `--json` too).
    var json: Bool { form == .json || form == .planned(json: true) }
    /// Accesses are only planned: a read gives 0, so nothing read is shown, compared or waited
    /// for.
    var planned: Bool { if case .planned = form { return true } else { return false } }

    /// One line of a report (info, list, regs), already in the form `json` asked for.
    func line(_ text: String) throws { try output.line(text) }

    /// `mmio: note: ...` on standard error: something the user should know that is not a result.
    func note(_ text: String) throws { try console.errors.line("mmio: note: " + text) }

    /// A value read: `0x` and its digits alone, `ADDRESS: VALUE` in a listing of several (give
    /// `listing` the address digits), or a JSON object naming the register where a name chose it.
    func value(_ value: UInt64, at address: UInt64, _ settings: AccessSettings, name: String? = nil, listing: Int? = nil) throws {
        switch form {
        case .planned: return
        case .json:
            try output.line(ValueFormat.json(
                address: address, value: value, settings, extra: name.map { ",\"name\":" + JSONText.string($0) } ?? ""))
        case .text:
            if let listing {
                try output.line(Hex.string(address, digits: listing) + ": " + Hex.string(value, digits: ValueFormat.digits(settings)))
                return
            }
            output.buffer.append(contentsOf: [0x30, 0x78])
            Hex.append(value, digits: ValueFormat.digits(settings), to: &output.buffer)
            output.buffer.append(0x0a)
            try output.flushIfFull()
        }
    }

    /// A value read by `devmem`: busybox's `0x%0*X`, upper case, the width's digits.
    func devmemValue(_ value: UInt64, at address: UInt64, _ settings: AccessSettings) throws {
        guard form == .text else { return try self.value(value, at: address, settings) }
        output.buffer.append(contentsOf: [0x30, 0x78])
        Hex.append(value, digits: settings.width.hexDigits, to: &output.buffer, uppercase: true)
        output.buffer.append(0x0a)
        try output.flushIfFull()
    }

    /// A value written (whole register): shown only as JSON, for a script's log; a write
    /// prints nothing in text, as devmem's does not.
    func stored(_ value: UInt64, at address: UInt64, _ settings: AccessSettings) throws {
        guard form == .json else { return }
        try output.line(ValueFormat.json(address: address, value: value, settings))
    }

    /// `load`: the bytes written from a file.
    func loaded(_ size: Int, at address: UInt64, width: Width) throws {
        guard form == .json else { return }
        try output.line(
            "{\"address\":\(JSONText.address(address)),\"width\":\(width.bits),\"size\":\(JSONText.hex(UInt64(size)))}")
    }

    /// A register's value field by field (`read --decode`, `decode`, a dump with a description
    /// under `--json`).
    func decoded(_ register: MapRegister, value: UInt64, fields: [MapField], at address: UInt64, layout: Bool = false) throws {
        guard !planned else { return }
        let digits = register.width.hexDigits
        if json {
            let fieldObjects = fields.map { field -> String in
                let fieldValue = field.bits.extract(from: value)
                return "{\"name\":" + JSONText.string(field.name) + ",\"bits\":\"\(field.bits)\",\"value\":\""
                    + Hex.string(fieldValue, digits: field.bits.hexDigits) + "\""
                    + (field.enumName(fieldValue).map { ",\"enum\":" + JSONText.string($0) } ?? "") + "}"
            }
            try output.line(
                "{\"address\":\(JSONText.address(address)),\"width\":\(register.width.bits),"
                    + "\"name\":" + JSONText.string(register.name) + ",\"value\":\"\(Hex.string(value, digits: digits))\","
                    + "\"fields\":[" + fieldObjects.joined(separator: ",") + "]}")
            return
        }
        try output.line(register.name + " = " + Hex.string(value, digits: digits))
        if layout {
            for line in RegisterLayout.lines(width: register.width.bits, value: value, fields: fields) { try output.line(line) }
        }
        let bitsWidth = fields.map { RegisterDecoding.bitsText($0).count }.max() ?? 0
        let nameWidth = fields.map(\.name.count).max() ?? 0
        for field in fields {
            let fieldValue = field.bits.extract(from: value)
            try output.line(
                "  " + RegisterDecoding.padded(RegisterDecoding.bitsText(field), bitsWidth) + " "
                    + RegisterDecoding.padded(field.name, nameWidth) + " = " + Hex.string(fieldValue, digits: field.bits.hexDigits)
                    + (field.enumName(fieldValue).map { " (\($0))" } ?? ""))
        }
    }

    /// One register of a dump with a description: `ADDRESS  NAME = VALUE  F1=V F2=V(ENUM)`.
    func dumped(_ register: MapRegister, value: UInt64, at address: UInt64, addressDigits: Int) throws {
        guard form == .text else { return try decoded(register, value: value, fields: register.fields, at: address) }
        let fields = register.fields.map { field -> String in
            let fieldValue = field.bits.extract(from: value)
            return field.name + "=" + Hex.string(fieldValue, digits: field.bits.hexDigits)
                + (field.enumName(fieldValue).map { "(\($0))" } ?? "")
        }
        try output.line(
            "\(Hex.string(address, digits: addressDigits))  \(register.name) = \(Hex.string(value, digits: register.width.hexDigits))"
                + (fields.isEmpty ? "" : "  " + fields.joined(separator: " ")))
    }

    /// A register `dump` or `watch` passed over, and why (`dump` names it).
    func skipped(at address: UInt64, width: Width, name: String?, why: String, addressDigits: Int) throws {
        switch form {
        case .planned: return
        case .json:
            try output.line(
                "{\"address\":\(JSONText.address(address)),\"width\":\(width.bits)"
                    + (name.map { ",\"name\":" + JSONText.string($0) } ?? "") + ",\"skipped\":" + JSONText.string(why) + "}")
        case .text:
            try output.line(Hex.string(address, digits: addressDigits) + (name.map { "  \($0)" } ?? "") + ": not read: " + why)
        }
    }

    /// A value `watch` saw change, `elapsed` seconds (with milliseconds) after it started.
    func changed(at address: UInt64, from old: UInt64, to new: UInt64, width: Width, elapsed: String, addressDigits: Int) throws {
        let was = Hex.string(old, digits: width.hexDigits)
        let now = Hex.string(new, digits: width.hexDigits)
        switch form {
        case .planned: return
        case .json:
            try output.line(
                "{\"seconds\":\(elapsed),\"address\":\(JSONText.address(address)),\"width\":\(width.bits),"
                    + "\"old\":\"\(was)\",\"value\":\"\(now)\"}")
        case .text:
            try output.line("+\(elapsed) \(Hex.string(address, digits: addressDigits)): \(was) -> \(now)")
        }
    }

    /// A register `diff` found changed from the saved image.
    func differs(at address: UInt64, saved: UInt64, live: UInt64, width: Width, addressDigits: Int) throws {
        let was = Hex.string(saved, digits: width.hexDigits)
        let now = Hex.string(live, digits: width.hexDigits)
        switch form {
        case .planned: return
        case .json:
            try output.line("{\"address\":\(JSONText.address(address)),\"width\":\(width.bits),\"saved\":\"\(was)\",\"value\":\"\(now)\"}")
        case .text:
            try output.line("\(Hex.string(address, digits: addressDigits)): \(was) -> \(now)")
        }
    }

    /// A register `diff --reset` found away from its reset value: `ADDRESS  NAME: RESET -> LIVE`
    /// and each field that differs, `FIELD: RESET -> LIVE` (with enumerated names).
    func differsFromReset(_ register: MapRegister, reset: UInt64, value: UInt64, at address: UInt64, addressDigits: Int) throws {
        let digits = register.width.hexDigits
        let fields = register.fields.filter { $0.bits.extract(from: reset) != $0.bits.extract(from: value) }
        switch form {
        case .planned: return
        case .json:
            let objects = fields.map { field -> String in
                let fieldDigits = field.bits.hexDigits
                return "{\"name\":" + JSONText.string(field.name) + ",\"bits\":\"\(field.bits)\""
                    + ",\"reset\":\"\(Hex.string(field.bits.extract(from: reset), digits: fieldDigits))\""
                    + ",\"value\":\"\(Hex.string(field.bits.extract(from: value), digits: fieldDigits))\"}"
            }
            try output.line(
                "{\"address\":\(JSONText.address(address)),\"width\":\(register.width.bits),\"name\":" + JSONText.string(register.name)
                    + ",\"reset\":\"\(Hex.string(reset, digits: digits))\",\"value\":\"\(Hex.string(value, digits: digits))\""
                    + ",\"fields\":[" + objects.joined(separator: ",") + "]}")
        case .text:
            let changed = fields.map { field -> String in
                let fieldDigits = field.bits.hexDigits
                return "\(field.name): \(ValueFormat.named(field.bits.extract(from: reset), of: field, digits: fieldDigits)) -> "
                    + ValueFormat.named(field.bits.extract(from: value), of: field, digits: fieldDigits)
            }
            try output.line(
                "\(Hex.string(address, digits: addressDigits))  \(register.name): \(Hex.string(reset, digits: digits)) -> "
                    + Hex.string(value, digits: digits) + (changed.isEmpty ? "" : "  " + changed.joined(separator: ", ")))
        }
    }

    /// `poll`'s last value (the field's, where a field was named), and whether it matched.
    func polled(_ value: UInt64, at address: UInt64, _ shown: AccessSettings, matched: Bool) throws {
        switch form {
        case .planned: return
        case .json: try output.line(ValueFormat.json(address: address, value: value, shown, extra: ",\"matched\":\(matched)"))
        case .text: try output.line(Hex.string(value, digits: ValueFormat.digits(shown)))
        }
    }

    /// `expect`'s one read: shown as JSON only; in text a match is silent and a mismatch is the
    /// error message.
    func expected(_ actual: UInt64, at address: UInt64, _ settings: AccessSettings, value: UInt64, mask: UInt64) throws {
        guard form == .json else { return }
        let digits = ValueFormat.digits(settings)
        try output.line(ValueFormat.json(
            address: address, value: actual, settings,
            extra: ",\"expected\":\"\(Hex.string(value, digits: digits))\",\"mask\":\"\(Hex.string(mask, digits: digits))\""
                + ",\"matched\":\(actual & mask == value)"))
    }

    /// Under `--dry-run`, how a loop would go on after the reads it planned (`poll`, `watch`):
    /// after the planned read, in its own form.
    func repeats(_ read: PlannedAccess, every interval: UInt64, until condition: (mask: UInt64, value: UInt64)?, timeout: UInt64?) throws {
        guard case .planned(let json) = form else { return }
        let digits = read.width.hexDigits
        if json {
            // watch's reads are the planned lines already; only poll's one line says more.
            guard let condition else { return }
            var object = "{\"planned\":\"read\",\"address\":\(JSONText.address(read.address)),\"width\":\(read.width.bits)"
                + ",\"repeat\":{\"interval_ns\":\(interval)"
            object += ",\"mask\":\(JSONText.hex(condition.mask, digits: digits)),\"value\":\(JSONText.hex(condition.value, digits: digits))"
            object += (timeout.map { ",\"timeout_ns\":\($0)" } ?? "") + "}}"
            return try output.line(object)
        }
        guard let condition else { return try output.line("(repeated every \(interval) ns, printing changes)") }
        try output.line(
            TraceLine.read(read.width, read.address) + " (repeated every \(interval) ns until (v & "
                + "\(Hex.string(condition.mask, digits: digits))) == \(Hex.string(condition.value, digits: digits))"
                + (timeout.map { ", at most \($0) ns" } ?? "") + ")")
    }

    /// How `dump` shows its blocks of bytes: the hexdump (or lspci) lines, raw bytes, JSON
    /// lines, or nothing under `--dry-run` (the space printed the planned reads).
    func dumpWriter(raw: Bool, verbose: Bool, width: Width, lastAddress: UInt64, style: HexDumpFormatter.Style) -> DumpWriter {
        switch form {
        case .planned: return .none
        case _ where raw: return .raw(output)
        case .json: return .json(output)
        case .text:
            return .lines(HexDumpFormatter(width: width, verbose: verbose, lastAddress: lastAddress, output: output, style: style))
        }
    }

    func flush() throws { try output.flush() }
}

/// What `dump` writes its blocks of bytes to, chosen by `Results`.
enum DumpWriter {
    case none
    case lines(HexDumpFormatter)
    case raw(OutputStream)
    case json(OutputStream)

    func append(_ bytes: UnsafeRawBufferPointer, at address: UInt64, width: Width) throws {
        switch self {
        case .none: return
        case .lines(let formatter): try formatter.append(bytes, at: address)
        case .raw(let output): try output.writeDirect(bytes)
        case .json(let output):
            var offset = 0
            while offset < bytes.count {
                let count = min(HexDumpFormatter.bytesPerLine, bytes.count - offset)
                var line = "{\"address\":\(JSONText.address(address + UInt64(offset))),\"width\":\(width.bits),\"values\":["
                for word in stride(from: offset, to: offset + count, by: width.bytes) {
                    if word > offset { line += "," }
                    line += "\"" + Hex.string(loadHost(width, bytes.baseAddress! + word), digits: width.hexDigits) + "\""
                }
                try output.line(line + "]}")
                offset += count
            }
        }
    }

    func finish() throws {
        if case .lines(let formatter) = self { try formatter.finish() }
    }
}
