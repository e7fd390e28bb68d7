#!/bin/sh
# Runs inside the lab guest (a real Linux kernel under QEMU, chrooted into the host's root):
# mmio against the kernel's real /dev/mem, sysfs resource files and UIO devices, with QEMU's
# edu and ivshmem-plain devices, side by side with busybox devmem. Every check compares exact
# values. Prints "ok - ..." / "not ok - ..." lines and, last, "lab: N passed, N failed".
set -u
M=${MMIO:?MMIO names the mmio binary}
RUN=${LABRUN:?LABRUN names the run folder}
passed=0
failed=0
# The host's root is read-only here: scratch files go to the run folder, a writable share.
scratch="$RUN/scratch"
mkdir -p "$scratch"

ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; }

# run CMD...: out, err and rc of one bounded command.
run() {
    out=$(timeout 30 "$@" 2>"$scratch/stderr")
    rc=$?
    err=$(cat "$scratch/stderr")
}

# check NAME RC STDOUT CMD...: exact exit status and standard output.
check() {
    name=$1 want_rc=$2 want_out=$3
    shift 3
    run "$@"
    if [ "$rc" = "$want_rc" ] && [ "$out" = "$want_out" ]; then
        ok "$name"
    else
        bad "$name: exit $rc (want $want_rc), stdout '$out' (want '$want_out'), stderr '$err'"
    fi
}

# refuse NAME RC FRAGMENT... -- CMD...: exact exit status, every fragment in the one stderr line.
refuse() {
    name=$1 want_rc=$2
    shift 2
    fragments=""
    while [ "$1" != "--" ]; do fragments="$fragments
$1"; shift; done
    shift
    run "$@"
    missing=""
    echo "$fragments" | while IFS= read -r fragment; do
        [ -z "$fragment" ] && continue
        case "$err" in *"$fragment"*) ;; *) echo "$fragment" ;; esac
    done > "$scratch/missing"
    missing=$(cat "$scratch/missing")
    lines=$(printf '%s\n' "$err" | wc -l)
    case "$err" in mmio:*) prefix=yes ;; *) prefix=no ;; esac
    if [ "$rc" = "$want_rc" ] && [ -z "$missing" ] && [ "$prefix" = yes ] && [ "$lines" = 1 ]; then
        ok "$name"
    else
        bad "$name: exit $rc (want $want_rc), stderr '$err' lacks '$missing' or is not one mmio: line"
    fi
}

# same NAME A B: two outputs that must be identical.
same() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: '$2' differs from '$3'"; fi
}

hex() { printf '0x%x' "$(($1))"; }
lower() { echo "$1" | tr 'A-F' 'a-f'; }

