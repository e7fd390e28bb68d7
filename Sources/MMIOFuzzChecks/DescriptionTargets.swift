import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// The description readers, one fuzz target each: any bytes either become a register map that
/// keeps the map's invariants, or are refused with one line of exit status 1 that names the file.
/// Nothing crashes, hangs or reads past the input (the XML ones run libxml2 under the fuzzer's
/// AddressSanitizer too).
enum DescriptionTargets {
    static func plain(_ data: [UInt8]) throws { try check(data, as: .plain) }
    static func svd(_ data: [UInt8]) throws { try check(data, as: .svd) }
    static func ipxact(_ data: [UInt8]) throws { try check(data, as: .ipxact) }

    /// A parsed-map cache file of any bytes: refused whole, or a map whose every register reads
    /// back (or is refused by name), whose names find only registers that answer to them, and
    /// whose places name registers there. Nothing crashes or reads past the bytes.
    static func mapCache(_ data: [UInt8]) throws {
        guard let map = ParsedMapCache.decode(data, name: "fuzz.map") else { return }
        for register in map.registers.prefix(256) {
            do {
                let found = try map.lookup(register.name)
                try FuzzTargets.require(found.register == register, "\(register.name) looked up as \(found.register.name)")
            } catch let error as MMIOError {
                try FuzzTargets.require(!error.message.isEmpty, "an empty refusal")
            }
            for physical in [true, false] {
                let (sorted, first) = map.places(from: register.address, physical: physical, peripheral: register.peripheral)
                for place in sorted[first...].prefix(4) {
                    try FuzzTargets.require(Int(place.index) < map.registers.count, "a place names register \(place.index)")
                }
            }
        }
        _ = map.peripherals.prefix(64).map { map.registers(ofPeripheral: $0).count }
    }

    static let file = "fuzz-input"

    static func check(_ data: [UInt8], as format: RegisterMap.Format) throws {
        let map: RegisterMap
        do {
            map = try DescriptionLoader.read(data, file: file, as: format)
        } catch let error as MMIOError {
            try FuzzTargets.require(error.kind == .failure, "refused with \(error.kind), not exit 1: \(error.message)")
            try FuzzTargets.require(error.message.hasPrefix(file), "the message does not name the file: \(error.message)")
            try FuzzTargets.require(
                !error.message.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7f && $0.value <= 0x9f) },
                "the message is not one printable line: \(error.message.debugDescription)")
            try FuzzTargets.require(error.message.utf8.count <= 4096, "a message of \(error.message.utf8.count) bytes")
            return
        }
        try FuzzTargets.require(map.registers.count <= 1 << 20, "\(map.registers.count) registers, past the limit")
        try FuzzTargets.require(
            map.registers.reduce(0) { $0 + $1.fields.count } <= 1 << 22, "more fields than the limit")
        var names = Set<String>()
        for register in map.registers {
            try FuzzTargets.require(!register.path.isEmpty && !register.path.contains(""), "a register without a name")
            // A name twice only where the reader tolerated it, recording the name as refused.
            try FuzzTargets.require(
                names.insert(register.name).inserted || map.brokenNames[register.name] != nil, "\(register.name) twice")
            let (address, wrapped) = register.base.addingReportingOverflow(register.offset)
            try FuzzTargets.require(
                !wrapped && !address.addingReportingOverflow(UInt64(register.width.bytes - 1)).overflow,
                "\(register.name) at \(register.base) + \(register.offset) passes the end of the address space")
            for field in register.fields {
                try FuzzTargets.require(field.bits.high < register.width.bits, "\(register.name).\(field.name) is outside its register")
                for value in field.enums {
                    try FuzzTargets.require(value.value & ~field.bits.fieldMask == 0, "\(register.name).\(field.name): \(value.name) is wider than the field")
                }
            }
            if let reset = register.reset {
                try FuzzTargets.require(reset & ~register.width.mask == 0, "\(register.name): reset wider than the register")
            }
        }
        // A tolerated defect is a warning; --strict refuses the file by its first.
        for kind in map.defects.kinds {
            try FuzzTargets.require(kind.count > 0 && kind.first.hasPrefix(file + ":"), "defect \(kind.first) names no place")
        }
        // A cache file of the map reads back as the same map.
        let copy = try FuzzTargets.unwrap(
            ParsedMapCache.decode(ParsedMapCache.encode(map, path: file), name: "fuzz.map"), "the map's cache file does not read back")
        try FuzzTargets.require(Array(copy.registers) == Array(map.registers), "the map's cache file holds other registers")
        try FuzzTargets.require(copy.defects.warnings == map.defects.warnings && copy.brokenNames == map.brokenNames,
                                "the map's cache file holds other defects")
        // Every register is found by its full name (or the name is shared, a usage error).
        for register in map.registers.prefix(64) {
            do {
                let found = try map.lookup(register.name)
                try FuzzTargets.require(found.register.name == register.name, "\(register.name) looked up as \(found.register.name)")
                try FuzzTargets.require(try copy.lookup(register.name).register == found.register, "\(register.name) from the cache file")
            } catch let error as MMIOError {
                try FuzzTargets.require(error.kind == .usage, "looking up \(register.name): \(error.kind)")
            }
        }
    }
}
