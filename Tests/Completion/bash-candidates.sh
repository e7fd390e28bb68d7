# The candidates bash would offer at the end of each line, with bash-completion loaded.
# Usage: bash bash-candidates.sh SCRIPT LINE...
# For each LINE prints "== LINE", then COMPREPLY sorted, one per line. The line is split into
# COMP_WORDS as bash splits it: at blanks, and at ':' and '=' (in COMP_WORDBREAKS), which
# become words of their own.
set -u
source /usr/share/bash-completion/bash_completion
source "$1"
shift
spec=$(complete -p mmio)
function=${spec##*-F }
function=${function%% *}

for line in "$@"; do
    COMP_LINE="$line"
    COMP_POINT=${#line}
    words=()
    word=""
    for ((i = 0; i < ${#line}; i++)); do
        character="${line:i:1}"
        case "$character" in
        ' ') [[ -n "$word" ]] && words+=("$word"); word="" ;;
        ':' | '=') [[ -n "$word" ]] && words+=("$word"); words+=("$character"); word="" ;;
        *) word+="$character" ;;
        esac
    done
    words+=("$word")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#words[@]} - 1))
    COMPREPLY=()
    "$function" mmio "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    echo "== $line"
    if [[ ${#COMPREPLY[@]} -gt 0 ]]; then printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort; fi
done
