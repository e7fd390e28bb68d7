import MMIOBasics
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Parsed maps of large descriptions, kept in the user's cache directory so that a one-shot
/// command by name does not parse 24 MB of XML each time: a file per description, mapped
/// read-only, its index and registers read only where the command uses them.
///
/// A cache file is used only for the file it was made from as it was then: the same path,
/// device, inode, size, modification and change times (a path has one cache file, replaced
/// when the file changes). The change time moves on every write
/// (and cannot be set back), so a description that changed is parsed again; and a map is kept
/// only when its file had not changed for `settled` seconds before it was read, so that a write
/// in the same tick of the file system's clock cannot go unseen. Files under `minimumSize` parse
/// faster than they would be looked up, and are never kept. A directory that cannot be made or
/// written, or is not the user's own, just means no cache.
public struct ParsedMapCache: Sendable {
    public let directory: String

    public static let minimumSize = 256 << 10
    static let settled = 2
    /// Changed whenever anything a cache file holds is written differently.
    static let layout: UInt32 = 1
    static let magic: UInt64 = 0x3170_616d_6f69_6d6d  // "mmiomap1"

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/mmio`, else `$HOME/.cache/mmio`; nil with neither.
    public static let user: ParsedMapCache? = {
        func variable(_ name: String) -> String? {
            guard let value = getenv(name), value.pointee == UInt8(ascii: "/") else { return nil }
            return String(cString: value)
        }
        if let cache = variable("XDG_CACHE_HOME") { return ParsedMapCache(directory: cache + "/mmio") }
        if let home = variable("HOME") { return ParsedMapCache(directory: home + "/.cache/mmio") }
        return nil
    }()

    /// A description file as it is now.
    package struct Identity: Equatable {
        var values: [Int64]

        init(_ status: stat) {
            values = [
                Int64(bitPattern: UInt64(status.st_dev)), Int64(bitPattern: UInt64(status.st_ino)), Int64(status.st_size),
                Int64(status.st_mtim.tv_sec), Int64(status.st_mtim.tv_nsec), Int64(status.st_ctim.tv_sec),
                Int64(status.st_ctim.tv_nsec),
            ]
        }

        /// No file (an encoded map's, for the fuzz target).
        init() { values = Array(repeating: 0, count: 7) }

        init?(_ bytes: MapBytes, at offset: Int) {
            values = []
            for index in 0..<7 {
                guard let value = bytes.load(Int64.self, at: offset + 8 * index) else { return nil }
                values.append(value)
            }
        }

        var changed: Int64 { values[5] }
    }

    /// The map of the description at `path`: from its cache file when there is one for the file
    /// as it is, else parsed by `parse` from the file's bytes (and kept for next time). Nil
    /// where the file is not one to cache (not a regular file, small, too large, unreadable):
    /// the caller reads it as ever.
    public func load(_ path: String, limit: Int, parse: ([UInt8]) throws -> RegisterMap) throws -> RegisterMap? {
        let descriptor = ArgumentText.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var before = stat()
        guard fstat(descriptor, &before) == 0, before.st_mode & S_IFMT == S_IFREG, before.st_size >= Self.minimumSize,
            before.st_size <= limit
        else { return nil }
        let identity = Identity(before)
        let name = fileName(path)
        if let map = cached(name, path: path, identity: identity) { return map }
        let bytes = try FileContents.bytes(of: FileDescriptor(rawValue: descriptor), path: path, limit: limit)
        let map = try parse(bytes)
        var after = stat()
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if fstat(descriptor, &after) == 0, Identity(after) == identity, bytes.count == Int(before.st_size),
            Int64(now.tv_sec) - identity.changed >= Self.settled
        {
            store(map, as: name, path: path, identity: identity)
        }
        return map
    }

    /// The cache file's name: the path as given (messages quote it so), after the working
    /// directory where it is relative, hashed. Not the file's inode: an editor that saves by
    /// renaming a new file over the old one makes a new inode each time, and the cache would
    /// fill with maps of files that are gone; a path has one cache file, replaced when the
    /// file it names changes.
    func fileName(_ path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil { for byte in buffer.prefix(while: { $0 != 0 }) { mix(UInt8(bitPattern: byte)) } }
            mix(0)
        }
        for byte in path.utf8 { mix(byte) }
        let digits = String(hash, radix: 16)
        return directory + "/" + String(repeating: "0", count: 16 - digits.count) + digits + ".map"
    }

    // MARK: The file
    //
    //     u64 magic, u32 layout, u32 0
    //     i64 identity[7]           the description's device, inode, size, mtime, ctime
    //     u64 registers
    //     u64 meta, starts, records, index, end    where each part is, from the file's start
    //     meta      u32 checksum, u32 length, then format, path, defects (first, consequence,
    //               count), broken names
    //     starts    u64 start[registers + 1], from the first record
    //     records   u32 checksum and a RegisterRecord, one a register
    //     index     MapIndex

    private static let header = 8 + 8 + 56 + 8 + 40

    func store(_ map: RegisterMap, as name: String, path: String, identity: Identity) {
        guard makeDirectory() else { return }
        write(Self.encode(map, path: path, identity: identity), to: name)
    }

    /// What a cache file of `map` holds.
    package static func encode(_ map: RegisterMap, path: String, identity: Identity = Identity()) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(magic)
        writer.append(layout)
        writer.append(UInt32(0))
        for value in identity.values { writer.append(value) }
        writer.append(UInt64(map.registers.count))
        let parts = writer.count
        for _ in 0..<5 { writer.append(UInt64(0)) }
        func part(_ number: Int) {
            writer.align(8)
            writer.patch(UInt64(writer.count), at: parts + 8 * number)
        }
        part(0)
        var meta = ByteWriter()
        meta.string(map.format.rawValue)
        meta.string(path)
        meta.varint(UInt64(map.defects.kinds.count))
        for kind in map.defects.kinds {
            meta.string(kind.first)
            meta.string(kind.consequence)
            meta.varint(UInt64(kind.count))
        }
        RegisterRecord.pairs(map.brokenNames.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, &meta)
        writer.append(RegisterRecord.checksum(meta.bytes))
        writer.append(UInt32(meta.count))
        writer.raw(meta.bytes)
        var records = ByteWriter()
        var starts: [UInt64] = [0]
        for register in map.registers {
            var record = ByteWriter()
            RegisterRecord.write(register, into: &record)
            records.append(RegisterRecord.checksum(record.bytes))
            records.raw(record.bytes)
            starts.append(UInt64(records.count))
        }
        part(1)
        for start in starts { writer.append(start) }
        part(2)
        writer.raw(records.bytes)
        part(3)
        writer.raw(map.index.rawBytes)
        part(4)
        return writer.bytes
    }

    /// The map a cache file's bytes hold, whatever file it was made from; nil where they are not
    /// one (the fuzz target's entry).
    package static func decode(_ bytes: [UInt8], name: String) -> RegisterMap? {
        read(MapBytes(copying: bytes), name: name, path: "", identity: nil)
    }

    /// The map kept in `name` for `path` as `identity` says it is, or nil.
    func cached(_ name: String, path: String, identity: Identity) -> RegisterMap? {
        let descriptor = ArgumentText.withCString(name) { open($0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        // Only the user's own file, which no one else may write.
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
            status.st_mode & 0o022 == 0, status.st_size >= Self.header, status.st_size < Int.max / 2
        else { return nil }
        let size = Int(status.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
        let bytes = MapBytes(mapped: UnsafeRawPointer(base), count: size)
        return Self.read(bytes, name: name, path: path, identity: identity)
    }

    /// A cache file's map, checked against the description it must be of; nil where anything
    /// differs or does not fit.
    static func read(_ bytes: MapBytes, name: String, path: String, identity: Identity?) -> RegisterMap? {
        guard bytes.load(UInt64.self, at: 0) == magic, bytes.load(UInt32.self, at: 8) == layout,
            let kept = Identity(bytes, at: 16), identity == nil || kept == identity,
            let count = bytes.load(UInt64.self, at: 72), count < UInt64(Int32.max)
        else { return nil }
        var parts: [Int] = []
        for number in 0..<5 {
            guard let offset = bytes.load(UInt64.self, at: 80 + 8 * number), offset <= UInt64(bytes.count) else { return nil }
            parts.append(Int(offset))
        }
        guard parts.first! >= header, parts == parts.sorted(), parts[3] % 8 == 0 else { return nil }
        guard let checksum = bytes.load(UInt32.self, at: parts[0]), let length = bytes.load(UInt32.self, at: parts[0] + 4),
            Int(length) <= parts[1] - parts[0] - 8,
            checksum == RegisterRecord.checksum(UnsafeRawBufferPointer(start: bytes.base + parts[0] + 8, count: Int(length)))
        else { return nil }
        var meta = ByteReader(bytes, from: parts[0] + 8, to: parts[0] + 8 + Int(length))
        guard let formatName = meta.string(), let format = RegisterMap.Format(rawValue: formatName),
            let keptPath = meta.string(), identity == nil || keptPath == path, let kindCount = meta.count(least: 3)
        else { return nil }
        var kinds: [(first: String, consequence: String, count: Int)] = []
        for _ in 0..<kindCount {
            guard let first = meta.string(), let consequence = meta.string(), let count = meta.varint(), count < UInt64(Int32.max)
            else { return nil }
            kinds.append((first, consequence, Int(count)))
        }
        guard let broken = RegisterRecord.pairs(&meta),
            let stored = StoredRegisters(bytes, starts: parts[1], records: parts[2], end: parts[3], count: Int(count), cacheFile: name),
            let index = MapIndex(bytes, at: parts[3], end: parts[4]), index.registerCount == Int(count)
        else { return nil }
        return RegisterMap(
            file: keptPath, format: format, stored: stored, index: index, defects: DescriptionDefects(restoring: kinds),
            brokenNames: Dictionary(broken.map { ($0.name, $0.defect) }, uniquingKeysWith: { first, _ in first }),
            cacheFile: name)
    }

    /// The directory, made if need be (only the user may enter it); false where it cannot be,
    /// or is not the user's own. A missing folder is made only inside one of the user's own:
    /// root run with another user's HOME must not leave root's folders in that user's home.
    private func makeDirectory() -> Bool {
        var path = ""
        var status = stat()
        for part in directory.split(separator: "/") {
            let parent = path.isEmpty ? "/" : path
            path += "/" + part
            guard ArgumentText.withCString(path, { lstat($0, &status) }) != 0 else { continue }
            guard ArgumentText.withCString(parent, { stat($0, &status) }) == 0, status.st_uid == geteuid(),
                ArgumentText.withCString(path, { mkdir($0, 0o700) }) == 0
            else { return false }
        }
        return ArgumentText.withCString(directory) { lstat($0, &status) } == 0 && status.st_mode & S_IFMT == S_IFDIR
            && status.st_uid == geteuid() && status.st_mode & 0o022 == 0
    }

    /// `bytes` as `name`, whole or not at all: written aside, then renamed into place.
    private func write(_ bytes: [UInt8], to name: String) {
        var template = Array((directory + "/.map-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return }
        let temporary = String(cString: template)
        var written = 0
        let complete = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let count = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }
        close(descriptor)
        if !complete || ArgumentText.withCString(temporary, { from in ArgumentText.withCString(name) { rename(from, $0) } }) != 0 {
            _ = ArgumentText.withCString(temporary) { unlink($0) }
        }
    }
}
