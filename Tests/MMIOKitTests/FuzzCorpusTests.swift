import Foundation
import MMIOFuzzChecks
import XCTest

/// Every committed fuzz input, corpus and regressions, through the same checks the fuzzer runs:
/// what once broke a property stays fixed, without a fuzzer build.
final class FuzzCorpusTests: XCTestCase {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    func testEveryTargetHasASeedCorpus() throws {
        XCTAssertGreaterThanOrEqual(FuzzTargets.all.count, 6)
        for target in FuzzTargets.all {
            let seeds = try FileManager.default.contentsOfDirectory(
                atPath: Self.fuzz.appendingPathComponent("corpus/\(target.name)").path)
            XCTAssertGreaterThanOrEqual(seeds.count, 4, target.name)
        }
    }

    func testTheCorpusAndTheRegressionsKeepEveryProperty() throws {
        var inputs = 0
        for target in FuzzTargets.all {
            for folder in ["corpus", "regressions"] {
                let directory = Self.fuzz.appendingPathComponent("\(folder)/\(target.name)")
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                for name in names.sorted() {
                    let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
                    inputs += 1
                    XCTAssertNoThrow(try target.check(bytes), "\(target.name) \(folder)/\(name)")
                }
            }
        }
        XCTAssertGreaterThan(inputs, 50)
    }
}
