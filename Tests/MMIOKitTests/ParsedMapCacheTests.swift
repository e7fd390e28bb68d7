import Foundation
@testable import MMIOBasics
@testable import MMIODescriptions
import XCTest

/// The parsed-map cache: a map read back from its cache file is the map the parse made, part by
/// part; it is used only for the file as it was when it was kept; no directory means no cache;
/// and a damaged file is never read as a different map.
final class ParsedMapCacheTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "/mmio-map-cache-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: scratch) }

    /// Every description the tests carry, and pyOCD files with each kind of tolerated defect:
    /// encoded as a cache file holds them and read back, every register, name and place agrees.
    func testEveryMapReadsBackFromItsCacheFileAsParsed() throws {
        let fixtures = Self.root.appendingPathComponent("Tests/Descriptions").path
        var paths = try FileManager.default.contentsOfDirectory(atPath: fixtures)
            .filter { name in [".svd", ".regs", ".xml"].contains { name.hasSuffix($0) } }.sorted().map { fixtures + "/" + $0 }
        paths.append(Self.root.appendingPathComponent("examples/uart.svd").path)
        let pyocd = Self.root.appendingPathComponent(".build/pyocd-svd").path
        paths += ["Musca.svd", "Musca_S1.svd", "max32665.svd", "max32670.svd", "M251_v1.svd", "nrf9160.svd"].map { pyocd + "/" + $0 }
        var registers = 0
        for path in paths {
            let parsed = try DescriptionLoader.load(path, cache: nil)
            let stored = try XCTUnwrap(ParsedMapCache.decode(ParsedMapCache.encode(parsed, path: path), name: "test.map"), path)
            try assertSame(parsed, stored, path)
            registers += parsed.registers.count
        }
        XCTAssertGreaterThan(registers, 5_000)
    }

    func assertSame(_ parsed: RegisterMap, _ stored: RegisterMap, _ what: String) throws {
        XCTAssertNil(parsed.cacheFile)
        XCTAssertNotNil(stored.cacheFile)
        XCTAssertEqual(stored.format, parsed.format, what)
        XCTAssertEqual(stored.defects.warnings, parsed.defects.warnings, what)
        XCTAssertEqual(stored.brokenNames, parsed.brokenNames, what)
        XCTAssertEqual(stored.peripherals, parsed.peripherals, what)
        XCTAssertEqual(Array(stored.registers), Array(parsed.registers), what)
        func places(_ list: Places) -> [String] { list.map { "\($0.start) \($0.index)" } }
        XCTAssertEqual(places(stored.index.absolute), places(parsed.index.absolute), what)
        for peripheral in parsed.peripherals {
            XCTAssertEqual(places(stored.index.places(of: peripheral)), places(parsed.index.places(of: peripheral)), what)
        }
        // Every name every register answers to finds what it found, by name and by lookup.
        func outcome(_ map: RegisterMap, _ name: String) -> String {
            switch map.matches(for: name) {
            case .none: return "none"
            case .damaged: return "damaged"
            case .one(let index): return "one \(index)"
            case .several(let list): return "several \(list)"
            }
        }
        for register in parsed.registers {
            MapIndex.names(of: register) { name in XCTAssertEqual(outcome(stored, name), outcome(parsed, name), name) }
            func found(_ map: RegisterMap) -> String {
                do { return try map.lookup(register.name).name } catch { return "\(error)" }
            }
            XCTAssertEqual(found(stored), found(parsed), register.name)
        }
        XCTAssertEqual(outcome(stored, "NO_SUCH_NAME"), "none")
    }

    /// A plain description of `count` registers (large enough to be kept), as text.
    static func description(count: Int, first: String = "R0") -> String {
        var text = "peripheral BLOCK 0x40000000\n"
        for index in 0..<count {
            text += "register \(index == 0 ? first : "R\(index)") \(String(index * 4, radix: 16, uppercase: false).withHex) 32 rw reset=0\n"
            text += "  field LOW 15:0 OFF=0 ON=1\n  field HIGH 31:16\n"
        }
        return text
    }

    func cacheFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".map") }
    }

    /// The cache is used for the file as it was and never after it changed: a file changed in
    /// the last two seconds is not kept (a second change in the same tick of the file system's
    /// clock could go unseen); then it is, and the next load reads it; a change of one name at
    /// the same size, or a touch, is seen at once.
    func testACacheFileServesOnlyTheFileAsItWasWhenKept() throws {
        let cache = ParsedMapCache(directory: scratch + "/cache/mmio")
        let path = scratch + "/big.regs"
        let text = Self.description(count: 4_000)
        XCTAssertGreaterThan(text.utf8.count, ParsedMapCache.minimumSize)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let fresh = try DescriptionLoader.load(path, cache: cache)
        XCTAssertNil(fresh.cacheFile)
        XCTAssertEqual(cacheFiles(cache.directory), [], "a file changed just now is not kept")

        Thread.sleep(forTimeInterval: Double(ParsedMapCache.settled) + 0.2)
        let parsed = try DescriptionLoader.load(path, cache: cache)
        XCTAssertNil(parsed.cacheFile)
        XCTAssertEqual(cacheFiles(cache.directory).count, 1)
        let cached = try DescriptionLoader.load(path, cache: cache)
        XCTAssertEqual(cached.cacheFile.map { URL(fileURLWithPath: $0).lastPathComponent }, cacheFiles(cache.directory).first)
        XCTAssertEqual(try cached.lookup("BLOCK.R1").register.address, 0x4000_0004)
        try assertSame(parsed, cached, path)
        // Only the user may enter the directory, and only the user may write the file.
        var status = stat()
        XCTAssertEqual(stat(cache.directory, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o700)
        XCTAssertEqual(stat(cached.cacheFile!, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600)

        // One name changed, the size the same: parsed again, and again while the change is new.
        let changed = Self.description(count: 4_000, first: "Q0")
        XCTAssertEqual(changed.utf8.count, text.utf8.count)
        try changed.write(toFile: path, atomically: false, encoding: .utf8)
        for _ in 0..<2 {
            let reread = try DescriptionLoader.load(path, cache: cache)
            XCTAssertNil(reread.cacheFile)
            XCTAssertEqual(try reread.lookup("BLOCK.Q0").register.address, 0x4000_0000)
            XCTAssertThrowsError(try reread.lookup("BLOCK.R0"))
        }

        // The old bytes again, saved as editors save (a new file renamed over the old one): a
        // new inode, parsed, then kept in the path's one cache file.
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertNil(try DescriptionLoader.load(path, cache: cache).cacheFile)
        Thread.sleep(forTimeInterval: Double(ParsedMapCache.settled) + 0.2)
        _ = try DescriptionLoader.load(path, cache: cache)
        XCTAssertNotNil(try DescriptionLoader.load(path, cache: cache).cacheFile)
        XCTAssertEqual(cacheFiles(cache.directory).count, 1, "one cache file a path")
        XCTAssertEqual(try DescriptionLoader.load(path, cache: cache).lookup("BLOCK.R0").register.address, 0x4000_0000)
        // The same bytes, touched with the old times: the change time moved, so it is parsed.
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        XCTAssertEqual(stat(path, &status), 0)
        times = [status.st_atim, status.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        XCTAssertNil(try DescriptionLoader.load(path, cache: cache).cacheFile)

        // Another spelling of the path has a cache file of its own (messages quote the path), and
        // so does a relative path from another working directory.
        let other = scratch + "/./big.regs"
        Thread.sleep(forTimeInterval: Double(ParsedMapCache.settled) + 0.2)
        _ = try DescriptionLoader.load(other, cache: cache)
        XCTAssertEqual(try DescriptionLoader.load(other, cache: cache).file, other)
        XCTAssertEqual(try DescriptionLoader.load(path, cache: cache).file, path)
        XCTAssertNotEqual(cache.fileName("big.regs"), cache.fileName(path))
        let here = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(here) }
        FileManager.default.changeCurrentDirectoryPath(scratch)
        let relative = cache.fileName("big.regs")
        FileManager.default.changeCurrentDirectoryPath(scratch + "/cache")
        XCTAssertNotEqual(cache.fileName("big.regs"), relative)

        // Small descriptions parse faster than a cache file is found: never kept.
        let small = scratch + "/small.regs"
        try Self.description(count: 10).write(toFile: small, atomically: false, encoding: .utf8)
        XCTAssertEqual(utimensat(AT_FDCWD, small, &times, 0), 0)
        let before = cacheFiles(cache.directory).count
        _ = try DescriptionLoader.load(small, cache: cache)
        XCTAssertEqual(cacheFiles(cache.directory).count, before)
    }

    /// A directory that cannot be made, or that is not the user's, is no cache: the description
    /// loads as ever and nothing is written; a cache file another user owns is not read.
    func testNoCacheWhereTheDirectoryCannotBeMadeOrIsNotTheUsers() throws {
        let path = scratch + "/big.regs"
        try Self.description(count: 4_000).write(toFile: path, atomically: false, encoding: .utf8)
        Thread.sleep(forTimeInterval: Double(ParsedMapCache.settled) + 0.2)

        let blocker = scratch + "/file"
        FileManager.default.createFile(atPath: blocker, contents: Data())
        let impossible = ParsedMapCache(directory: blocker + "/mmio")
        XCTAssertEqual(try DescriptionLoader.load(path, cache: impossible).registers.count, 4_000)
        XCTAssertNil(try DescriptionLoader.load(path, cache: impossible).cacheFile)

        // Root with another user's HOME makes no folder in that user's home.
        let home = scratch + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
        XCTAssertEqual(chown(home, 65534, 65534), 0)
        XCTAssertNil(try DescriptionLoader.load(path, cache: ParsedMapCache(directory: home + "/.cache/mmio")).cacheFile)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home), [])

        let foreign = ParsedMapCache(directory: scratch + "/foreign")
        try FileManager.default.createDirectory(atPath: foreign.directory, withIntermediateDirectories: false)
        XCTAssertEqual(chown(foreign.directory, 65534, 65534), 0)
        _ = try DescriptionLoader.load(path, cache: foreign)
        XCTAssertEqual(cacheFiles(foreign.directory), [], "nothing is written into a directory that is not the user's")

        // A cache file made by this user, then given to another: not read.
        let own = ParsedMapCache(directory: scratch + "/own")
        _ = try DescriptionLoader.load(path, cache: own)
        let kept = own.directory + "/" + (try XCTUnwrap(cacheFiles(own.directory).first))
        XCTAssertNotNil(try DescriptionLoader.load(path, cache: own).cacheFile)
        XCTAssertEqual(chown(kept, 65534, 65534), 0)
        XCTAssertNil(try DescriptionLoader.load(path, cache: own).cacheFile)
        XCTAssertEqual(chown(kept, geteuid(), getegid()), 0)
        XCTAssertEqual(chmod(kept, 0o666), 0)
        XCTAssertNil(try DescriptionLoader.load(path, cache: own).cacheFile, "a file others may write is not read")
    }

    /// Any byte of a cache file changed: the map is refused whole, or a register is refused by
    /// name, or a name finds its own register as it was; never another register, or a register
    /// changed, and nothing crashes.
    func testADamagedCacheFileNeverNamesAnotherRegister() throws {
        let path = Self.root.appendingPathComponent("Tests/Descriptions/uart.svd").path
        let parsed = try DescriptionLoader.load(path, cache: nil)
        let bytes = ParsedMapCache.encode(parsed, path: path)
        var random = SystemRandomNumberGenerator()
        var refusedWhole = 0, refusedByName = 0
        for trial in 0..<3_000 {
            var damaged = bytes
            // Every byte once, then random ones.
            let at = trial < damaged.count ? trial : Int.random(in: 0..<damaged.count, using: &random)
            damaged[at] ^= UInt8.random(in: 1...255, using: &random)
            // A cache directory's name is the user's: a control character in it stays escaped.
            guard let map = ParsedMapCache.decode(damaged, name: "damaged\n.map") else {
                refusedWhole += 1
                continue
            }
            for register in parsed.registers {
                do {
                    let found = try map.lookup(register.name)
                    XCTAssertEqual(found.register, register, "byte \(at)")
                } catch let error as MMIOError {
                    refusedByName += 1
                    XCTAssertFalse(error.message.isEmpty)
                    XCTAssertFalse(error.message.contains("\n"), error.message)
                }
            }
        }
        XCTAssertGreaterThan(refusedWhole, 0)
        XCTAssertGreaterThan(refusedByName, 0)
    }
}

