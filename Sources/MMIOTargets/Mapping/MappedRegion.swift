import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One mmap of a page window of a target's file. It owns the mapping (unmapped on deinit) and
/// keeps the descriptor open while it lives.
final class MappedRegion {
    let window: PageWindow
    let base: UnsafeMutableRawPointer
    let file: TargetFile

    /// mmap(2) of `window`, shared, read-only unless the file was opened for writing.
    init(file: TargetFile, window: PageWindow) throws {
        guard window.length <= UInt64(Int.max), window.offset <= UInt64(Int64.max) else {
            throw MMIOError.usage("mapping of \(window.length) bytes at \(Hex.string(window.offset)) is too large")
        }
        let protection = file.writable ? PROT_READ | PROT_WRITE : PROT_READ
        let pointer = mmap(
            nil, Int(window.length), protection, MAP_SHARED, file.descriptor.rawValue,
            off_t(window.offset))
        guard let pointer, pointer != MAP_FAILED else {
            let error = Errno(rawValue: errno)
            throw MMIOError.failure(
                "cannot map \(window.length) bytes of \(ArgumentText.printable(file.target.path)) at offset "
                    + "\(Hex.string(window.offset)) for \(file.target.name): \(error)"
                    + Hints.map(error, file.target, fileOffset: window.offset))
        }
        self.window = window
        self.base = pointer
        self.file = file
    }

    /// The host address of file offset `offset`, which must lie in the window.
    func pointer(at offset: UInt64) -> UnsafeMutableRawPointer {
        base + Int(offset - window.offset)
    }

    deinit { munmap(base, Int(window.length)) }
}
