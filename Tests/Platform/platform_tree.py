#!/usr/bin/env python3
"""Sysfs trees for the platform-device tests, and the check of mmio against a real kernel.

  platform_tree.py build CAPTURE OUT
      OUT/sys and OUT/proc as the kernel showed them in CAPTURE (lab/arm64/capture.sh): the
      unflattened device tree, each platform and AMBA device with its of_node and driver links
      and runtime PM status, and /proc/iomem.
  platform_tree.py check CAPTURE MMIO
      Builds the tree and checks mmio's reading of it against what the kernel made of it: every
      device the kernel named after its translated address (3f201000.serial) has that address
      as region 0, and every /proc/iomem line the kernel named after a device (and a reg-names
      entry) is one of its regions, through `list --platform --json` and `info -P`.
  platform_tree.py handmade OUT
      A small tree with the cases real boards rarely show side by side.
"""
import base64, gzip, io, json, os, re, subprocess, sys, tarfile, tempfile


def sections(capture):
    parts, name = {}, None
    for line in open(capture).read().split("\n"):
        marker = re.fullmatch(r"===(\w+)===", line)
        if marker:
            name = marker.group(1)
            parts[name] = []
        elif name:
            parts[name].append(line)
    return parts


def add_device(sys_root, bus, name, node=None, driver=None, runtime=None, attributes=None):
    directory = f"{sys_root}/bus/{bus}/devices/{name}"
    os.makedirs(f"{directory}/power", exist_ok=True)
    if node is not None:
        target = f"{sys_root}/firmware/devicetree/base{'' if node == '/' else node}"
        os.symlink(os.path.relpath(target, directory), f"{directory}/of_node")
    if driver:
        drivers = f"{sys_root}/bus/{bus}/drivers/{driver}"
        os.makedirs(drivers, exist_ok=True)
        open(f"{drivers}/unbind", "w").close()
        os.symlink(os.path.relpath(drivers, directory), f"{directory}/driver")
    if runtime:
        open(f"{directory}/power/runtime_status", "w").write(runtime + "\n")
    for path, text in (attributes or {}).items():
        os.makedirs(os.path.dirname(f"{directory}/{path}"), exist_ok=True)
        open(f"{directory}/{path}", "w").write(text)


def build(capture, out):
    parts = sections(capture)
    tree = f"{out}/sys/firmware/devicetree"
    os.makedirs(tree, exist_ok=True)
    archive = gzip.decompress(base64.b64decode("".join(parts["TREE"])))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    devices = []
    for line in parts["DEVICES"]:
        if not line:
            continue
        bus, name, node, driver, runtime = line.split("|")
        add_device(f"{out}/sys", bus, name, node or None, driver or None, runtime or None)
        devices.append((bus, name, node or None))
    os.makedirs(f"{out}/proc", exist_ok=True)
    open(f"{out}/proc/iomem", "w").write("\n".join(parts["IOMEM"]))
    return devices, parts["IOMEM"]


