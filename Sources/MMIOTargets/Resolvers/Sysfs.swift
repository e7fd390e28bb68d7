import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif

/// Small reads of sysfs attribute files and directories.
package enum Sysfs {
    /// The file's text without its trailing newline, or nil where it cannot be read. Only a
    /// regular file is read (every sysfs attribute is one): a FIFO put in its place cannot block.
    static func attribute(_ path: String) -> String? {
        guard let bytes = bytes(path, limit: 4096) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }

    /// The file's first `limit` bytes, as they are (a device-tree property is binary), or nil
    /// where it cannot be read or is not a regular file.
    static func bytes(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = ArgumentText.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        // Sized as the file says (a device-tree property says its size; an attribute, 4096),
        // grown while the file has more.
        var bytes = [UInt8](repeating: 0, count: max(1, min(limit, info.st_size > 0 ? Int(info.st_size) : 4096)))
        var total = 0
        while total < limit {
            if total == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, limit - bytes.count)) }
            let room = bytes.count - total
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, room) }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            total += count
        }
        return Array(bytes[0..<total])
    }

    /// A hex or decimal number attribute (`0x1000`, `4096`).
    static func number(_ path: String) -> UInt64? {
        guard let text = attribute(path) else { return nil }
        return try? NumberSyntax.number(text)
    }

    /// Names in a directory (no `.` or `..`), sorted naturally (`uio2` before `uio10`).
    static func entries(_ path: String) -> [String] {
        guard let directory = ArgumentText.withCString(path, { opendir($0) }) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = name(of: entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted(by: naturalOrder)
    }

    /// The last part of where a symbolic link points (`driver` -> `.../drivers/e1000` gives
    /// `e1000`), or nil where `path` is not a link.
    static func linkName(_ path: String) -> String? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = ArgumentText.withCString(path) { readlink($0, &bytes, bytes.count) }
        guard count > 0 else { return nil }
        let target = bytes[0..<count]
        let name = target.split(separator: UInt8(ascii: "/")).last.map { ArgumentText.string($0) }
        return name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The first entry of `directory` that is a FIFO, a socket or a device node (through a
    /// link too), which no sysfs attribute is: a library that opens it would block or misread.
    static func specialEntry(in directory: String) -> String? {
        guard let handle = ArgumentText.withCString(directory, { opendir($0) }) else { return nil }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            var type = entry.pointee.d_type
            let name = name(of: entry)
            if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard ArgumentText.withCString("\(directory)/\(name)", { stat($0, &info) }) == 0 else { continue }
                type = UInt8(truncatingIfNeeded: (info.st_mode & S_IFMT) >> 12)
            }
            if [DT_FIFO, DT_SOCK, DT_CHR, DT_BLK].map({ UInt8($0) }).contains(type) { return "\(directory)/\(name)" }
        }
        return nil
    }

    /// A directory entry's name, byte for byte.
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) {
            ArgumentText.string(UnsafeBufferPointer(
                start: $0.bindMemory(to: UInt8.self).baseAddress!, count: strlen($0.baseAddress!.assumingMemoryBound(to: CChar.self))))
        }
    }

    /// The path with every link resolved, or nil where it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = ArgumentText.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return ArgumentText.string(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
    }

    package static func exists(_ path: String) -> Bool { ArgumentText.withCString(path) { access($0, F_OK) } == 0 }

    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return ArgumentText.withCString(path) { stat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// `uio2` < `uio10`: compares the trailing numbers when the prefixes agree.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        let aPrefix = a.prefix { !$0.isNumber }, bPrefix = b.prefix { !$0.isNumber }
        if aPrefix == bPrefix, let an = Int(a.dropFirst(aPrefix.count)),
            let bn = Int(b.dropFirst(bPrefix.count))
        {
            return an < bn
        }
        return a < b
    }
}
