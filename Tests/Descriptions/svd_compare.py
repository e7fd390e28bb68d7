#!/usr/bin/env python3
"""Compares `mmio regs --json` with the cmsis-svd package's parser, register by register and
field by field, for every SVD file given: full names, addresses, sizes, access, resets, fields'
bits and access, enumerated values. Where the two differ because the SPEC says that parser
misreads the schema, or because mmio leaves out an item with a defect it warned of, the
difference is counted under its rule; anything else is printed, and the exit status is 1.

    svd_compare.py MMIO FILE...                      the reference parser reads each file now
    svd_compare.py --reference ARCHIVE MMIO FILE...  what it read, kept in ARCHIVE
    svd_compare.py --remake ARCHIVE FILE...          reads the files and keeps that in ARCHIVE

One line per file: the registers and fields compared and how often each rule applied. The
parser takes over ten minutes on the largest of pyOCD's files, so what it read of the 105 is
committed (Tests/Descriptions/cmsis-svd-0.6-pyocd-0.46.json.xz, made with --remake by the
cmsis-svd version .ci/deps pins) and the tests compare against that."""
import contextlib
import io
import json
import lzma
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor

from cmsis_svd.parser import SVDParser
from cmsis_svd.model import SVDPeripheralArray

# How the reference parser's model is walked: as svd_reference.py walks it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svd_reference import ACCESS, inherited, registers  # noqa: E402

# The rules under which mmio and cmsis-svd may differ (SPEC, "Descriptions from the real world").
CLUSTER_NAME = "a cluster's register is named PERIPH.CLUSTER.REG, not CLUSTER_REG"
HEADER_NAME = "prependToName/appendToName are for C headers, not part of a name"
BLANKS = "blanks around a name are not part of it"
DONT_CARE = "don't-care bits (#1x) match several values: cmsis-svd reads x as 0 or as no value"
BINARY = "a binary value (0b10) is a value: cmsis-svd reads none"
DERIVED_REGISTER = "a derived register keeps what it derives (fields, access): cmsis-svd drops it"
DERIVED_FIELD = "a derived field keeps its enumerated values: cmsis-svd drops them"
WIDE_VALUE = "an enumerated value wider than its field: left out, with a warning"
MISFIT = "a field that does not fit its register (bitWidth 0, [7:8]): left out, with a warning"
UNNAMED_ARRAY = "an array whose name has no %s: left out, with a warning"
NESTED = "a register of a cluster inside a cluster is listed: cmsis-svd leaves it out"


def reference(path, rules):
    """The registers as cmsis-svd reads them, names without C-header affixes or blanks."""
    with contextlib.redirect_stdout(io.StringIO()):
        # Its own warnings (Invalid access type "read") go to standard output.
        device = SVDParser.for_xml_file(path).get_device()
    peripherals = []
    for peripheral in device.peripherals:
        peripherals.extend(peripheral.peripherals if isinstance(peripheral, SVDPeripheralArray) else [peripheral])

    def bare(name):
        if name != name.strip():
            rules[BLANKS] += 1
        return name.strip()

    for peripheral in peripherals:
        prefix, suffix = peripheral.prepend_to_name or "", peripheral.append_to_name or ""
        for register in registers(peripheral.registers):
            name = bare(register.name)
            header_named = False
            if prefix and name.startswith(prefix):
                name, header_named = name[len(prefix):], True
            if suffix and name.endswith(suffix):
                name, header_named = name[:-len(suffix)], True
            access = inherited(register, peripheral, device, "access")
            access = ACCESS[access.value] if access is not None else "rw"
            fields = {}
            for field in register.fields or []:
                enums = {}
                for group in field.enumerated_values or []:
                    for value in group.enumerated_values:
                        enums[bare(value.name)] = "default" if value.is_default and value.value is None else value.value
                fields[bare(field.name)] = {
                    "bits": (field.bit_offset + field.bit_width - 1, field.bit_offset),
                    "access": ACCESS[field.access.value] if field.access is not None else access,
                    "enums": enums, "derived": field.derived_from is not None}
            yield {"name": f"{bare(peripheral.name)}.{name}", "header_named": header_named,
                   "derived": register.derived_from is not None,
                   "address": peripheral.base_address + register.address_offset,
                   "width": inherited(register, peripheral, device, "size"), "access": access,
                   "reset": inherited(register, peripheral, device, "reset_value") or 0, "fields": fields}


def read_whole(path):
    """What the reference parser reads of one file, as kept in an archive."""
    counted = Counter()
    found = list(reference(path, counted))
    return os.path.basename(path), {"registers": found, "blanks": counted[BLANKS]}


def remake(archive, files):
    with ProcessPoolExecutor() as pool:
        kept = dict(pool.map(read_whole, files))
    with open(archive, "wb") as f:
        f.write(lzma.compress(json.dumps(kept, sort_keys=True, separators=(",", ":")).encode(),
                              preset=9 | lzma.PRESET_EXTREME))


# The archive, read once before the comparisons fork.
ARCHIVE = None


def kept_reference(path, rules):
    saved = ARCHIVE.get(os.path.basename(path))
    if saved is None:
        raise SystemExit(f"{path}: not in the archive (remake it with --remake)")
    if saved["blanks"]:
        rules[BLANKS] += saved["blanks"]
    for register in saved["registers"]:
        for field in register["fields"].values():
            field["bits"] = tuple(field["bits"])
    return saved["registers"]


