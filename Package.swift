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
        // Mapping layer, targets, parsers and formatting: everything but the command line.
        .target(
            name: "MMIOKit",
            dependencies: [
                "CMMIOAccess",
                "CLibPCI",
                "CPlatform",
                "CXMLReader",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The subcommands, as a library so tests can run them in-process.
        .target(
            name: "MMIOCLI",
            dependencies: [
                "MMIOKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make build` links the Swift runtime statically (--static-swift-stdlib) for start-up time.
        .executableTarget(name: "mmio", dependencies: ["MMIOCLI"]),
        // What the fuzz targets assert, shared by the fuzzer and the tests that replay its corpus.
        .target(name: "MMIOFuzzChecks", dependencies: ["MMIOKit", "MMIOCLI"]),
        // libFuzzer's entry under `make fuzz` (-sanitize=fuzzer); a corpus replayer otherwise.
        .executableTarget(name: "mmio-fuzz", dependencies: ["MMIOFuzzChecks", "MMIOKit", "CPlatform"]),
        .testTarget(name: "MMIOKitTests", dependencies: ["MMIOKit", "MMIOCLI", "MMIOFuzzChecks"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MMIOKit"]),
    ],
    swiftLanguageModes: [.v5]
)
