import Foundation
import MMIOGrammar

// `mmio-grammar FILE`: writes the fast reader's tables, generated from the subcommands'
// definitions, to FILE (`make grammar`: Sources/MMIOCLI/Grammar/GrammarTable.swift); with no
// FILE, to standard output.
do {
    let source = try GrammarTableGenerator.source()
    if CommandLine.arguments.count > 1 {
        try source.write(toFile: CommandLine.arguments[1], atomically: true, encoding: .utf8)
    } else {
        print(source, terminator: "")
    }
} catch {
    FileHandle.standardError.write(Data("mmio-grammar: \(error)\n".utf8))
    exit(1)
}
