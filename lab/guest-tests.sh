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
*"{\"bar\":0,\"kind\":\"memory\",\"physical\":\"$(printf '0x%08x' "$EDU")\",\"size\":\"$(bar_size "$EDU_SLOT" 0)\",\"is_64bit\":false,\"prefetchable\":false,\"resource\":true,\"resource_wc\":false}"*)
    ok "list shows edu BAR0 with its base and size" ;;
*) bad "list shows edu BAR0: '$edu_line'" ;;
esac
case "$shm_line" in
*"{\"bar\":2,\"kind\":\"memory\",\"physical\":\"$(printf '0x%08x' "$SHM")\",\"size\":\"0x100000\",\"is_64bit\":true,\"prefetchable\":true,\"resource\":true,\"resource_wc\":true}"*)
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
# The batch prints poll's last STATUS.COMPUTING (the field: done), then 5!.
FACTORIAL_OUT="0x0
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
*"{\"kind\":\"uio\",\"node\":\"$EDU_UIO\",\"name\":\"uio_pci_generic\",\"version\":\"0.01.0\",\"maps\":[{\"map\":0,\"name\":\"$EDU_SLOT\",\"physical\":\"$(printf '0x%08x' "$EDU")\",\"size\":\"0x100000\",\"offset\":\"0x00000000\"}]}"*)
    ok "list shows the uio device with its map at edu's BAR0" ;;
*) bad "list --uio: '$out'" ;;
esac

echo "1af4 1110" > /sys/bus/pci/drivers/netx/new_id
SHM_UIO=$(uio_of "$IVSHMEM_SLOT")
# Who owns what: the bound driver and its module, from the kernel's links. The guest has an
# IOMMU (QEMU's VT-d, intel_iommu=on), so every device has a group.
EDU_GROUP=$(basename "$(readlink "/sys/bus/pci/devices/$EDU_SLOT/iommu_group")")
run "$M" list --pci --json
case "$out" in
*"\"slot\":\"$EDU_SLOT\""*"\"driver\":\"uio_pci_generic\",\"module\":\"uio_pci_generic\",\"iommu_group\":\"$EDU_GROUP\",\"vfio\":false"*"\"slot\":\"$IVSHMEM_SLOT\""*"\"driver\":\"netx\",\"module\":\"uio_netx\""*)
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
refuse "a BAR claimed by netx is refused through resource2, naming netx and the fix" 1 \
    "cannot map" "Invalid argument" "is claimed by driver netx" "in $IVSHMEM_SLOT" \
    "echo $IVSHMEM_SLOT > /sys/bus/pci/drivers/netx/unbind" "iomem=relaxed" -- \
    "$M" read -s "$IVSHMEM_SLOT" -b 2 0
refuse "a BAR claimed by netx is refused through /dev/mem, naming netx and the fix" 1 \
    "cannot map" "Operation not permitted" "is claimed by driver netx" "CONFIG_IO_STRICT_DEVMEM" "iomem=relaxed" -- \
    "$M" read "$SHM"

# --- Who owns what: e1000, its driver bound at boot ------------------------------------------
E1000_SLOT=$(slot_of 0x8086 0x100e)
E1000=$(bar_start "$E1000_SLOT" 0)
echo "# e1000 $E1000_SLOT BAR0 $E1000"
run "$M" list --pci
case "$out" in
*"$E1000_SLOT [8086:100e]"*"    driver e1000"*) ok "list names e1000 as the owner of the e1000" ;;
*) bad "list e1000 owner: '$out'" ;;
esac
run "$M" list --pci --json
case "$out" in
*"\"slot\":\"$E1000_SLOT\""*"\"driver\":\"e1000\",\"module\":\"e1000\""*) ok "list --json names e1000's module" ;;
*) bad "list --json e1000 module: '$out'" ;;
esac
refuse "e1000's BAR through /dev/mem names e1000, its region and its unbind command" 1 \
    "cannot map" "Operation not permitted" "$(hex "$E1000") is claimed by driver e1000" "in $E1000_SLOT" \
    "echo $E1000_SLOT > /sys/bus/pci/drivers/e1000/unbind" "iomem=relaxed" -- "$M" read "$E1000"
refuse "e1000's BAR through resource0 names e1000 and its unbind command" 1 \
    "cannot map" "Invalid argument" "is claimed by driver e1000" "echo $E1000_SLOT > /sys/bus/pci/drivers/e1000/unbind" -- \
    "$M" read -s "$E1000_SLOT" 8
