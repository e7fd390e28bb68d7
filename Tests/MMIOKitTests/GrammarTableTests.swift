import Foundation
import MMIOGrammar
import XCTest

/// GrammarTable.swift, the fast reader's tables, is generated from the subcommands' definitions
/// by the mmio-grammar tool (`make grammar` writes it). This test generates it anew and fails
/// where the committed file differs.
final class GrammarTableTests: XCTestCase {
    static let tablePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/MMIOCLI/Grammar/GrammarTable.swift").path

    func testTheCommittedTableIsGeneratedFromTheDefinitions() throws {
        let committed = try String(contentsOfFile: Self.tablePath, encoding: .utf8)
        XCTAssertEqual(committed, try GrammarTableGenerator.source(), "GrammarTable.swift is stale: run make grammar")
    }
}
