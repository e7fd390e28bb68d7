import MMIOKit

/// The devmem-style one-shot command lines (`read`, `write`, `devmem` with `-w`, `-f`, `-n`,
/// `--dev-root`), recognised without ArgumentParser. Its reflection over the command types costs
/// milliseconds at every start, several times the whole of a busybox devmem run. Anything this
/// does not recognise to the letter (another option, a repeated one, `--opt=value`, a word
/// that is not a plain number) returns nil and goes to ArgumentParser, which stays the grammar;
/// a test checks that every line accepted here plans exactly as ArgumentParser's parse does.
enum OneShotParser {
    static func plan(_ arguments: [String]) -> CommandPlan? {
        guard let name = arguments.first, name == "read" || name == "write" || name == "devmem" else {
            return nil
        }
        var width: Width?
        var file: String?
        var devRoot: String?
        var count: UInt64?
        var positionals: [String] = []
        var index = 1
        while index < arguments.count {
            let word = arguments[index]
            guard word.hasPrefix("-") else {
                positionals.append(word)
                index += 1
                continue
            }
            guard index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            guard !value.hasPrefix("-") else { return nil }
            let devmem = name == "devmem"
            if (word == "-w" || word == "--width") && !devmem {
                guard width == nil, let parsed = try? ArgumentSyntax.width(value) else { return nil }
                width = parsed
            } else if (word == "-f" || word == "--file") && !devmem {
                guard file == nil else { return nil }
                file = value
            } else if word == "-n" && name == "read" {
                guard count == nil, let parsed = try? NumberSyntax.number(value) else { return nil }
                count = parsed
            } else if word == "--dev-root" {
                guard devRoot == nil else { return nil }
                devRoot = value
            } else {
                return nil
            }
            index += 2
        }
        guard let numbers = numbers(positionals) else { return nil }
        let operation: RegisterOperation
        switch (name, numbers.count) {
        case ("read", 1):
            operation = ReadOperation(address: numbers[0], count: count ?? 1)
        case ("write", 2...):
            operation = WriteOperation(address: numbers[0], values: Array(numbers.dropFirst()))
        case ("devmem", 1):
            operation = DevmemOperation(address: numbers[0], value: nil)
        case ("devmem", 2), ("devmem", 3):
            // The WIDTH word is busybox syntax (16, or a letter), not a number to substitute.
            guard let devmemWidth = try? DevmemOperation.width(positionals[1]) else { return nil }
            width = devmemWidth
            operation = DevmemOperation(address: numbers[0], value: numbers.count == 3 ? numbers[2] : nil)
        default:
            return nil
        }
        return CommandPlan(
            operation: operation, selection: file.map { .file(path: $0) } ?? .physical,
            roots: SystemRoots.resolve(sysfsOption: nil, devOption: devRoot),
            settings: AccessSettings(width: width ?? .w32), namesTarget: file != nil || name == "devmem")
    }

    /// Every positional word as a number (devmem's WIDTH passes through as its own value).
    private static func numbers(_ words: [String]) -> [UInt64]? {
        var result: [UInt64] = []
        for (index, word) in words.enumerated() {
            if let value = try? NumberSyntax.number(word) {
                result.append(value)
            } else if index == 1, (try? DevmemOperation.width(word)) != nil {
                result.append(0)
            } else {
                return nil
            }
        }
        return result
    }
}
