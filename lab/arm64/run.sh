#!/usr/bin/env bash
# The arm64 lab: boots Debian's arm64 kernel on QEMU's virt board, a Raspberry Pi 3 (raspi3b)
# and a Xilinx ZCU102 (ZynqMP), these two with the kernel package's own DTBs; captures what the
# kernel made of each device tree (lab/arm64/capture.sh) and checks mmio's reading of the same
# tree against it: every device where the kernel put it (Tests/Platform/platform_tree.py
# check). It reads the PL011's id registers live at the address mmio resolved, and checks that
# the captures committed for the unit tests are still what the kernel makes. Prints
# "lab-arm64: N passed, N failed"; it never skips.
#
#   lab/arm64/run.sh [MMIO_BINARY]    (default: .build/release/mmio)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$(dirname "$here")")
mmio=$(realpath "${1:-$project/.build/release/mmio}")
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
passed=0 failed=0
for board in virt raspi3b zcu102; do
    if ! bash "$here/capture.sh" "$board" "$run/$board.txt"; then
        failed=$((failed + 1)); echo "not ok - $board: no capture"; continue
    fi
    if result=$(python3 "$project/Tests/Platform/platform_tree.py" check "$run/$board.txt" "$mmio"); then
        passed=$((passed + 1)); echo "ok - $board: ${result##*$'\n'}"
    else
        failed=$((failed + 1)); echo "not ok - $board: $result"
    fi
    # The devices, as committed for the unit tests (the tree archive's bytes carry timestamps,
    # and /proc/iomem's reserved memory moves between boots).
    committed="$project/Tests/Platform/captures/$board.txt"
    if diff <(sed -n '/^===DEVICES===$/,/^===IOMEM===$/p' "$committed") <(sed -n '/^===DEVICES===$/,/^===IOMEM===$/p' "$run/$board.txt") > "$run/diff"; then
        passed=$((passed + 1)); echo "ok - $board: the committed capture's devices are the kernel's"
    else
        failed=$((failed + 1)); echo "not ok - $board: the committed capture differs from the kernel's: $(head -5 "$run/diff")"
    fi
done
# The PL011 of the Raspberry Pi 3, found by its compatible in the captured tree, read live in a
# second boot by busybox devmem at the address mmio resolved: ARM's PrimeCell id 11 10 14 00.
mkdir -p "$run/tree" && python3 "$project/Tests/Platform/platform_tree.py" build "$run/raspi3b.txt" "$run/tree"
uart=$("$mmio" info -P arm,pl011 --json --sysfs-root "$run/tree/sys" --proc-root "$run/tree/proc" | sed -n 's/.*"physical":"\(0x[0-9a-f]*\)".*/\1/p')
if [ -n "$uart" ] && bash "$here/capture.sh" raspi3b "$run/peek.txt" "$uart" \
    && [ "$(sed -n '/^===PEEK===$/,/^===END===$/p' "$run/peek.txt" | sed '1d;$d' | tr '\n' ' ')" = "0x00000011 0x00000010 0x00000014 0x00000000 " ]; then
    passed=$((passed + 1)); echo "ok - raspi3b: the PL011's id registers at $uart (mmio -P arm,pl011) read 11 10 14 00 in the guest"
else
    failed=$((failed + 1)); echo "not ok - raspi3b: the PL011 at '$uart': $(sed -n '/^===PEEK===$/,$p' "$run/peek.txt" 2>/dev/null | tr '\n' ' ')"
fi
echo "lab-arm64: $passed passed, $failed failed"
[ "$failed" = 0 ]