def check(capture, mmio):
    failures, named, claimed = [], 0, 0
    with tempfile.TemporaryDirectory() as out:
        devices, iomem = build(capture, out)
        roots = ["--sysfs-root", f"{out}/sys", "--proc-root", f"{out}/proc"]
        listed = subprocess.run([mmio, "list", "--platform", "--json", *roots], capture_output=True, text=True)
        if listed.returncode != 0 or listed.stderr:
            sys.exit(f"list --platform failed ({listed.returncode}): {listed.stderr}")
        records = {r["name"]: r for r in map(json.loads, listed.stdout.splitlines())}
        for bus, name, node in devices:
            match = re.fullmatch(r"([0-9a-f]+)\.(.+)", name)
            if not match or not node:
                continue
            named += 1
            record = records.get(name)
            if not record or not record["regions"]:
                failures.append(f"{name}: the kernel named it after {match.group(1)}, mmio lists no region")
                continue
            if record["node"] != node:
                failures.append(f"{name}: node {record['node']}, the kernel's {node}")
            if int(record["regions"][0]["physical"], 16) != int(match.group(1), 16):
                failures.append(f"{name}: region 0 at {record['regions'][0]['physical']}, the kernel's 0x{match.group(1)}")
            info = subprocess.run([mmio, "info", "-P", name, "--json", *roots], capture_output=True, text=True)
            if info.returncode != 0 or int(json.loads(info.stdout)["physical"], 16) != int(match.group(1), 16):
                failures.append(f"{name}: info -P says {info.stdout.strip()} {info.stderr.strip()}")
        # `START-END : DEVICE NAME`: a region the kernel requested for DEVICE (NAME its reg-names
        # entry, or the node's name where it has none).
        for line in iomem:
            match = re.fullmatch(r"\s*([0-9a-f]+)-([0-9a-f]+) : (\S+) (\S+)", line)
            if not match or match.group(3) not in records:
                continue
            start, end, name, label = int(match.group(1), 16), int(match.group(2), 16), match.group(3), match.group(4)
            claimed += 1
            regions = [r for r in records[name]["regions"] if int(r["physical"], 16) == start]
            if not regions or int(regions[0]["size"], 16) != end - start + 1:
                failures.append(f"{line.strip()}: not a region of {name} in mmio's list ({records[name]['regions']})")
            elif label != os.path.basename(records[name]["node"]) and regions[0]["name"] != label:
                failures.append(f"{line.strip()}: mmio names the region {regions[0]['name']}")
    for failure in failures:
        print(failure)
    print(f"{os.path.basename(capture)}: {named} devices named by address, {claimed} claimed regions, {len(failures)} differences")
    return not failures


