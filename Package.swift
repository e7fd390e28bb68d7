// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mmio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmio", targets: ["mmio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The only code that touches mapped memory: one volatile load or store per width.
        .target(name: "CMMIOAccess"),
        // Linux calls Swift cannot make (variadic ones such as prctl).
        .target(name: "CPlatform"),
        // libxml2 for SVD and IP-XACT descriptions, loaded on first use (dlopen) so that start-up
        // without --regs does not load it; parsed as untrusted input (no DTD, no network).
        .target(name: "CXMLReader", cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])]),
        // libpci, loaded on first use (dlopen), and the few C functions Swift needs around it
        // (its error callback must not return; shim.c jumps back to the wrapper that made the call).
        .target(name: "CLibPCI"),
        // The layers, each using only those above it here (Package.swift enforces it, and
        // Tests/check-layers.py that no file imports a layer it does not depend on).
        // Widths, bit ranges, numbers, errors, argument bytes; the output buffer, trace lines, JSON.
        .target(name: "MMIOBasics", dependencies: ["CPlatform", .product(name: "SystemPackage", package: "swift-system")]),
        // The register-description readers (SVD, IP-XACT, plain) and the register map.
        .target(name: "MMIODescriptions", dependencies: ["MMIOBasics", "CXMLReader"]),
        // The target resolvers (physical memory, PCI, UIO, files, ports), the mapping layer, and
        // the accesses themselves (through CMMIOAccess, the only code that touches mapped memory).
        .target(
            name: "MMIOTargets",
            dependencies: [
                "MMIOBasics", "CMMIOAccess", "CLibPCI", "CPlatform",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // One core type per command, and the one plan → check → open → run path of every command
        // line and batch line.
        .target(
            name: "MMIOEngine",
            dependencies: ["MMIOBasics", "MMIODescriptions", "MMIOTargets", "CLibPCI", "CPlatform", "CXMLReader"]
        ),
        // The subcommands, as a library so tests can run them in-process.
        .target(
            name: "MMIOCLI",
            dependencies: [
                "MMIOBasics", "MMIODescriptions", "MMIOTargets", "MMIOEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The generator of the fast reader's tables (Sources/MMIOCLI/Grammar/GrammarTable.swift)
        // from the subcommands' definitions, and the tool `make grammar` runs; not in mmio.
        .target(
            name: "MMIOGrammar",
            dependencies: ["MMIOCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "mmio-grammar", dependencies: ["MMIOGrammar"]),
        // `make build` links the Swift runtime statically (--static-swift-stdlib) for start-up time.
        .executableTarget(name: "mmio", dependencies: ["MMIOCLI", "MMIOBasics"]),
        // What the fuzz targets assert, shared by the fuzzer and the tests that replay its corpus.
        .target(name: "MMIOFuzzChecks", dependencies: ["MMIOBasics", "MMIODescriptions", "MMIOTargets", "MMIOEngine", "MMIOCLI"]),
        // libFuzzer's entry under `make fuzz` (-sanitize=fuzzer); a corpus replayer otherwise.
        .executableTarget(name: "mmio-fuzz", dependencies: ["MMIOFuzzChecks", "MMIOBasics", "MMIOEngine", "CPlatform"]),
        .testTarget(
            name: "MMIOKitTests",
            dependencies: ["MMIOBasics", "MMIODescriptions", "MMIOTargets", "MMIOEngine", "MMIOCLI", "MMIOFuzzChecks", "MMIOGrammar", "CMMIOAccess"]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["MMIOBasics", "MMIODescriptions", "MMIOTargets", "MMIOEngine"]),
    ],
    swiftLanguageModes: [.v5]
)