extension ParsedMapCacheTests {
    /// The map-cache fuzz target's seeds are cache files of the test descriptions as this build
    /// writes them (a change of layout fails here until they are remade:
    /// `MMIO_REMAKE_SEEDS=1 swift test --filter ParsedMapCacheTests`).
    func testTheFuzzSeedsAreCacheFilesAsThisBuildWritesThem() throws {
        let seeds = Self.root.appendingPathComponent("Tests/Fuzz/corpus/map-cache").path
        let remake = ProcessInfo.processInfo.environment["MMIO_REMAKE_SEEDS"] != nil
        for name in ["board.regs", "uart.svd", "defects.svd", "timer-2022.xml", "alternates.svd"] {
            let path = Self.root.appendingPathComponent("Tests/Descriptions/\(name)").path
            // Read as `name`: the messages a map holds quote its path, and the seeds must not
            // depend on where the tree is.
            let map = try DescriptionLoader.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file: name)
            let bytes = ParsedMapCache.encode(map, path: name)
            let seed = seeds + "/" + name + ".map"
            if remake {
                try FileManager.default.createDirectory(atPath: seeds, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: seed))
            }
            XCTAssertEqual(FileManager.default.contents(atPath: seed).map { [UInt8]($0) }, bytes, "\(seed) is not what this build writes")
            XCTAssertNotNil(ParsedMapCache.decode(bytes, name: seed))
        }
    }
}

extension String {
    fileprivate var withHex: String { "0x" + self }
}