# The slot of the first device with these ids.
slot_of() {
    for device in /sys/bus/pci/devices/*; do
        if [ "$(cat "$device/vendor")" = "$1" ] && [ "$(cat "$device/device")" = "$2" ]; then
            basename "$device"
            return
        fi
    done
}

# BAR start and size from the kernel's resource file.
bar_start() { hex "$(sed -n "$(($2 + 1))p" "/sys/bus/pci/devices/$1/resource" | cut -d' ' -f1)"; }
bar_size() {
    line=$(sed -n "$(($2 + 1))p" "/sys/bus/pci/devices/$1/resource")
    hex "$(( $(echo "$line" | cut -d' ' -f2) - $(echo "$line" | cut -d' ' -f1) + 1 ))"
}

EDU_SLOT=$(slot_of 0x1234 0x11e8)
IVSHMEM_SLOT=$(slot_of 0x1af4 0x1110)
if [ -z "$EDU_SLOT" ] || [ -z "$IVSHMEM_SLOT" ]; then
    bad "QEMU's edu and ivshmem-plain devices are present (edu '$EDU_SLOT', ivshmem '$IVSHMEM_SLOT')"
    echo "lab: $passed passed, $failed failed"
    exit 1
fi
EDU=$(bar_start "$EDU_SLOT" 0)
SHM=$(bar_start "$IVSHMEM_SLOT" 2)
echo "# edu $EDU_SLOT BAR0 $EDU; ivshmem $IVSHMEM_SLOT BAR2 $SHM; kernel $(uname -r)"

# --- Physical memory through /dev/mem -----------------------------------------------------
check "edu id through /dev/mem" 0 0x010000ed "$M" read "$EDU"
busybox_id=$(busybox devmem "$EDU")
same "mmio read equals busybox devmem" "$(lower "$busybox_id")" "0x010000ed"
check "liveness write" 0 "" "$M" write "$(hex "$EDU + 4")" 0x12345678
check "liveness reads back the inverse" 0 0xedcba987 "$M" read "$(hex "$EDU + 4")"
refuse "write --verify on the liveness register fails" 3 "verify failed at" "wrote 0x12345678, read back 0xedcba987" -- \
    "$M" write --verify "$(hex "$EDU + 4")" 0x12345678
check "factorial started" 0 "" "$M" write "$(hex "$EDU + 8")" 5
check "poll until the computing bit clears" 0 0x00000000 "$M" poll "$(hex "$EDU + 0x20")" --mask 1 --value 0
check "5! read back" 0 0x00000078 "$M" read "$(hex "$EDU + 8")"
run "$M" poll "$(hex "$EDU + 0x20")" --mask 1 --timeout 100ms
if [ "$rc" = 2 ] && [ "$out" = 0x00000000 ] && echo "$err" | grep -q "poll timed out after 100ms"; then
    ok "poll on a bit that never sets times out with exit 2 and the last value"
else
    bad "poll time-out: exit $rc, stdout '$out', stderr '$err'"
fi
refuse "System RAM is refused with the STRICT_DEVMEM hint" 1 "cannot map" "CONFIG_STRICT_DEVMEM" "Operation not permitted" -- \
    "$M" read 0x1000000

# --- Every width, side by side with busybox devmem ----------------------------------------
# like_busybox NAME BASE OFFSET...: mmio read and mmio devmem against busybox devmem, every width.
like_busybox() {
    name=$1 base=$2
    shift 2
    for offset in "$@"; do
        for width in 8 16 32 64; do
            address=$(hex "$base + $offset")
            run "$M" read -w "$width" "$address"
            same "$name +$offset width $width equals busybox devmem" "$out" "$(lower "$(busybox devmem "$address" "$width")")"
            same "mmio devmem $name +$offset width $width is byte-identical to busybox" \
                "$("$M" devmem "$address" "$width" 2>&1)" "$(busybox devmem "$address" "$width" 2>&1)"
        done
    done
}
# edu: identification, factorial and status registers (8-byte aligned, so every width applies).
like_busybox edu "$EDU" 0 8 0x20
like_busybox ivshmem "$SHM" 0 0x10 0x7f8 0xff8

# --- PCI through libpci on the kernel's sysfs ----------------------------------------------
check "edu id through -s" 0 0x010000ed "$M" read -s "$EDU_SLOT" 0
check "edu id through -d" 0 0x010000ed "$M" read -d 1234:11e8 0
check "liveness through -s" 0 "" "$M" write -s "$EDU_SLOT" 4 0x0f0f0f0f
check "liveness inverse through -d" 0 0xf0f0f0f0 "$M" read -d 1234:11e8 4
refuse "write --verify through -s fails" 3 "verify failed" -- "$M" write --verify -s "$EDU_SLOT" 4 1
check "factorial through -d" 0 "" "$M" write -d 1234:11e8 8 6
check "poll through -s" 0 0x00000000 "$M" poll -s "$EDU_SLOT" --mask 1 --value 0 0x20
check "6! through -s" 0 0x000002d0 "$M" read -s "$EDU_SLOT" 8
check "bounds of the edu BAR" 64 "" "$M" read -s "$EDU_SLOT" 0x100000

run "$M" list --json
edu_line=$(echo "$out" | grep "\"slot\":\"$EDU_SLOT\"")
shm_line=$(echo "$out" | grep "\"slot\":\"$IVSHMEM_SLOT\"")
case "$edu_line" in
*"{\"bar\":0,\"type\":\"mem\",\"base\":\"$(printf '0x%016x' "$EDU")\",\"size\":\"$(bar_size "$EDU_SLOT" 0)\",\"64bit\":false,\"prefetchable\":false,\"resource\":true,\"resource_wc\":false}"*)
    ok "list shows edu BAR0 with its base and size" ;;
*) bad "list shows edu BAR0: '$edu_line'" ;;
esac
case "$shm_line" in
*"{\"bar\":2,\"type\":\"mem\",\"base\":\"$(printf '0x%016x' "$SHM")\",\"size\":\"0x100000\",\"64bit\":true,\"prefetchable\":true,\"resource\":true,\"resource_wc\":true}"*)
    ok "list shows ivshmem BAR2: 1M, 64-bit, prefetchable, with resource2_wc" ;;
*) bad "list shows ivshmem BAR2: '$shm_line'" ;;
esac
run "$M" list
case "$out" in
*"$EDU_SLOT [1234:11e8]"*"$IVSHMEM_SLOT [1af4:1110]"*) ok "list table names both devices" ;;
*) bad "list table: '$out'" ;;
esac

# The host wrote a pattern into ivshmem's backing file before boot.
"$M" dump --raw -s "$IVSHMEM_SLOT" -b 2 0 4096 > "$scratch/bar2.bin"
if cmp -s "$scratch/bar2.bin" "$RUN/pattern.bin"; then ok "raw dump of ivshmem BAR2 is the host's pattern"; else bad "raw dump of BAR2 differs from the pattern"; fi
same "text dump of BAR2 matches the same dump of the pattern file" \
    "$("$M" dump -s "$IVSHMEM_SLOT" -b 2 0 4096)" "$("$M" dump -f "$RUN/pattern.bin")"
same "reads through /dev/mem equal reads through resource2" \
    "$("$M" read -w 64 -n 8 "$SHM" | cut -d' ' -f2)" "$("$M" read -w 64 -n 8 -s "$IVSHMEM_SLOT" -b 2 0 | cut -d' ' -f2)"
check "mmio devmem writes silently" 0 "" "$M" devmem "$(hex "$SHM + 0x800")" 16 0xa55a
same "busybox devmem sees the mmio devmem write" "$(busybox devmem "$(hex "$SHM + 0x800")" 16)" "0xA55A"
check "write through -b 2" 0 "" "$M" write -s "$IVSHMEM_SLOT" -b 2 0x1000 0xdeadbeef
check "write through --wc" 0 "" "$M" write -d 1af4:1110 -b 2 --wc 0x1004 0xcafef00d
check "both writes read back" 0 "0x00001000: 0xdeadbeef
0x00001004: 0xcafef00d" "$M" read -s "$IVSHMEM_SLOT" -b 2 -n 2 0x1000
check "info names the resource file" 0 "/sys/bus/pci/devices/$IVSHMEM_SLOT/resource2_wc" \
    sh -c "'$M' info -s $IVSHMEM_SLOT -b 2 --wc | sed -n 's/^file: *//p'"

# --- Register descriptions: edu by name (lab/edu.svd) --------------------------------------
LAB=$(dirname "$0")
SVD="$LAB/edu.svd"
# On /dev/mem a name is an absolute address: the same description with EDU at the BAR's base.
sed "s|<baseAddress>0x0</baseAddress>|<baseAddress>$EDU</baseAddress>|" "$SVD" > "$scratch/edu-phys.svd"
# The batch prints poll's last STATUS (computing done), then 5!.
FACTORIAL_OUT="0x00000000
0x00000078"
check "edu ID by name through -s" 0 0x010000ed "$M" read --regs "$SVD" -s "$EDU_SLOT" EDU.ID
check "edu ID.MAGIC field through -d" 0 0xed "$M" read --regs "$SVD" -d 1234:11e8 ID.MAGIC
check "edu ID by name through /dev/mem" 0 0x010000ed "$M" read --regs "$scratch/edu-phys.svd" ID
check "liveness by name through /dev/mem" 0 "" "$M" write --regs "$scratch/edu-phys.svd" LIVENESS 0x11223344
check "liveness inverse by name through -s" 0 0xeeddccbb "$M" read --regs "$SVD" -s "$EDU_SLOT" LIVENESS
check "edu ID decoded" 0 "EDU.ID = 0x010000ed
  [7:0]   MAGIC = 0xed
  [23:16] MINOR = 0x00
  [31:24] MAJOR = 0x01" "$M" read --regs "$SVD" -s "$EDU_SLOT" --decode ID
check "named factorial batch through -s" 0 "$FACTORIAL_OUT" "$M" batch --regs "$SVD" -s "$EDU_SLOT" "$LAB/edu-factorial.batch"
check "named factorial batch through /dev/mem" 0 "$FACTORIAL_OUT" \
    "$M" batch --regs "$scratch/edu-phys.svd" "$LAB/edu-factorial.batch"
refuse "the read-only ID is never written" 64 "EDU.ID is read-only" -- "$M" write --regs "$SVD" -s "$EDU_SLOT" ID 1
refuse "the write-only IRQ_ACK is never read" 64 "EDU.IRQ_ACK is write-only" -- "$M" read --regs "$SVD" -s "$EDU_SLOT" IRQ_ACK
refuse "an unknown name suggests the closest" 64 "did you mean FACTORIAL" -- "$M" read --regs "$SVD" -s "$EDU_SLOT" FACTORAL

# --- UIO -----------------------------------------------------------------------------------
# uio_of SLOT: the uio node a driver made for the device, waiting up to 10 s for it to appear.
uio_of() {
    tries=0
    while [ "$tries" -lt 100 ]; do
        node=$(ls -d /sys/bus/pci/devices/"$1"/uio/uio* 2>/dev/null | head -1)
        [ -n "$node" ] && { basename "$node"; return; }
        sleep 0.1
        tries=$((tries + 1))
    done
}

echo "1234 11e8" > /sys/bus/pci/drivers/uio_pci_generic/new_id
EDU_UIO=$(uio_of "$EDU_SLOT")
EDU_UIO_NAME=$(cat "/sys/class/uio/$EDU_UIO/name" 2>/dev/null)
same "uio_pci_generic made a uio device for edu" "$EDU_UIO_NAME" "uio_pci_generic"
check "edu id through -u $EDU_UIO" 0 0x010000ed "$M" read -u "$EDU_UIO" 0
check "edu id through -u $EDU_UIO_NAME" 0 0x010000ed "$M" read -u "$EDU_UIO_NAME" 0
check "liveness through -u" 0 "" "$M" write -u "$EDU_UIO" 4 0x00ff00ff
check "liveness inverse through -u name" 0 0xff00ff00 "$M" read -u "$EDU_UIO_NAME" 4
check "factorial through -u" 0 "" "$M" write -u "$EDU_UIO" 8 4
check "poll through -u" 0 0x00000000 "$M" poll -u "$EDU_UIO" --mask 1 --value 0 0x20
check "4! through -u" 0 0x00000018 "$M" read -u "$EDU_UIO" 8
check "named factorial batch through -u" 0 "$FACTORIAL_OUT" "$M" batch --regs "$SVD" -u "$EDU_UIO" "$LAB/edu-factorial.batch"
check "edu ID by name through -u" 0 0x010000ed "$M" read --regs "$SVD" -u "$EDU_UIO_NAME" EDU.ID
check "bounds of the uio map" 64 "" "$M" read -u "$EDU_UIO" 0x100000
refuse "a uio map that does not exist" 1 "has no map1; its maps: map0" -- "$M" read -u "$EDU_UIO" -m 1 0
run "$M" list --uio --json
case "$out" in
*"{\"type\":\"uio\",\"node\":\"$EDU_UIO\",\"name\":\"uio_pci_generic\",\"version\":\"0.01.0\",\"maps\":[{\"map\":0,\"name\":\"$EDU_SLOT\",\"addr\":\"$(printf '0x%016x' "$EDU")\",\"size\":\"0x100000\",\"offset\":\"0x0\"}]}"*)
    ok "list shows the uio device with its map at edu's BAR0" ;;