run "$M" info "$(hex "$E1000 + 8")"
case "$out" in
*"owner:    claimed by driver e1000 ($E1000_SLOT)"*"pci:      $E1000_SLOT BAR0 offset 0x8 "*"driver e1000"*"reach:    mmio read -s $E1000_SLOT -b 0 0x8 (refused while e1000 holds it"*)
    ok "info ADDRESS in e1000's BAR names the owner, the BAR and the offset" ;;
*) bad "info e1000 address: rc $rc '$out' '$err'" ;;
esac
run "$M" info "$(hex "$EDU + 0x20")" --json
case "$out" in
*"\"owner\":\"in $EDU_SLOT's BAR, claimed by no driver\""*"\"pci\":{\"slot\":\"$EDU_SLOT\",\"bar\":0,\"offset\":\"0x00000020\""*"\"mmio read -s $EDU_SLOT -b 0 0x20\""*)
    ok "info ADDRESS for edu's BAR: slot, BAR, offset, and no claim" ;;
*) bad "info edu address: rc $rc '$out' '$err'" ;;
esac
run "$M" info 0x1000000
case "$out" in
*"owner:    System RAM"*"ram:      yes (System RAM)"*) ok "info ADDRESS knows System RAM" ;;
*) bad "info System RAM: '$out'" ;;
esac

# --- PCI configuration space (--config), against setpci and lspci on the same devices ----------
NVME_SLOT=$(slot_of 0x1b36 0x0010)
echo "# nvme $NVME_SLOT"
for slot in "$EDU_SLOT" "$E1000_SLOT" "$IVSHMEM_SLOT"; do
    same "config dump of $slot equals lspci -xxx" "$("$M" dump -s "$slot" --config -v 2>&1)" \
        "$(lspci -s "$slot" -xxx | sed -n '2,17p')"
    names="VENDOR_ID DEVICE_ID COMMAND STATUS REVISION CLASS_DEVICE HEADER_TYPE BASE_ADDRESS_0 SUBSYSTEM_ID INTERRUPT_PIN"
    want=$(setpci -s "$slot" $names | sed 's/^/0x/')
    got=$(for name in $names; do echo "read $name"; done | "$M" batch -s "$slot" --config 2>&1)
    same "config registers of $slot by setpci's names equal setpci" "$got" "$want"
done
same "the PCIe device's 4096 bytes equal lspci -xxxx" "$("$M" dump -s "$NVME_SLOT" --config -v 2>&1)" \
    "$(lspci -s "$NVME_SLOT" -xxxx | sed -n '2,257p')"
for address in CAP_EXP CAP_EXP+2 CAP_EXP+0xc CAP_EXP+0x12 CAP_MSIX; do
    setpci_name=$(echo "$address" | sed 's/+0x/+/')
    case "$address" in *+2|*+0x12) width=16 suffix=w ;; CAP_MSIX|CAP_EXP) width=8 suffix=b ;; *) width=32 suffix=l ;; esac
    same "nvme $address (-w $width) equals setpci" "$("$M" read -s "$NVME_SLOT" --config -w "$width" "$address" 2>&1)" \
        "0x$(setpci -s "$NVME_SLOT" "$setpci_name.$suffix")"
done
run "$M" info -s "$NVME_SLOT" --config
case "$out" in
*"size:     0x1000 (4K)"*"flags:    extended"*"cap:      CAP_EXP at "*) ok "info --config on the PCIe device: 4096 bytes and its Express capability" ;;
*) bad "info nvme --config: '$out' '$err'" ;;
esac
check "set COMMAND's bus-master bit of edu through --config" 0 "" "$M" set -s "$EDU_SLOT" --config COMMAND 0x4
same "setpci sees the bit" "$(setpci -s "$EDU_SLOT" COMMAND)" "$(printf '%04x' $(( 0x$(setpci -s "$EDU_SLOT" COMMAND) | 4 )))"
check "clear it again" 0 "" "$M" clear -s "$EDU_SLOT" --config COMMAND 0x4
same "setpci sees it clear" "$(( 0x$(setpci -s "$EDU_SLOT" COMMAND) & 4 ))" 0
check "edu still answers through its BAR" 0 0x010000ed "$M" read -s "$EDU_SLOT" 0

