import MMIOBasics
/// The elements of a description's array (SVD `dim`, IP-XACT `dim`): each one's name, its
/// other spelling and its distance from the first.
struct ArrayElement {
    var name: String
    var alias: String?
    var offset: UInt64
}

enum ArrayNames {
    /// SVD: `dim` elements `dimIncrement` apart, named by putting each `dimIndex` (default
    /// 0...dim-1) for `%s`: `CH%s` gives `CH3` (also `CH[3]`), `CH[%s]` gives `CH[3]`.
    static func svd(name: String, dim: UInt64, increment: UInt64, index: String?) throws -> [ArrayElement] {
        guard dim > 0, dim <= 65536 else { throw ArrayError("dim \(dim) must be 1 to 65536") }
        let indices = try index.map { try indexList($0) } ?? (0..<dim).map(String.init)
        guard indices.count == Int(dim) else {
            throw ArrayError("dimIndex gives \(indices.count) names for dim \(dim)")
        }
        guard name.contains("%s") else { throw ArrayError("array name '\(name)' has no %s") }
        let bracketed = name.contains("[%s]")
        return try indices.enumerated().map { position, index in
            let (offset, overflow) = UInt64(position).multipliedReportingOverflow(by: increment)
            guard !overflow else { throw ArrayError("dim \(dim) x dimIncrement \(increment) overflows") }
            let expanded = name.replacing("%s", with: index)
            let alias = bracketed ? nil : name.replacing("%s", with: "[\(index)]")
            return ArrayElement(name: expanded, alias: alias, offset: offset)
        }
    }

    /// IP-XACT and the plain format: `NAME[i]`, `stride` apart.
    static func indexed(name: String, dim: UInt64, stride: UInt64) throws -> [ArrayElement] {
        guard dim > 0, dim <= 65536 else { throw ArrayError("dim \(dim) must be 1 to 65536") }
        return try (0..<dim).map { index in
            let (offset, overflow) = index.multipliedReportingOverflow(by: stride)
            guard !overflow else { throw ArrayError("dim \(dim) x stride \(stride) overflows") }
            return ArrayElement(name: "\(name)[\(index)]", alias: nil, offset: offset)
        }
    }

    /// `0-3`, `A-D` or `a,b,c`.
    static func indexList(_ text: String) throws -> [String] {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, !text.contains(",") {
            if let low = UInt64(parts[0]), let high = UInt64(parts[1]), low <= high, high - low < 65536 {
                return (low...high).map(String.init)
            }
            if parts[0].count == 1, parts[1].count == 1, let low = parts[0].unicodeScalars.first,
                let high = parts[1].unicodeScalars.first, low.properties.isUppercase, high.properties.isUppercase,
                low.value <= high.value
            {
                return (low.value...high.value).compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
            }
            throw ArrayError("dimIndex '\(text)' is not a range")
        }
        let names = text.split(separator: ",").map { XMLElement.trimmed(String($0)) }
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else { throw ArrayError("dimIndex '\(text)' is empty") }
        return names
    }
}

/// What is wrong with an array; the reader adds the file and line.
struct ArrayError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
