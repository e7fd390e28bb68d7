#!/usr/bin/env bash
# The real-kernel suite: boots Debian's kernel under QEMU (TCG, a q35 machine) with QEMU's edu
# device, an ivshmem-plain device backed by a host file, an e1000 (its driver bound) and an NVMe
# controller (a PCI Express device, no driver), behind an emulated VT-d IOMMU (for VFIO), runs lab/guest-tests.sh inside against the given
# mmio binary, checks from the host what the guest wrote into ivshmem's file, and prints one
# verdict line, "lab: N passed, N failed". It never skips: where QEMU cannot run, it fails and
# says why.
#
#   lab/run.sh [MMIO_BINARY]    (default: .build/release/mmio)
set -euo pipefail
lab=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$lab")
mmio=$(realpath "${1:-$project/.build/release/mmio}")
boot_timeout=${LAB_TIMEOUT:-600}

fail() { echo "lab: $*" >&2; echo "lab: 0 passed, 1 failed"; exit 1; }

[ -x "$mmio" ] || fail "no mmio binary at $mmio (run make build first)"
bash "$lab/build-image.sh" || fail "could not build the lab image"
cache="$lab/cache"

run=$(mktemp -d "$cache/run.XXXXXX")
trap 'rm -rf "$run"' EXIT

# ivshmem's backing file: a known pattern in its first 4 KiB, zeros after.
python3 - "$run" <<'PY'
import sys
run = sys.argv[1]
pattern = bytes((i * 37 + 11) & 0xff for i in range(4096))
open(f"{run}/pattern.bin", "wb").write(pattern)
open(f"{run}/ivshmem.bin", "wb").write(pattern + bytes(1 << 20)[4096:])
PY
truncate -s 1M "$run/nvme.img"

echo "lab: booting $(cat "$cache/kernel.version") under QEMU (TCG) with edu, ivshmem-plain, e1000 and nvme" >&2
started=$(date +%s)
set +e
timeout --kill-after=10 "$boot_timeout" qemu-system-x86_64 \
    -machine q35 -accel tcg,tb-size=128 -m 512 -smp 1 \
    -nodefaults -display none -vga none -no-reboot \
    -kernel "$cache/vmlinux" -initrd "$cache/initramfs.cpio.gz" \
    -append "console=ttyS0 loglevel=4 panic=-1 intel_iommu=on labrun=$run labdir=$lab mmio=$mmio" \
    -serial "file:$run/console.log" -serial "file:$run/results.log" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$run,mount_tag=labrun,security_model=none" \
    -device intel-iommu,intremap=on \
    -device edu \
    -object "memory-backend-file,id=shm,share=on,mem-path=$run/ivshmem.bin,size=1M" \
    -device ivshmem-plain,memdev=shm \
    -device e1000 \
    -drive "file=$run/nvme.img,if=none,id=nvm,format=raw" -device nvme,serial=mmio-lab,drive=nvm \
    > "$run/qemu.log" 2>&1
qemu_status=$?
set -e
echo "lab: guest ran $(( $(date +%s) - started ))s, QEMU exit $qemu_status" >&2

show_console() {
    echo "lab: last console lines:" >&2
    tail -n 40 "$run/console.log" >&2 || true
    sed 's/^/qemu: /' "$run/qemu.log" >&2 || true
}

# The serial line ends lines with CR LF.
tr -d '\r' < "$run/results.log" > "$run/results.txt"
grep -v '^lab: [0-9]* passed' "$run/results.txt" || true
verdict=$(grep -E '^lab: [0-9]+ passed, [0-9]+ failed$' "$run/results.txt" | tail -n 1 || true)
if [ -z "$verdict" ] || [ ! -s "$run/status" ]; then
    show_console
    fail "the guest did not finish its tests (QEMU exit $qemu_status)"
fi
passed=$(echo "$verdict" | sed -E 's/lab: ([0-9]+) passed.*/\1/')
failed=$(echo "$verdict" | sed -E 's/.*, ([0-9]+) failed/\1/')

# What the guest wrote through resource2, resource2_wc and the netx uio map, seen by the host.
host_check() {
    local name=$1 offset=$2 expected=$3 actual
    actual=$(od -An -tx1 -j "$offset" -N 4 "$run/ivshmem.bin" | tr -d ' \n')
    if [ "$actual" = "$expected" ]; then
        passed=$((passed + 1)); echo "ok - host sees $name"
    else
        failed=$((failed + 1)); echo "not ok - host sees $name: bytes $actual (want $expected)"
    fi
}
# The JSON the guest's mmio printed for real devices, against the schema the unit tests use.
if checked=$(python3 "$project/Tests/check-json-outputs.py" --partial "$run/scratch/json" 2>&1); then
    passed=$((passed + 1)); echo "ok - host: JSON from real devices fits schema/mmio.schema.json ($checked)"
else
    failed=$((failed + 1)); echo "not ok - host: JSON from real devices: $checked"
fi
host_check "the write through -b 2 (resource2)" $((0x1000)) efbeadde
host_check "the write through --wc (resource2_wc)" $((0x1004)) 0df0feca
host_check "the write through the netx uio map" $((0x2000)) aa55aa55
host_check "the mmio devmem write" $((0x800)) 5aa5557a
if cmp -s -n 2048 "$run/ivshmem.bin" "$run/pattern.bin"; then
    passed=$((passed + 1)); echo "ok - host pattern below 0x800 untouched"
else
    failed=$((failed + 1)); echo "not ok - host pattern below 0x800 changed"
fi

[ "$failed" = 0 ] || show_console
echo "lab: $passed passed, $failed failed"
[ "$failed" = 0 ]
