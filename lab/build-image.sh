#!/usr/bin/env bash
# Builds (once, cached under lab/cache/) what the real-kernel lab boots: Debian's own kernel,
# fetched as a package and unpacked without installing it, its vmlinux (the uncompressed
# kernel, which QEMU boots through the PVH entry, seconds faster than the bzImage), and a
# busybox initramfs holding lab/init and the modules it loads.
set -euo pipefail
lab=$(cd "$(dirname "$0")" && pwd)
cache="$lab/cache"
mkdir -p "$cache"

log() { echo "lab: $*" >&2; }

# The modules the guest needs, each with what it depends on, in load order.
modules=(9pnet_virtio 9p virtio_pci uio_pci_generic uio_netx e1000 vfio-pci)

kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}

fetch_kernel() {
    [ -s "$cache/vmlinux" ] && [ -s "$cache/kernel.version" ] && return
    local package
    package=$(kernel_package)
    if [ -z "$package" ]; then
        apt-get update -qq
        package=$(kernel_package)
    fi
    [ -n "$package" ] || { log "cannot find Debian's linux-image-amd64 package"; exit 1; }
    log "fetching $package"
    rm -rf "$cache/kernel" "$cache"/*.deb
    (cd "$cache" && timeout 300 apt-get download -q "$package" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
    local deb
    deb=$(ls "$cache"/linux-image-*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { log "apt-get download $package failed"; exit 1; }
    dpkg -x "$deb" "$cache/kernel"
    rm -f "$deb"
    local version
    version=$(ls "$cache/kernel/lib/modules")
    depmod -b "$cache/kernel" "$version"
    # vmlinuz is a boot stub around an xz payload: find the xz magic and unpack from there.
    local vmlinuz="$cache/kernel/boot/vmlinuz-$version" offset
    offset=$(grep -abo $'\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1)
    [ -n "$offset" ] || { log "no xz payload in $vmlinuz"; exit 1; }
    tail -c +$((offset + 1)) "$vmlinuz" | xz -dc 2>/dev/null > "$cache/vmlinux.tmp" || true
    file "$cache/vmlinux.tmp" | grep -q 'ELF 64-bit' || { log "could not extract vmlinux"; exit 1; }
    mv "$cache/vmlinux.tmp" "$cache/vmlinux"
    echo "$version" > "$cache/kernel.version"
}

build_initramfs() {
    local version stamp
    version=$(cat "$cache/kernel.version")
    stamp=$( (cat "$lab/init" "$0"; echo "$version") | sha256sum | cut -c1-16)
    [ -s "$cache/initramfs.cpio.gz" ] && [ "$(cat "$cache/initramfs.stamp" 2>/dev/null)" = "$stamp" ] && return
    log "building initramfs"
    local work="$cache/initramfs"
    rm -rf "$work"
    mkdir -p "$work"/{bin,dev,proc,sys,newroot,modules}
    cp /bin/busybox "$work/bin/busybox"
    cp "$lab/init" "$work/init"
    chmod +x "$work/init"
    : > "$work/modules/order"
    local module path
    for module in "${modules[@]}"; do
        modprobe -d "$cache/kernel" -S "$version" --show-depends "$module" | awk '$1 == "insmod" {print $2}' |
            while read -r path; do
                local name
                name=$(basename "$path")
                name=${name%.xz}
                grep -qx "$name" "$work/modules/order" && continue
                case "$path" in
                *.xz) xz -dc "$path" > "$work/modules/$name" ;;
                *) cp "$path" "$work/modules/$name" ;;
                esac
                echo "$name" >> "$work/modules/order"
            done
    done
    (cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$cache/initramfs.cpio.gz"
    echo "$stamp" > "$cache/initramfs.stamp"
}

for tool in qemu-system-x86_64 busybox cpio depmod modprobe xz file; do
    command -v "$tool" >/dev/null || { log "missing $tool (apt-get install qemu-system-x86 busybox-static cpio kmod xz-utils file)"; exit 1; }
done
fetch_kernel
build_initramfs
