#!/usr/bin/env bash
# The arm64 lab: boots Debian's arm64 kernel under qemu-system-aarch64 (TCG) on a board and
# writes what the kernel made of its device tree (lab/arm64/init) to OUT: the oracle the
# platform-device tests check mmio's reading of the tree against.
#
#   lab/arm64/capture.sh virt|raspi3b|zcu102 OUT [PEEK]
# With PEEK (a physical address), the guest also reads the PrimeCell id registers there.
# Debian's kernel and busybox for arm64 are fetched once with apt into lab/cache/arm64.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache="$(dirname "$here")/cache/arm64"
board=$1 out=$2 peek=${3:-}
log() { echo "lab-arm64: $*" >&2; }
mkdir -p "$cache/lists/partial" "$cache/apt/archives/partial"
apt=(-q -oAPT::Architecture=arm64 -oAPT::Architectures=arm64 -oDir::State::Lists="$cache/lists"
     -oDir::Cache="$cache/apt" -oDebug::NoLocking=1)

fetch() {
    [ -s "$cache/vmlinuz" ] && [ -x "$cache/initramfs/bin/busybox" ] && return
    apt-get "${apt[@]}" update >&2
    local kernel
    kernel=$(apt-cache "${apt[@]}" depends linux-image-arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    [ -n "$kernel" ] || { log "cannot find Debian's linux-image-arm64"; exit 1; }
    rm -rf "$cache/deb" "$cache/kernel" && mkdir -p "$cache/deb"
    (cd "$cache/deb" && apt-get "${apt[@]}" download "$kernel" busybox-static 2>&1 | grep -v unsandboxed >&2 || true)
    dpkg -x "$cache"/deb/linux-image-*.deb "$cache/kernel"
    mkdir -p "$cache/initramfs/bin"
    dpkg -x "$cache"/deb/busybox-static_*.deb "$cache/busybox"
    cp "$cache/busybox/bin/busybox" "$cache/initramfs/bin/busybox"
    cp "$cache"/kernel/boot/vmlinuz-* "$cache/vmlinuz"
    rm -rf "$cache/deb" "$cache/busybox"
}

fetch
cp "$here/init" "$cache/initramfs/init" && chmod +x "$cache/initramfs/init"
(cd "$cache/initramfs" && find . | cpio -o -H newc --quiet | gzip -1) > "$cache/initramfs.cpio.gz"
console="console=ttyAMA0"
case "$board" in
virt) machine=(-M virt -cpu cortex-a53 -m 512) ;;
raspi3b) machine=(-M raspi3b -m 1G -dtb "$(ls "$cache"/kernel/usr/lib/linux-image-*/broadcom/bcm2837-rpi-3-b.dtb)") ;;
# The ZynqMP's UART driver waits for firmware QEMU lacks: the guest writes to the kernel log,
# which the boot console prints.
zcu102) machine=(-M xlnx-zcu102 -m 2G -dtb "$(ls "$cache"/kernel/usr/lib/linux-image-*/xilinx/zynqmp-zcu102-rev1.0.dtb)")
        console="console=ttyPS0,115200 earlycon keep_bootcon printk.devkmsg=on printk.time=0" ;;
*) log "no board $board (virt, raspi3b or zcu102)"; exit 64 ;;
esac
output=$(mktemp)
trap 'rm -f "$output"' EXIT
# raspi3b cannot power off: the console is watched for the guest's last marker instead.
qemu-system-aarch64 "${machine[@]}" -nographic -no-reboot -kernel "$cache/vmlinuz" \
    -initrd "$cache/initramfs.cpio.gz" -append "$console quiet panic=-1${peek:+ iomem=relaxed peek=$peek}" > "$output" 2>&1 &
qemu=$!
for _ in $(seq 1200); do
    grep -q "===END===" "$output" && break
    kill -0 "$qemu" 2>/dev/null || break
    sleep 0.5
done
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
grep -q "===END===" "$output" || { log "$board: the guest printed no capture"; tail -20 "$output" >&2; exit 1; }
tr -d '\r' < "$output" | sed -n '/^===TREE===$/,/^===END===$/p' > "$out"
log "$board: $(grep -c '|' "$out") devices captured"
