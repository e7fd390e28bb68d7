import MMIOBasics
import MMIODescriptions
import MMIOTargets
#if canImport(Glibc)
import Glibc
#endif

/// `regs [PATTERN]`: the description's registers (arrays expanded, absolute addresses) and
/// their fields, as a table or one JSON object per register. PATTERN is a shell glob on full
/// names, or a peripheral's name (its registers).
public enum RegisterListing {
    static func show(_ map: RegisterMap, pattern: String?, to results: Results) throws {
        let registers: [MapRegister]
        if let pattern, map.hasPeripheral(pattern) {
            registers = map.registers(ofPeripheral: pattern)
        } else {
            registers = map.registers.filter { register in pattern.map { fnmatch($0, register.name, 0) == 0 } ?? true }
        }
        if registers.isEmpty, let pattern {
            throw MMIOError.usage("no register of \(ArgumentText.printable(map.file)) matches '\(ArgumentText.printable(pattern))'")
        }
        let digits = Hex.addressDigits(upTo: registers.map(\.address).max() ?? 0)
        let nameWidth = registers.map(\.name.count).max() ?? 0
        let fields = registers.flatMap(\.fields)
        let bitsWidth = fields.map { RegisterDecoding.bitsText($0).count }.max() ?? 0
        let fieldWidth = fields.map(\.name.count).max() ?? 0
        for register in registers {
            if results.json {
                try results.line(jsonObject(register, digits: digits))
                continue
            }
            try results.line(
                Hex.string(register.address, digits: digits) + "  " + RegisterDecoding.padded(register.name, nameWidth)
                    + "  " + RegisterDecoding.padded("\(register.width.bits)", 2) + "  " + register.access.description
                    + (register.reset.map { "  reset " + Hex.string($0, digits: register.width.hexDigits) } ?? "")
                    + (register.readSideEffect ? "  read-side-effects" : "")
                    + (register.defect.map { "  cannot be used: \($0)" } ?? ""))
            for field in register.fields {
                var words = [
                    String(repeating: " ", count: digits + 4) + RegisterDecoding.padded(RegisterDecoding.bitsText(field), bitsWidth),
                    RegisterDecoding.padded(field.name, fieldWidth), field.access.description,
                ]
                if field.writeEffect != .plain { words.append(field.writeEffect.rawValue) }
                if field.readSideEffect { words.append("read-side-effects") }
                if !field.enums.isEmpty || !field.patterns.isEmpty {
                    words.append((field.enums.map { "\($0.name)=\(Hex.string($0.value))" } + field.patterns.map { "\($0.name)=\($0.text)" })
                        .joined(separator: " "))
                }
                try results.line(words.joined(separator: "  "))
            }
        }
    }

    static func jsonObject(_ register: MapRegister, digits: Int) -> String {
        let fields = register.fields.map { field in
            "{\"name\":" + JSONText.string(field.name) + ",\"bits\":\"\(field.bits)\",\"access\":\"\(field.access)\""
                + ",\"write_effect\":\"\(field.writeEffect.rawValue)\",\"read_side_effects\":\(field.readSideEffect)"
                + ",\"enums\":[" + field.enums.map { "{\"name\":" + JSONText.string($0.name) + ",\"value\":\"\(Hex.string($0.value))\"}" }
                .joined(separator: ",") + "]"
                + (field.patterns.isEmpty ? "" : ",\"enum_patterns\":[" + field.patterns.map {
                    "{\"name\":" + JSONText.string($0.name) + ",\"pattern\":" + JSONText.string($0.text) + "}"
                }.joined(separator: ",") + "]") + "}"
        }
        return "{\"address\":\(JSONText.address(register.address)),\"offset\":\(JSONText.address(register.offset))"
            + ",\"name\":" + JSONText.string(register.name) + ",\"width\":\(register.width.bits),\"access\":\"\(register.access)\""
            + ",\"reset\":" + (register.reset.map { "\"" + Hex.string($0, digits: register.width.hexDigits) + "\"" } ?? "null")
            + ",\"read_side_effects\":\(register.readSideEffect)"
            + (register.defect.map { ",\"defect\":" + JSONText.string($0) } ?? "") + ",\"fields\":[" + fields.joined(separator: ",") + "]}"
    }
}