def ours(mmio, path):
    listed = subprocess.run([mmio, "regs", "--json", "--regs", path], capture_output=True, text=True)
    if listed.returncode != 0:
        raise SystemExit(f"{path}: mmio regs failed: {listed.stderr}")
    found = []
    for line in listed.stdout.splitlines():
        register = json.loads(line)
        fields = {}
        for field in register.get("fields", []):
            high, low = (int(part) for part in field["bits"].split(":"))
            enums = {value["name"]: int(value["value"], 16) for value in field.get("enums", [])}
            enums.update({value["name"]: value["pattern"] for value in field.get("enum_patterns", [])})
            fields[field["name"]] = {"bits": (high, low), "access": field["access"], "enums": enums}
        found.append({"name": register["name"], "address": int(register["address"], 16),
                      "width": register["width"], "access": register["access"],
                      "reset": int(register.get("reset") or "0x0", 16), "fields": fields})
    return found, listed.stderr


def squeeze(name):
    return re.sub(r"[^0-9A-Za-z]", "", name).upper()


def pattern_matches(pattern, value):
    """A don't-care pattern (`#1x`, `0b1x`) against cmsis-svd's value: x read as 0, or none."""
    if value is None:
        return True
    digits = pattern[1:] if pattern.startswith("#") else pattern[2:]
    return int(re.sub("[xX]", "0", digits), 2) == value


def compare_enums(mine, theirs, field, bits, warned, rules, problems, where):
    width = bits[0] - bits[1] + 1
    for name in sorted(set(mine) | set(theirs), key=str):
        a, b = mine.get(name, "missing"), theirs.get(name, "missing")
        if a == b:
            continue
        if isinstance(a, str) and a[:1] in "#0" and a != "missing" and a != "default" and b != "missing" \
                and pattern_matches(a, b):
            rules[DONT_CARE] += 1
        elif isinstance(a, int) and b is None:
            rules[BINARY] += 1
        elif a == "missing" and isinstance(b, int) and b >= 1 << width and "does not fit" in warned:
            rules[WIDE_VALUE] += 1
        elif b == "missing" and not theirs and field.get("derived"):
            rules[DERIVED_FIELD] += 1
        else:
            problems.append(f"[enum] {where}.{name}: mmio {a!r}, cmsis-svd {b!r}")


def compare_file(mmio, path):
    """The file's line, and the differences no rule explains."""
    rules = Counter()
    theirs = kept_reference(path, rules) if ARCHIVE is not None else list(reference(path, rules))
    mine, warned = ours(mmio, path)
    by_name, by_squeezed = defaultdict(list), defaultdict(list)
    for register in mine:
        by_name[register["name"]].append(register)
        by_squeezed[squeeze(register["name"])].append(register)
    problems = []
    matched = set()
    for register in theirs:
        candidates = by_name.get(register["name"], [])
        rule = HEADER_NAME if register["header_named"] else None
        if not candidates:
            candidates = by_squeezed.get(squeeze(register["name"]), [])
            rule = CLUSTER_NAME if candidates else None
        # Several registers of one name (a tolerated defect): the one at the same address.
        match = next((c for c in candidates if c["address"] == register["address"]), candidates[0] if candidates else None)
        if match is None:
            if "has no %s" in warned and "the array is left out" in warned:
                rules[UNNAMED_ARRAY] += 1
            else:
                problems.append(f"[register] {register['name']} at {register['address']:#x}: not listed by mmio")
            continue
        matched.add(id(match))
        if rule:
            rules[rule] += 1
        where = register["name"]
        for key in ("address", "width", "access", "reset"):
            if match[key] != register[key] and register.get("derived") and key != "address":
                rules[DERIVED_REGISTER] += 1
            elif match[key] != register[key]:
                problems.append(f"[{key}] {where}: mmio {match[key]!r}, cmsis-svd {register[key]!r}")
        for name in sorted(set(match["fields"]) | set(register["fields"])):
            a, b = match["fields"].get(name), register["fields"].get(name)
            if a is None and "the field is left out" in warned:
                rules[MISFIT] += 1
                continue
            if b is None and not register["fields"] and register.get("derived"):
                rules[DERIVED_REGISTER] += 1
                continue
            if a is None or b is None:
                problems.append(f"[field] {where}.{name}: only in {'cmsis-svd' if a is None else 'mmio'}")
                continue
            for aspect in ("bits", "access"):
                if a[aspect] != b[aspect]:
                    problems.append(f"[field {aspect}] {where}.{name}: mmio {a[aspect]!r}, cmsis-svd {b[aspect]!r}")
            compare_enums(a["enums"], b["enums"], b, b["bits"], warned, rules, problems, f"{where}.{name}")
    for register in mine:
        if id(register) in matched:
            continue
        # PERIPH.OUTER.INNER.REG: the reference parser does not list what nested clusters hold.
        if len(register["name"].split(".")) >= 4:
            rules[NESTED] += 1
        else:
            problems.append(f"[register] {register['name']} at {register['address']:#x}: not listed by cmsis-svd")
    fields = sum(len(register["fields"]) for register in theirs)
    line = (f"{path.rsplit('/', 1)[-1]}: {len(theirs)} registers {fields} fields compared"
            + "".join(f"; {count} by the rule: {rule}" for rule, count in sorted(rules.items()))
            + (f"; {len(problems)} differences unexplained" if problems else ""))
    return line, problems


def main():
    global ARCHIVE
    arguments = sys.argv[1:]
    if arguments[:1] == ["--remake"]:
        remake(arguments[1], arguments[2:])
        return 0
    if arguments[:1] == ["--reference"]:
        with open(arguments[1], "rb") as f:
            ARCHIVE = json.loads(lzma.decompress(f.read()))
        arguments = arguments[2:]
    mmio, files = arguments[0], arguments[1:]
    unexplained = 0
    with ProcessPoolExecutor() as pool:
        for line, problems in pool.map(compare_file, [mmio] * len(files), files):
            print(line)
            for problem in problems:
                print("   ", problem)
            unexplained += len(problems)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