*) bad "list --uio: '$out'" ;;
esac

echo "1af4 1110" > /sys/bus/pci/drivers/netx/new_id
SHM_UIO=$(uio_of "$IVSHMEM_SLOT")
# Who owns what: the bound driver and its module, from the kernel's links.
run "$M" list --pci --json
case "$out" in
*"\"slot\":\"$EDU_SLOT\""*"\"driver\":\"uio_pci_generic\",\"module\":\"uio_pci_generic\",\"iommu_group\":null,\"vfio\":false"*"\"slot\":\"$IVSHMEM_SLOT\""*"\"driver\":\"netx\",\"module\":\"uio_netx\""*)
    ok "list names the drivers that own edu and ivshmem, and their modules" ;;
*) bad "list ownership: '$out'" ;;
esac
run "$M" list --pci
case "$out" in
*"$EDU_SLOT [1234:11e8]"*"    driver uio_pci_generic"*"$IVSHMEM_SLOT [1af4:1110]"*"    driver netx (module uio_netx)"*)
    ok "list table names the owners" ;;
*) bad "list table owners: '$out'" ;;
esac
same "netx made a uio device whose map0 is ivshmem BAR2" "$(cat "/sys/class/uio/$SHM_UIO/maps/map0/addr" 2>/dev/null)" "$(printf '0x%016x' "$SHM")"
check "write through the netx uio map" 0 "" "$M" write -u "$SHM_UIO" 0x2000 0x55aa55aa
check "read through the netx uio map" 0 0x55aa55aa "$M" read -u "$SHM_UIO" 0x2000
refuse "a BAR claimed by netx is refused through resource2, with the fix" 1 \
    "cannot map" "Invalid argument" "a driver owns this BAR" "iomem=relaxed" "unbind" -- \
    "$M" read -s "$IVSHMEM_SLOT" -b 2 0
refuse "a BAR claimed by netx is refused through /dev/mem, with the fix" 1 \
    "cannot map" "Operation not permitted" "CONFIG_IO_STRICT_DEVMEM" "iomem=relaxed" -- \
    "$M" read "$SHM"

echo "lab: $passed passed, $failed failed"
[ "$failed" = 0 ]
