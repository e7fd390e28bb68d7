import Foundation
import XCTest

/// The layers are SwiftPM targets, and `Tests/check-layers.py` (run by `make unit`) fails when a
/// target imports one of the package's targets it does not depend on: here, on the real tree,
/// and on a copy where a lower layer imports a higher one.
final class LayerTests: XCTestCase {
    static let root = DocumentationTests.root

    /// The check of `tree`'s Swift files against this package's manifest.
    func checkLayers(_ tree: String? = nil) throws -> Outcome {
        try MMIOProcess.shell("python3 '\(Self.root.path)/Tests/check-layers.py'" + (tree.map { " --tree '\($0)'" } ?? ""))
    }

    /// A copy of the package's Swift sources.
    func copyOfThePackage() throws -> Scratch {
        let scratch = try Scratch()
        let copied = try MMIOProcess.shell("""
            cd '\(Self.root.path)' && find Sources Tests -name '*.swift' | cpio -pdm --quiet '\(scratch.path(""))'
            """)
        XCTAssertEqual(copied.status, 0, copied.stderr)
        return scratch
    }

    func testTheTreeCrossesNoLayer() throws {
        let outcome = try checkLayers()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasSuffix(" targets, 0 crossings\n"), outcome.stdout)
    }

    func testALowerLayerImportingAHigherOneFails() throws {
        let scratch = try copyOfThePackage()
        let width = scratch.path("Sources/MMIOBasics/Width.swift")
        let text = try String(contentsOfFile: width, encoding: .utf8)
        try ("import MMIOEngine\n" + text).write(toFile: width, atomically: true, encoding: .utf8)
        let outcome = try checkLayers(scratch.path(""))
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr, """
            check-layers: Sources/MMIOBasics/Width.swift (MMIOBasics) imports MMIOEngine, which MMIOBasics does not depend on in Package.swift

            """)
        // The descriptions and the targets are side by side: neither may use the other.
        let map = scratch.path("Sources/MMIODescriptions/RegisterMap.swift")
        try ("import MMIOTargets\n" + (try String(contentsOfFile: map, encoding: .utf8))).write(toFile: map, atomically: true, encoding: .utf8)
        XCTAssertTrue(try checkLayers(scratch.path("")).stderr.contains(
            "Sources/MMIODescriptions/RegisterMap.swift (MMIODescriptions) imports MMIOTargets"))
    }

    /// The access module is reached only from the targets layer: a width is a number in Basics.
    func testOnlyTheTargetsLayerImportsTheAccessModule() throws {
        let outcome = try MMIOProcess.shell("cd '\(Self.root.path)' && grep -rl 'import CMMIOAccess' Sources | sort")
        XCTAssertEqual(outcome.stdout.split(separator: "\n").filter { !$0.hasPrefix("Sources/MMIOTargets/") }, [])
    }

    /// Results go to one place: no operation prints, picks a format for a dry run, or reaches
    /// standard output or error by itself, and nothing below the command line keeps mutable
    /// state in a global (the streams, the access factory and the description cache are passed in).
    func testOperationsPrintNothingAndTheLibraryHoldsNoGlobals() throws {
        let printing = try MMIOProcess.shell(
            "cd '\(Self.root.path)' && grep -rnE 'OutputStream|console|settings\\.dryRun|output\\.|print\\(' Sources/MMIOEngine/Operations | sort")
        XCTAssertEqual(printing.stdout, "")
        let globals = try MMIOProcess.shell(
            "cd '\(Self.root.path)' && grep -rnE 'static var [A-Za-z]+ *(: *[^{=]*)?(=|$)' "
                + "Sources/MMIOBasics Sources/MMIODescriptions Sources/MMIOTargets Sources/MMIOEngine Sources/MMIOCLI | sort")
        XCTAssertEqual(globals.stdout, "")
    }

    /// Width, alignment and bounds are checked once, by the pipeline, on the accesses each
    /// operation declares; an operation does not check its own (load only words a message).
    func testTheReachOfEveryAccessIsCheckedInOnePlace() throws {
        let callers = try MMIOProcess.shell(
            "cd '\(Self.root.path)' && grep -rln 'checkAccesses(' Sources | sort")
        XCTAssertEqual(callers.stdout, """
            Sources/MMIOEngine/Operations/AccessSettings.swift
            Sources/MMIOEngine/Operations/LoadOperation.swift
            Sources/MMIOEngine/Pipeline/AccessPlan.swift

            """)
        let load = try String(contentsOfFile: Self.root.path + "/Sources/MMIOEngine/Operations/LoadOperation.swift", encoding: .utf8)
        XCTAssertEqual(load.components(separatedBy: "checkAccesses(").count, 2, "load words one message with it, in its file-too-large path")
    }
}
