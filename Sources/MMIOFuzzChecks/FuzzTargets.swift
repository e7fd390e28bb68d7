#if canImport(Glibc)
import Glibc
#endif
import MMIOCLI
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// A property a fuzz target asserts that one input broke.
public struct FuzzFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The fuzz targets: each takes any bytes and either returns or throws a `FuzzFailure` naming
/// the property broken. The fuzzer (mmio-fuzz, `make fuzz`) and the unit tests that replay the
/// committed corpus call the same functions.
public enum FuzzTargets {
    public static let all: [(name: String, check: ([UInt8]) throws -> Void)] = [
        ("numbers", numbers), ("argument-values", argumentValues), ("argument-text", argumentText),
        ("batch-words", batchWords), ("command-lines", commandLines), ("sysfs", SysfsTarget.check), ("iomem", iomem),
        ("device-tree", DeviceTreeTarget.check),
        ("regs-plain", DescriptionTargets.plain), ("regs-svd", DescriptionTargets.svd),
        ("regs-ipxact", DescriptionTargets.ipxact), ("map-cache", DescriptionTargets.mapCache),
    ]

    public static func named(_ name: String) -> (([UInt8]) throws -> Void)? {
        all.first { $0.name == name }?.check
    }

    static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        if !condition { throw FuzzFailure(what()) }
    }

    static func unwrap<T>(_ value: T?, _ what: @autoclosure () -> String) throws -> T {
        guard let value else { throw FuzzFailure(what()) }
        return value
    }

    /// A refusal must be a usage error of one line that quotes the word.
    static func requireUsage(_ error: Error, quoting text: String) throws {
        guard let error = error as? MMIOError else { throw FuzzFailure("\(text.debugDescription): not an MMIOError: \(error)") }
        try require(error.kind == .usage, "\(text.debugDescription): refused with \(error.kind), not a usage error")
        // By scalars: a quote and a combining mark after it are one Character.
        let message = Array(error.message.unicodeScalars), quoted = Array(text.unicodeScalars)
        let found = quoted.isEmpty || (0...max(0, message.count - quoted.count)).contains { start in
            start + quoted.count <= message.count && Array(message[start..<start + quoted.count]) == quoted
        }
        try require(found, "\(text.debugDescription): the message does not quote it: \(error.message)")
    }

    // MARK: numbers, sizes, durations

    /// What is accepted reads back the same in every spelling; what is refused is a usage error
    /// quoting the word; nothing overflows.
    static func numbers(_ data: [UInt8]) throws {
        let text = ArgumentText.string(data.prefix(80))
        try acceptedOrRefused(text) {
            let value = try NumberSyntax.number(text)
            try require(text.utf8.allSatisfy { "0123456789abcdefABCDEFxXoObB_".utf8.contains($0) },
                        "\(text.debugDescription) accepted with characters no number has")
            for spelling in [String(value), Hex.string(value), "0b" + String(value, radix: 2), "0o" + String(value, radix: 8)] {
                try require((try? NumberSyntax.number(spelling)) == value, "\(text.debugDescription) = \(value), but \(spelling) does not read back")
            }
        }
        try acceptedOrRefused(text) {
            let size = try NumberSyntax.size(text)
            let scales: [Character: UInt64] = ["k": 1 << 10, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
            if let last = text.last, let scale = scales[last], let plain = try? NumberSyntax.number(String(text.dropLast())) {
                try require(plain.multipliedReportingOverflow(by: scale) == (size, false), "size \(text.debugDescription) = \(size)")
            } else {
                try require((try? NumberSyntax.number(text)) == size, "size \(text.debugDescription) = \(size) is not the number")
            }
        }
        try acceptedOrRefused(text) {
            let nanoseconds = try NumberSyntax.duration(text)
            try require((try? NumberSyntax.duration("\(nanoseconds)ns")) == nanoseconds, "duration \(text.debugDescription) = \(nanoseconds) ns does not read back")
        }
    }

    /// Runs `body`, which reads `text` and checks what it accepts; a refusal on the way must be a
    /// usage error quoting the word.
    static func acceptedOrRefused(_ text: String, quoting quoted: String? = nil, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            try requireUsage(error, quoting: quoted ?? text)
        }
    }

    // MARK: widths, bit ranges, PCI ids

    static func argumentValues(_ data: [UInt8]) throws {
        let text = ArgumentText.string(data.prefix(80))
        if let width = try? Width.parse(text) {
            try require(text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && Int(text) == width.bits,
                        "width \(text.debugDescription) accepted as \(width.bits)")
        }
        if let range = try? BitRange.parse(text) {
            try require(range.low >= 0 && range.low <= range.high && range.high < 64, "bits \(text.debugDescription) = \(range)")
            try require((try? BitRange.parse(range.description)) == range, "bits \(range) do not read back")
            try require(range.fieldMask >> UInt64(range.bitCount - 1) == 1, "bits \(range): mask \(range.fieldMask)")
        }
        if case .id(let id, let index)? = try? PCIDeviceQuery.id(parsing: text) {
            try require(!id.contains("@") || index != nil, "id \(text.debugDescription) kept an @")
            if let index { try require(index >= 0 && text.contains("@"), "id \(text.debugDescription) has @\(index)") }
        }
        // ADDRESS and VALUE: a number exactly when the number syntax takes the word, else a name
        // of the register-name syntax kept as written, else refused quoting the word.
        try acceptedOrRefused(text) {
            let number = try? NumberSyntax.number(text)
            switch try Location.parse(text) {
            case .address(let value): try require(value == number, "\(text.debugDescription) read as address \(value)")
            case .name(let name):
                try require(name == text && number == nil, "\(text.debugDescription) read as name \(name.debugDescription)")
            }
        }
        // A refused FIELD=VALUE quotes its VALUE.
        // (By bytes: an `=` and a combining mark after it are one Character.)
        var quoted = text
        if ValueWord.isFieldAssignment(text), let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
            quoted = String(text[text.utf8.index(after: equals)...])
        }
        try acceptedOrRefused(text, quoting: quoted) {
            let number = try? NumberSyntax.number(text)
            switch try ValueWord.parse(text) {
            case .number(let value): try require(value == number, "\(text.debugDescription) read as value \(value)")
            case .name(let name): try require(name == text && number == nil, "\(text.debugDescription) read as name")
            case .field(let field, let value):
                try require(number == nil && text.utf8.starts(with: (field + "=").utf8), "\(text.debugDescription) read as field \(field)")
                if case .number(let fieldValue) = value {
                    try require((try? NumberSyntax.number(quoted)) == fieldValue, "\(text.debugDescription): field value \(fieldValue)")
                }
            }
        }
        // The same word as -s and -d, through libpci's own filter parser on a small sysfs tree:
        // a device, or an mmio error (a libpci complaint is a usage error), never a crash.
        let roots = SystemRoots(sysfs: SysfsTarget.root, dev: SysfsTarget.root + "/dev")
        for query in [PCIDeviceQuery.slot(text), try? PCIDeviceQuery.id(parsing: text)].compactMap({ $0 }) {
            try SysfsTarget.survives { _ = try TargetSelection.pci(query, bar: 0, writeCombining: false).resolve(roots: roots) }
        }
    }

    // MARK: argument bytes

    /// Bytes become text and the same bytes again; text shown in a message is one line with no
    /// control character (C0, DEL or C1) and of bounded length, and so is every output line.
    static func argumentText(_ data: [UInt8]) throws {
        let text = ArgumentText.string(data)
        try require(ArgumentText.bytes(text) == data, "\(data) do not come back from \(text.debugDescription)")
        let shown = ArgumentText.printable(text)
        let isControl = { (scalar: Unicode.Scalar) in scalar.value < 0x20 || (scalar.value >= 0x7f && scalar.value <= 0x9f) }
        try require(!shown.unicodeScalars.contains(where: isControl), "\(shown.debugDescription) has a control character")
        try require(shown.unicodeScalars.count <= 4 * ArgumentText.quotedLimit + 16, "\(shown.unicodeScalars.count) characters shown")
        let output = OutputStream(descriptor: -1, flushAt: 1 << 24)
        try output.line(text)
        let line = ArgumentText.string(output.buffer.dropLast())
        try require(output.buffer.last == 0x0a && !line.unicodeScalars.contains(where: isControl), "the output line \(line.debugDescription)")
        try require(ArgumentText.withCString(text) { strlen($0) } == data.prefix { $0 != 0 }.count,
                    "the C string of \(data) is not its bytes")
    }

    // MARK: batch lines

    /// A line splits into words, or is refused as a usage error; the words, quoted again,
    /// split into the same words.
    /// /proc/iomem's text: regions read as written, and the chain holding an address nested
    /// one level at a time, each region inside the one before.
    static func iomem(_ data: [UInt8]) throws {
        guard let map = IOMem.parse(Array(data.prefix(8192))) else { return }
        for region in map.regions {
            try require(region.start <= region.end && region.depth >= 0, "region \(region.line) depth \(region.depth)")
            try require(IOMem.parse(Array((String(repeating: "  ", count: region.depth) + region.line + "\n").utf8))?.regions == [region]
                || region.end == 0,
                "\(region.line.debugDescription) does not read back")
        }
        for probe in map.regions.prefix(16).flatMap({ [$0.start, $0.end] }) {
            let chain = map.chain(containing: probe)
            for (depth, region) in chain.enumerated() {
                try require(region.depth == depth && region.start <= probe && probe <= region.end, "chain of \(probe) at depth \(depth)")
            }
        }
    }

    static func batchWords(_ data: [UInt8]) throws {
        let line = data.prefix(200).filter { $0 != 0x0a }
        let words: [String]
        do {
            words = try CommandLineWords.split(line)
        } catch {
            try require((error as? MMIOError)?.kind == .usage, "line \(line) refused with \(error)")
            return
        }
        // Single quotes around each word, as bytes (a quote followed by a combining mark is one
        // Character, so this is no job for String); a quote inside is closed, escaped and
        // reopened: '\''.
        let quote = UInt8(ascii: "'")
        var quoted: [UInt8] = []
        for word in words {
            if !quoted.isEmpty { quoted.append(UInt8(ascii: " ")) }
            quoted.append(quote)
            for byte in ArgumentText.bytes(word) {
                quoted += byte == quote ? Array("'\\''".utf8) : [byte]
            }
            quoted.append(quote)
        }
        let again = try? CommandLineWords.split(quoted)
        try require(again == words, "\(words) quoted as \(quoted) split as \(String(describing: again))")
    }

    // MARK: whole command lines

    /// Any words (NUL-separated): the fast reader declines the line or reads it as ArgumentParser
    /// does; neither crashes.
    static func commandLines(_ data: [UInt8]) throws {
        let words = data.prefix(240).split(separator: 0, maxSplits: 12, omittingEmptySubsequences: false)
            .map { ArgumentText.string($0) }
        if let mismatch = GrammarCheck.mismatch(words) { throw FuzzFailure(mismatch) }
    }
}
