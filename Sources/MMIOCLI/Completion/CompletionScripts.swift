import ArgumentParser

/// `mmio --generate-completion-script SHELL`: ArgumentParser's script for the definitions, with
/// two things it does not do. `mmio help <TAB>` offers the subcommands (ArgumentParser's own
/// `help` takes any word), and in bash a slot or an id is completed whole, although bash splits
/// words at its colons (`00:04.0`, `8086:100e`).
enum CompletionScripts {
    /// The script for `arguments` when they ask for one (`--generate-completion-script SHELL` or
    /// `=SHELL`); nil for any other command line, or a shell ArgumentParser does not know.
    static func script(for arguments: [String]) -> String? {
        let option = "--generate-completion-script"
        let name: String
        switch arguments.count {
        case 2 where arguments[0] == option: name = arguments[1]
        case 1 where arguments[0].hasPrefix(option + "="): name = String(arguments[0].dropFirst(option.count + 1))
        default: return nil
        }
        guard let shell = CompletionShell(rawValue: name) else { return nil }
        let generated = MMIOCommand.completionScript(for: shell)
        switch shell {
        case .bash: return generated + bash
        case .zsh: return zsh(generated)
        case .fish: return generated + fish
        default: return generated
        }
    }

    private static var subcommands: [ParsableCommand.Type] { MMIOCommand.configuration.subcommands }
    private static var names: String { subcommands.map { $0._commandName }.joined(separator: " ") }

    private static var bash: String {
        """

        # mmio: help offers the subcommands.
        _mmio_help() {
            repeating_flags=()
            non_repeating_flags=(--version)
            repeating_options=()
            non_repeating_options=()
            __mmio_offer_flags_options -1
            if [[ "${positional_number}" -le 1 ]]; then
                COMPREPLY+=($(compgen -W '\(names)' -- "${cur}"))
            fi
        }

        # mmio: slots (00:04.0) and ids (8086:100e) hold colons, where bash splits words. With
        # bash-completion loaded, complete on the words joined back, and insert only what follows
        # the last colon (the part bash sees as the word).
        _mmio_joined_at_colons() {
            if declare -F _get_comp_words_by_ref >/dev/null && declare -F __ltrim_colon_completions >/dev/null; then
                local cur prev words cword
                _get_comp_words_by_ref -n : cur prev words cword
                local -a COMP_WORDS=("${words[@]}")
                local COMP_CWORD="${cword}"
                _mmio "${1}" "${cur}" "${prev}"
                __ltrim_colon_completions "${cur}"
            else
                _mmio "${@}"
            fi
        }

        complete -o filenames -F _mmio_joined_at_colons mmio

        """
    }

    /// zsh's script ends by calling `_mmio` when autoloaded; `_mmio_help` must be defined before.
    private static func zsh(_ generated: String) -> String {
        let helpFunction = """
            _mmio_help() {
                local -i ret=1
                local -ar arg_specs=(
                    '1:subcommand:(\(names))'
                    '--version[Show the version.]'
                )
                _arguments -w -s -S : "${arg_specs[@]}" && ret=0

                return "${ret}"
            }


            """
        var lines = generated.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let end = lines.lastIndex { $0.hasPrefix("if [[ \"${funcstack[1]}\"") } ?? lines.count
        lines.insert(helpFunction, at: end)
        return lines.joined(separator: "\n")
    }

    private static var fish: String {
        "\n# mmio: help offers the subcommands.\n"
            + subcommands.map { command in
                // In fish's single quotes, only a backslash and a quote are escaped.
                let abstract = command.configuration.abstract.flatMap { $0 == "\\" || $0 == "'" ? ["\\", $0] : [$0] }
                return "complete -c 'mmio' -n '__mmio_should_offer_completions_for_positional \"mmio help\" -eq 1' "
                    + "-fa '\(command._commandName)' -d '\(String(abstract))'\n"
            }.joined()
    }
}