def handmade(out):
    """Nodes written as the kernel unflattens them: a directory each, a file per property."""
    base = f"{out}/sys/firmware/devicetree/base"

    def node(path, **properties):
        directory = base + path
        os.makedirs(directory, exist_ok=True)
        open(f"{directory}/name", "wb").write((path.rsplit("/", 1)[-1].split("@")[0] or "").encode() + b"\0")
        for key, value in properties.items():
            key = key if key == "device_type" else key.replace("_", "-").replace("HASH", "#")
            if isinstance(value, str):
                data = value.encode() + b"\0"
            elif isinstance(value, bytes):
                data = value
            elif isinstance(value, list) and value and isinstance(value[0], str):
                data = b"".join(v.encode() + b"\0" for v in value)
            else:
                data = b"".join(int(v).to_bytes(4, "big") for v in value)
            open(f"{directory}/{key}", "wb").write(data)

    node("/", HASHaddress_cells=[2], HASHsize_cells=[2], compatible="mmio,test-board")
    node("/aliases", serial0="/soc/serial@7e201000", serial1="/soc/serial@7e215040", gone="/soc/nothing@0")
    node("/soc", compatible="simple-bus", HASHaddress_cells=[1], HASHsize_cells=[1],
         ranges=[0x7e000000, 0, 0x3f000000, 0x01000000, 0x40000000, 0, 0x40000000, 0x00040000])
    node("/soc/serial@7e201000", compatible=["arm,pl011", "arm,primecell"], reg=[0x7e201000, 0x200])
    node("/soc/serial@7e215040", compatible="brcm,bcm2835-aux-uart", reg=[0x7e215040, 0x40])
    node("/soc/serial@7e201400", compatible=["arm,pl011", "arm,primecell"], reg=[0x7e201400, 0x200], status="disabled")
    node("/soc/watchdog@7e100000", compatible="brcm,bcm2835-pm", reg=[0x7e100000, 0x114, 0x7e00a000, 0x24],
         reg_names=["pm", "asb"])
    node("/soc/eth@7e300000", compatible="mmio,be-mac", reg=[0x7e300000, 0x100], big_endian=b"")
    node("/soc/sleepy@7e400000", compatible="mmio,sleepy", reg=[0x7e400000, 0x1000])
    node("/soc/split@7e500000", compatible="mmio,split", reg=[0x7e500000, 0x100, 0x90000000, 0x100, 0x7e600000, 0x100])
    node("/soc/local@40000000", compatible="mmio,local", reg=[0x40000000, 0x100])
    node("/soc/i2c@7e205000", compatible="brcm,bcm2835-i2c", reg=[0x7e205000, 0x200], HASHaddress_cells=[1], HASHsize_cells=[0])
    node("/soc/i2c@7e205000/sensor@48", compatible="ti,tmp102", reg=[0x48])
    node("/bridge", compatible="simple-bus", HASHaddress_cells=[1], HASHsize_cells=[1])
    node("/bridge/orphan@1000", compatible="mmio,orphan", reg=[0x1000, 0x100])
    node("/timer@8000000000", compatible="mmio,timer", reg=[0x80, 0x00000000, 0, 0x1000])
    node("/pcie@10000000", compatible="pci-host-ecam-generic", device_type="pci", HASHaddress_cells=[3], HASHsize_cells=[2],
         reg=[0x40, 0x10000000, 0, 0x10000000], ranges=[0x02000000, 0, 0x10000000, 0, 0x10000000, 0, 0x2eff0000])
    node("/pcie@10000000/dev@0", compatible="mmio,pci-child", reg=[0, 0, 0, 0, 0])

    # Bad input: a reg cut short, cell counts the kernel refuses, a ranges that wraps.
    node("/soc/short@7e700000", compatible="mmio,short", reg=b"\x7e\x70\x00\x00\x00")
    node("/zero", HASHaddress_cells=[0], HASHsize_cells=[1], ranges=b"")
    node("/zero/dev@0", compatible="mmio,zero-cells", reg=[0x10])
    node("/wide", HASHaddress_cells=[5], HASHsize_cells=[1], ranges=b"")
    node("/wide/dev@0", compatible="mmio,wide-cells", reg=[0, 0, 0, 0, 0x10, 0x10])
    node("/top", HASHaddress_cells=[1], HASHsize_cells=[1], ranges=[0, 0xffffffff, 0xfffff000, 0x1000])
    node("/top/wrap@800", compatible="mmio,wrap", reg=[0x800, 0x1000])

    sys_root = f"{out}/sys"
    add_device(sys_root, "amba", "3f201000.serial", "/soc/serial@7e201000", "uart-pl011", "active")
    add_device(sys_root, "platform", "3f215040.serial", "/soc/serial@7e215040", "bcm2835-aux-uart", "active")
    add_device(sys_root, "platform", "3f100000.watchdog", "/soc/watchdog@7e100000", "bcm2835-pm", "unsupported")
    add_device(sys_root, "platform", "3f300000.eth", "/soc/eth@7e300000", None, "unsupported")
    add_device(sys_root, "platform", "3f400000.sleepy", "/soc/sleepy@7e400000", "sleepy", "suspended")
    add_device(sys_root, "platform", "3f500000.split", "/soc/split@7e500000")
    add_device(sys_root, "platform", "8000000000.timer", "/timer@8000000000")
    add_device(sys_root, "platform", "PNP0103:00", None, None, "unsupported",
               {"firmware_node/hid": "PNP0103\n"})
    add_device(sys_root, "pnp", "00:05", None, "system", None,
               {"id": "PNP0c01\n", "resources": "state = active\nio 0x70-0x71\nmem 0xfee00000-0xfee00fff window\nmem disabled\nmem 0xfeb00000-0xfeb0ffff\n"})
    add_device(sys_root, "pnp", "00:06", None, None, None, {"id": "PNP0C02\n", "resources": "mem 0xzz-0x10\nmem\n\x01\x02mem 5-\nmem 0x20-0x10\n"})
    # A device whose sysfs entry is a link to itself, and one whose of_node is.
    os.symlink("loop", f"{sys_root}/bus/platform/devices/loop")
    add_device(sys_root, "platform", "knot")
    os.symlink("of_node", f"{sys_root}/bus/platform/devices/knot/of_node")
    os.makedirs(f"{out}/proc", exist_ok=True)
    open(f"{out}/proc/iomem", "w").write(
        "00000000-3bffffff : System RAM\n"
        "3f201000-3f2011ff : serial@7e201000\n"
        "  3f201000-3f2011ff : 3f201000.serial serial@7e201000\n"
        "fed00000-fed003ff : HPET 0\n"
        "  fed00000-fed003ff : PNP0103:00\n"
        "fed10000-fed1000f : PNP0103:00\n")


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["build"]:
        build(sys.argv[2], sys.argv[3])
    elif command == ["check"]:
        sys.exit(0 if check(sys.argv[2], sys.argv[3]) else 1)
    elif command == ["handmade"]:
        handmade(sys.argv[2])
    else:
        sys.exit(__doc__)
