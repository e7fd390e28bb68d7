import MMIOBasics
/// A description file that cannot be used: exit 1, naming the file, the line and what is wrong.
enum DescriptionError {
    static func at(_ file: String, _ line: Int, _ what: String) -> MMIOError {
        MMIOError.failure(
            ArgumentText.printable(file) + (line > 0 ? ":\(line)" : "") + ": " + ArgumentText.printable(what))
    }
}
