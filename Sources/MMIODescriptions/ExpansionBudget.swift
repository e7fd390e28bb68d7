import MMIOBasics
/// What one description may expand to. A file of a few hundred bytes can name arrays of arrays
/// of millions of registers, so every reader asks here before it expands anything, and a file
/// that would pass a limit is refused with the limit named rather than filling memory. The
/// largest real description known (NXP's MIMXRT1176, 24 MB) has about 30,000 registers and
/// 240,000 fields: far below both.
struct ExpansionBudget {
    static let maximumRegisters: UInt64 = 1 << 20
    static let maximumFields: UInt64 = 1 << 22

    private(set) var registers: UInt64 = 0
    private(set) var fields: UInt64 = 0

    /// Takes `count` more registers (nothing is taken when they do not fit).
    mutating func admit(registers count: UInt64) throws {
        guard let total = checkedSum(registers, count), total <= Self.maximumRegisters else {
            throw ArrayError(
                "expands to more than \(Self.maximumRegisters) registers, the most mmio reads from one description")
        }
        registers = total
    }

    /// Takes `count` more fields.
    mutating func admit(fields count: UInt64) throws {
        guard let total = checkedSum(fields, count), total <= Self.maximumFields else {
            throw ArrayError("expands to more than \(Self.maximumFields) fields, the most mmio reads from one description")
        }
        fields = total
    }

    /// `a × b`, saturating: counts of nested arrays multiply.
    static func product(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : value
    }

    /// `a + b`, saturating.
    static func sum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : value
    }
}