# --- The README's and the man page's real-hardware examples, run here: each must print what ---
# the document shows
# (Tools/check-examples.sh; the differences are printed as "# " lines when one does not).
# The files they name: examples/, and the lab's descriptions and scripts (not lab/ whole: the
# run folder, and so this scratch folder, lies inside it).
mkdir -p "$scratch/readme/lab"
cp -r "$LAB/../examples" "$scratch/readme/"
cp "$LAB"/*.svd "$LAB"/*.batch "$scratch/readme/lab/"
for document in README.md man/mmio.1; do
    if (cd "$scratch/readme" && TMPDIR="$scratch" MMIO="$M" sh "$LAB/../Tools/check-examples.sh" "$LAB/../$document" hardware > "$scratch/examples.log" 2>&1); then
        ok "$document: the real-hardware examples print what it shows ($(tail -n 1 "$scratch/examples.log"))"
    else
        bad "$document: the real-hardware examples: $(tail -n 1 "$scratch/examples.log")"
    fi
    grep -v '^ok - ' "$scratch/examples.log"
done

# --- x86 I/O ports (-p): CMOS through 0x70/0x71, against /dev/port ------------------------------
devport_cmos() {
    printf "\\$(printf '%03o' "$1")" | dd of=/dev/port bs=1 seek=112 conv=notrunc 2>/dev/null
    dd if=/dev/port bs=1 skip=113 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n'
}
for register in 0x0a 0x0b 0x0d 0x32; do
    want="0x$(devport_cmos "$register")"
    got=$(printf 'write -w 8 0x70 %s\nread -w 8 0x71\n' "$register" | "$M" batch -p 2>&1)
    same "CMOS register $register through -p equals /dev/port" "$got" "$want"
done
run "$M" write -p -w 8 0x70 0x0d --trace
same "-p traces one out of 8 bits" "$err" "w8 0x00000070 <- 0x0d"
run "$M" read -p -w 8 0x71 --trace
same "-p traces one in of 8 bits" "$err" "r8 0x00000071 -> 0x80"

# --- JSON from real devices: the host validates it against the schema (lab/run.sh) --------------
mkdir -p "$scratch/json"
{
    "$M" list --json
    "$M" info -s "$E1000_SLOT" --json
    "$M" info -s "$NVME_SLOT" --config --json
    "$M" info "$(hex "$E1000 + 8")" --json
    "$M" dump -s "$NVME_SLOT" --config 0 0x40 --json
    "$M" read -s "$EDU_SLOT" 0 --json
    "$M" read -p -w 8 0x71 --json
} > "$scratch/json/lab.jsonl" 2> "$scratch/json-errors"
if [ -s "$scratch/json/lab.jsonl" ] && [ ! -s "$scratch/json-errors" ]; then
    ok "JSON from real devices written for the host to check ($(wc -l < "$scratch/json/lab.jsonl") lines)"
else
    bad "JSON from real devices: '$(cat "$scratch/json-errors")'"
fi

# --- VFIO (--vfio): edu moved from uio_pci_generic to vfio-pci, behind QEMU's VT-d ------------
echo "# edu IOMMU group $EDU_GROUP"
refuse "--vfio while uio_pci_generic has edu names the commands that bind it to vfio-pci" 1 \
    "$EDU_SLOT is bound to uio_pci_generic, not vfio-pci" "echo vfio-pci > /sys/bus/pci/devices/$EDU_SLOT/driver_override" \
    "echo $EDU_SLOT > /sys/bus/pci/drivers/uio_pci_generic/unbind" "echo $EDU_SLOT > /sys/bus/pci/drivers_probe" -- \
    "$M" read -s "$EDU_SLOT" --vfio 0
refuse "--vfio on the NVMe, bound to no driver" 1 "$NVME_SLOT is bound to no driver, not vfio-pci" -- \
    "$M" read -s "$NVME_SLOT" --vfio 0
# Bound exactly as the message says.
echo vfio-pci > "/sys/bus/pci/devices/$EDU_SLOT/driver_override"
echo "$EDU_SLOT" > /sys/bus/pci/drivers/uio_pci_generic/unbind
echo "$EDU_SLOT" > /sys/bus/pci/drivers_probe
same "edu is bound to vfio-pci" "$(basename "$(readlink "/sys/bus/pci/devices/$EDU_SLOT/driver")")" vfio-pci
check "edu id through --vfio" 0 0x010000ed "$M" read -s "$EDU_SLOT" --vfio 0
check "liveness write through --vfio" 0 "" "$M" write -s "$EDU_SLOT" --vfio 4 0x12345678
check "liveness reads back the inverse through --vfio" 0 0xedcba987 "$M" read -s "$EDU_SLOT" --vfio 4
run "$M" read -s "$EDU_SLOT" --vfio 4 --trace
same "--vfio traces one 32-bit load" "$err" "r32 0x00000004 -> 0xedcba987"
check "factorial through --vfio, as a batch" 0 "0x00000000
0x000002d0" sh -c "printf 'write 8 6\\npoll 0x20 --mask 1 --value 0\\nread 8\\n' | '$M' batch -s '$EDU_SLOT' --vfio"
check "named factorial through --vfio" 0 "$FACTORIAL_OUT" "$M" batch -s "$EDU_SLOT" --vfio --regs "$SVD" "$LAB/edu-factorial.batch"
run "$M" list --pci --json
case "$out" in
*"\"slot\":\"$EDU_SLOT\""*"\"driver\":\"vfio-pci\""*"\"vfio\":true"*) ok "list says edu is bound to vfio-pci" ;;
*) bad "list vfio: '$out'" ;;
esac
run "$M" info -s "$EDU_SLOT" --vfio
case "$out" in
*"target:   $EDU_SLOT BAR0 (VFIO) (vfio)"*"file:     /dev/vfio/$EDU_GROUP"*) ok "info --vfio names the group's node" ;;
*) bad "info --vfio: '$out' '$err'" ;;
esac
# One process at a time: while one holds the group, the next gets EBUSY.
"$M" poll -s "$EDU_SLOT" --vfio 0x20 --mask 0x40000000 --timeout 60s > /dev/null 2>&1 &
holder=$!
sleep 3
refuse "a second process on a held group gets EBUSY, named" 1 "IOMMU group $EDU_GROUP (/dev/vfio/$EDU_GROUP) is held by another process (EBUSY)" -- \
    "$M" read -s "$EDU_SLOT" --vfio 0
kill "$holder"
wait "$holder" 2>/dev/null
check "the group is free again once the holder has gone" 0 0x010000ed "$M" read -s "$EDU_SLOT" --vfio 0

# The HPET: an ACPI platform device (PNP0103) with no device-tree node, whose region only
# /proc/iomem names. Its GCAP_ID holds the vendor (0x8086) in bits 31:16; once enabled
# (GEN_CONF bit 0, which Linux sets when it uses it), its main counter at 0xf0 counts.
run "$M" list --platform
case "$out" in
*"PNP0103:00 [PNP0103]"*"region0  0x00000000fed00000  size 1K"*) ok "list --platform shows the HPET and its region" ;;
*) bad "list --platform: '$out' '$err'" ;;
esac
run "$M" list --platform --json
printf '%s\n' "$out" > "$scratch/json/list-platform.json"
run "$M" info -P PNP0103
case "$out" in
*"target:   PNP0103:00 (platform)"*"physical: 0xfed00000"*) ok "info -P PNP0103 resolves to the HPET at 0xfed00000" ;;
*) bad "info -P PNP0103: '$out' '$err'" ;;
esac
run "$M" read -P PNP0103 0
if [ "$rc" = 0 ] && [ $(( (out >> 16) & 0xffff )) = $((0x8086)) ]; then
    ok "the HPET's GCAP_ID through -P PNP0103 names vendor 0x8086 ($out)"
else
    bad "GCAP_ID through -P PNP0103: exit $rc, '$out' '$err'"
fi
check "the HPET's counter enabled through -P" 0 "" "$M" set -P PNP0103 0x10 0x1
# The whole 64-bit counter: its low word at 100 MHz wraps every 43 s.
run "$M" read -P PNP0103 -w 64 0xf0
first=$out
sleep 1
run "$M" read -P PNP0103 -w 64 0xf0
if [ "$rc" = 0 ] && [ $((out)) -gt $((first)) ]; then
    ok "the HPET's main counter counts ($first, then $out)"
else
    bad "the HPET's main counter: exit $rc, '$first' then '$out' '$err'"
fi
run "$M" info 0xfed000f0
case "$out" in
*"platform: PNP0103:00 region 0 offset 0xf0"*) ok "info 0xfed000f0 names the HPET" ;;
*) bad "info 0xfed000f0: '$out' '$err'" ;;
esac

echo "lab: $passed passed, $failed failed"
[ "$failed" = 0 ]
