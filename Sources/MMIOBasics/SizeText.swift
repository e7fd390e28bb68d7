/// Sizes as lspci prints them: `256`, `4K`, `1M`, `16G` where exact, else bytes.
public enum SizeText {
    public static func short(_ bytes: UInt64) -> String {
        for (unit, shift) in [("G", 30), ("M", 20), ("K", 10)] as [(String, UInt64)]
        where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return "\(bytes)"
    }
}
