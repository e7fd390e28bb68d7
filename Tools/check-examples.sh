#!/bin/sh
# Runs the examples of one marked part of a document and compares what each prints with the
# lines the document shows under it: the README's quick start on the host (EndToEndTests'
# ExampleTests), its real-hardware part in the lab guest (lab/guest-tests.sh), the man
# page's EXAMPLES that need no hardware.
#
#   MMIO=/path/to/mmio Tools/check-examples.sh DOCUMENT PART
#
# The part lies between the lines `<!-- examples: PART -->` and `<!-- examples: end -->` (in a
# man page, `.\" examples: PART` and `.\" examples: end`). In it, an example is a line
# `$ COMMAND` in a code block (indented four spaces in Markdown, between .Bd -literal and .Ed
# in a man page), and the lines under it, up to the next `$ ` line or the block's end, are
# what it prints: standard output and standard error as a terminal shows them. Each command
# runs with sh in the current directory, `mmio` on PATH being $MMIO; the exit status is not
# compared (a refusal is an example too). Prints "ok - ..." / "not ok - ..." per example, the
# differences as "# " lines, then "examples: N passed, N failed"; fails if any differ or
# none ran.
set -u
document=$1
part=$2
: "${MMIO:?MMIO names the mmio binary}"
work=$(mktemp -d) || exit 1    # under $TMPDIR where /tmp is read-only (the lab guest)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$MMIO" "$work/bin/mmio"

# One file per example: command on the first line, then the expected output.
awk -v part="$part" -v out="$work/example" '
    function finish() { if (file != "") close(file); file = "" }
    function marker(line) {
        if (line ~ /^<!-- examples: .* -->$/) { sub(/^<!-- examples: /, "", line); sub(/ -->$/, "", line); return line }
        if (line ~ /^\.\\" examples: /) { sub(/^\.\\" examples: /, "", line); return line }
        return ""
    }
    {
        name = marker($0)
        if (name != "") { inside = (name == part); finish(); next }
        if (!inside) next
        line = $0
        if (FILENAME ~ /\.[1-9]$/) {
            # A man page: code lies between .Bd -literal and .Ed; undo roff escapes.
            if (line ~ /^\.Bd -literal/) { literal = 1; next }
            if (line ~ /^\.Ed/) { literal = 0; finish(); next }
            if (!literal) next
            gsub(/\\&/, "", line); gsub(/\\e/, "\\", line); gsub(/\\-/, "-", line)
        } else {
            if (line !~ /^    /) { finish(); next }
            line = substr(line, 5)
        }
        if (line ~ /^\$ /) {
            finish()
            count++
            file = sprintf("%s.%03d", out, count)
            print substr(line, 3) > file
            next
        }
        if (file != "") print line > file
    }
    END { finish() }
' "$document"

passed=0
failed=0
for example in "$work"/example.*; do
    [ -e "$example" ] || break
    command=$(head -n 1 "$example")
    tail -n +2 "$example" > "$work/expected"
    PATH="$work/bin:$PATH" timeout 60 sh -c "$command" > "$work/actual" 2>&1 < /dev/null
    if cmp -s "$work/expected" "$work/actual"; then
        passed=$((passed + 1))
        echo "ok - \$ $command"
    else
        failed=$((failed + 1))
        echo "not ok - \$ $command"
        echo "# it printed:"
        sed 's/^/#   /' "$work/actual"
        echo "# the document shows:"
        sed 's/^/#   /' "$work/expected"
    fi
done
echo "examples: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
