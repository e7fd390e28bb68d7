/// Words put into a shell command that mmio suggests (`echo SLOT > .../DRIVER/unbind`): a
/// driver's name comes from sysfs or /proc/iomem, and pasted as it is, `x $(touch pwned); y`
/// would run.
public enum ShellWord {
    /// `word` as the shell reads it back: as it is when it holds only characters no shell
    /// treats specially, else in single quotes; nil where it holds a control character, which
    /// no suggestion should ask anyone to paste.
    public static func quoted(_ word: String) -> String? {
        if word.unicodeScalars.contains(where: { ArgumentText.isControl($0.value) }) { return nil }
        let plain = !word.isEmpty && word.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a)
                || [UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"),
                    UInt8(ascii: "+"), UInt8(ascii: ",")].contains(byte)
        }
        if plain { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
