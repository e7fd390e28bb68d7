#!/usr/bin/env python3
"""mmio's benchmarks, side by side with its peers, measured in one run on this machine.

  python3 bench/bench.py [--mmio PATH] [--results bench/RESULTS.md]

Prints a table of what was measured, the ratio to the peer, and whether the specification's
target is met. Public tools only: hyperfine for wall time, /usr/bin/time -v for peak memory.
busybox devmem opens /dev/mem, so its comparisons run inside a private mount namespace
(unshare -m) where a regular file is bind-mounted over /dev/mem: both tools read the same
bytes at native speed on any machine.
"""
import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def in_namespace(mem_file, script):
    """Runs a shell script where /dev/mem is mem_file (a private mount namespace)."""
    prologue = (
        "set -e; mount -t tmpfs tmpfs /dev; touch /dev/mem /dev/null; "
        f"mount --bind {mem_file} /dev/mem; "
    )
    return ["unshare", "-m", "bash", "-c", prologue + script]


def hyperfine(commands, runs, warmup, work, namespace_file=None, shell_needed=False, prepare=None):
    """Median seconds of each command, from hyperfine's JSON export; `prepare` runs before each."""
    export = os.path.join(work, "hyperfine.json")
    args = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup), "--export-json", export,
            "--output", "null", "--style", "none"]
    if prepare:
        args += ["--prepare", prepare]
    if not shell_needed:
        args.append("-N")
    args += commands
    if namespace_file:
        quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)
        run(in_namespace(namespace_file, quoted), stdout=subprocess.DEVNULL)
    else:
        run(args, stdout=subprocess.DEVNULL)
    with open(export) as f:
        return [r["median"] for r in json.load(f)["results"]]


def peak_kib(command, shell=False):
    """Maximum resident set size of one run, from /usr/bin/time -v."""
    args = ["/usr/bin/time", "-v"] + (["bash", "-c", command] if shell else command)
    result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    for line in result.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split()[-1])
    raise RuntimeError("no peak memory in /usr/bin/time output")


def batch_script(path, count, seed, target=None, named=False):
    """count lines, half reads, half writes, at word addresses of a 4 KiB target; each line names
    `target` itself when one is given; with `named`, each address is the register name of the
    description `named_description` writes."""
    rng = random.Random(seed)
    own = f" -f {target}" if target else ""
    with open(path, "w") as f:
        for index in range(count):
            address = rng.randrange(1024) * 4
            word = f"R{address // 4}" if named else f"{address:#x}"
            if index % 2:
                f.write(f"write{own} {word} {rng.randrange(1 << 32):#x}\n")
            else:
                f.write(f"read{own} {word}\n")


def big_svd(path, peripherals, registers):
    """An SVD of peripherals x registers registers, each with four fields, one with enumerated
    values: the size of a large microcontroller's description."""
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<device schemaVersion="1.3">\n<name>BIG</name>\n'
                "<width>32</width><size>32</size><access>read-write</access><resetValue>0</resetValue>\n"
                "<peripherals>\n")
        for p in range(peripherals):
            f.write(f"<peripheral><name>P{p}</name><baseAddress>{0x40000000 + p * 0x1000:#x}</baseAddress>"
                    "<registers>\n")
            for r in range(registers):
                f.write(f"<register><name>R{r}</name><description>Register {r}</description>"
                        f"<addressOffset>{r * 4:#x}</addressOffset><fields>"
                        "<field><name>EN</name><bitRange>[0:0]</bitRange><enumeratedValues>"
                        "<enumeratedValue><name>OFF</name><value>0</value></enumeratedValue>"
                        "<enumeratedValue><name>ON</name><value>1</value></enumeratedValue>"
                        "</enumeratedValues></field>"
                        "<field><name>MODE</name><lsb>1</lsb><msb>3</msb></field>"
                        "<field><name>FLAG</name><bitOffset>4</bitOffset><bitWidth>1</bitWidth>"
                        "<modifiedWriteValues>oneToClear</modifiedWriteValues></field>"
                        "<field><name>DATA</name><bitRange>[31:8]</bitRange></field>"
                        "</fields></register>\n")
            f.write("</registers></peripheral>\n")
        f.write("</peripherals>\n</device>\n")


def named_description(path):
    """A plain-format description of the 4 KiB batch target: R0..R1023, one per word."""
    with open(path, "w") as f:
        f.write("peripheral BLOCK 0\n")
        for index in range(1024):
            f.write(f"register R{index} {index * 4:#x}\n  field LOW 15:0\n  field HIGH 31:16\n")


def process_figures(command, namespace_file=None):
    """Minor page faults and peak RSS (KiB) of one run, from /usr/bin/time: figures that do not
    depend on how loaded the machine is."""
    timed = "/usr/bin/time -f '%R %M' " + " ".join(command) + " > /dev/null"
    args = in_namespace(namespace_file, timed) if namespace_file else ["bash", "-c", timed]
    result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    faults, rss = result.stderr.strip().splitlines()[-1].split()
    return int(faults), int(rss)


def instructions(command, work, namespace_file=None):
    """Instructions one run executes, counted by callgrind: exact whatever the noise. The binary
    is copied without its debug sections, which this valgrind cannot read."""
    binary = command[0]
    if os.path.basename(binary) != "busybox":
        copy = os.path.join(work, "counted-" + os.path.basename(binary))
        run(["objcopy", "--strip-debug", binary, copy])
        command = [copy] + command[1:]
    out = os.path.join(work, "callgrind.out")
    counted = "valgrind --tool=callgrind --callgrind-out-file=" + out + " " + " ".join(command) + " > /dev/null 2>&1"
    args = in_namespace(namespace_file, counted) if namespace_file else ["bash", "-c", counted]
    subprocess.run(args, check=False)
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("no instruction count from callgrind")


def devmem_script(batch_path, path):
    """The same sequence as one busybox devmem process per line."""
    with open(batch_path) as source, open(path, "w") as f:
        for line in source:
            words = line.split()
            f.write(f"busybox devmem {words[1]}" + (f" 32 {words[2]}" if words[0] == "write" else "") + "\n")


def poll_delays(mmio, work, interval, trials):
    """Microseconds from another process setting the bit to mmio poll printing it. The measuring
    side spins on a non-blocking pipe, on a CPU of its own: a sleeping reader's own wake-up
    (hundreds of microseconds for an idle virtual CPU) would otherwise be counted against mmio."""
    allowed = os.sched_getaffinity(0)
    cpus = sorted(allowed)
    if len(cpus) < 2:
        raise RuntimeError("the poll benchmark needs two CPUs: one for mmio, one to measure it")
    os.sched_setaffinity(0, {cpus[0]})
    try:
        return measure_poll(mmio, work, interval, trials, cpus[1])
    finally:
        os.sched_setaffinity(0, allowed)


def measure_poll(mmio, work, interval, trials, cpu):
    target = os.path.join(work, "poll.bin")
    delays = []
    for _ in range(trials):
        with open(target, "wb") as f:
            f.write(bytes(4096))
        process = subprocess.Popen(
            ["taskset", "-c", str(cpu), mmio, "poll", "-f", target, "--mask", "1", "--interval", interval, "--timeout", "10s", "0x40"],
            stdout=subprocess.PIPE)
        time.sleep(0.2)
        descriptor = os.open(target, os.O_WRONLY)
        reader = process.stdout.fileno()
        os.set_blocking(reader, False)
        start = time.monotonic_ns()
        os.pwrite(descriptor, b"\x01", 0x40)
        line = b""
        while not line.endswith(b"\n"):
            try:
                line += os.read(reader, 64)
            except BlockingIOError:
                pass
        stop = time.monotonic_ns()
        os.close(descriptor)
        process.wait()
        if process.returncode != 0 or line.strip() != b"0x00000001":
            raise RuntimeError(f"poll failed: {line!r}, exit {process.returncode}")
        delays.append((stop - start) / 1000)
    return delays


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mmio", default=os.path.join(ROOT, ".build/release/mmio"))
    parser.add_argument("--results", help="write the table here as Markdown")
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test)")
    parser.add_argument("--before", help="an earlier build of mmio: its instruction counts (callgrind) "
                        "are shown beside this one's, as the peer")
    options = parser.parse_args()
    mmio = os.path.abspath(options.mmio)
    before = os.path.abspath(options.before) if options.before else None
    quick = options.quick
    rows = []

    def row(name, ours, peer, ratio, target, met):
        rows.append((name, ours, peer, ratio, target, "yes" if met else "NO"))
        print(f"{name}: {ours} | {peer} | {ratio} | {target} | {'met' if met else 'NOT MET'}", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="mmio-bench-") as work:
        mem = os.path.join(work, "mem.bin")
        with open(mem, "wb") as f:
            f.write(bytes(range(256)) * 16)

        # 1. One read, one process each.
        busybox, ours = hyperfine(
            ["busybox devmem 0x10", f"{mmio} read 0x10"], runs=100 if quick else 1000, warmup=50,
            work=work, namespace_file=mem)
        row("one `read` process vs one busybox devmem", f"{ours * 1e3:.2f} ms", f"{busybox * 1e3:.2f} ms",
            f"{ours / busybox:.1f}x", "within 3x", ours <= 3 * busybox)
        # The same read, in figures the machine's load does not move.
        ours_faults, ours_rss = process_figures([mmio, "read", "0x10"], namespace_file=mem)
        busybox_faults, busybox_rss = process_figures(["busybox", "devmem", "0x10"], namespace_file=mem)
        ours_instructions = instructions([mmio, "read", "0x10"], work, namespace_file=mem)
        busybox_instructions = instructions(["busybox", "devmem", "0x10"], work, namespace_file=mem)
        row("one `read` process: minor page faults", f"{ours_faults}", f"{busybox_faults}",
            f"{ours_faults / busybox_faults:.1f}x", "(no target)", True)
        row("one `read` process: peak RSS", f"{ours_rss / 1024:.1f} MiB", f"{busybox_rss / 1024:.1f} MiB",
            f"{ours_rss / busybox_rss:.1f}x", "(no target)", True)
        row("one `read` process: instructions (callgrind)", f"{ours_instructions / 1e6:.2f} M",
            f"{busybox_instructions / 1e6:.3f} M", f"{ours_instructions / busybox_instructions:.0f}x",
            "(no target)", True)
        if before:
            earlier = instructions([before, "read", "0x10"], work, namespace_file=mem)
            row("one `read` process: instructions (callgrind), this build vs the one before",
                f"{ours_instructions / 1e6:.3f} M", f"{earlier / 1e6:.3f} M before",
                f"{ours_instructions / earlier:.2f}x", "not more than before", ours_instructions <= earlier * 1.01)

        # 2. Batch throughput: 100,000 mixed lines, the target given to batch once, or named by
        # every line; and a busybox devmem loop over the first 10,000 for comparison.
        count = 100_000
        script = os.path.join(work, "batch.txt")
        batch_script(script, count, seed=count)
        own = os.path.join(work, "batch-own-target.txt")
        batch_script(own, count, seed=count, target=mem)
        once, each = hyperfine([f"{mmio} batch -f {mem} {script}", f"{mmio} batch {own}"],
                               runs=3 if quick else 10, warmup=1, work=work)
        short = os.path.join(work, "batch-10000.txt")
        batch_script(short, 10_000, seed=count)
        loop = os.path.join(work, "devmem-loop.sh")
        devmem_script(short, loop)
        (loop_seconds,) = hyperfine([f"bash {loop}"], runs=1 if quick else 3, warmup=0, work=work,
                                    namespace_file=mem)
        busybox_rate = 10_000 / loop_seconds
        for name, seconds, target in (("the target given to batch once", once, 800_000),
                                      ("every line naming its own -f target", each, 500_000)):
            rate = count / seconds
            row(f"`batch`, {count:,} mixed reads/writes, {name}, vs a busybox devmem shell loop",
                f"{rate:,.0f} ops/s", f"{busybox_rate:,.0f} ops/s", f"{rate / busybox_rate:.0f}x",
                f"at least {target:,} ops/s", rate >= target)

        # 2b. Register descriptions: a named batch line against the same numeric one, and loading
        # a 10,000-register SVD.
        description = os.path.join(work, "block.regs")
        named_description(description)
        named = os.path.join(work, "batch-named.txt")
        batch_script(named, count, seed=count, named=True)

        # 2c. What one batch line costs, in instructions (callgrind: exact whatever the noise),
        # for 10,000 lines of each kind, less the same batch with its first line only (which
        # loads the description, a cost of its own with its own target).
        lines = 10_000
        kinds = []
        for name, seed_kwargs, arguments in (
                ("the target given to batch once", {}, ["-f", mem]),
                ("every line naming its own -f target", {"target": mem}, []),
                ("by register name", {"named": True}, ["-f", mem, "--regs", description])):
            path = os.path.join(work, f"lines-{len(kinds)}.txt")
            batch_script(path, lines, seed=count, **seed_kwargs)
            kinds.append((name, path, arguments))
        def per_line(binary, path, arguments):
            first = path + ".first"
            with open(path) as source, open(first, "w") as one:
                one.write(source.readline())
            return (instructions([binary, "batch"] + arguments + [path], work)
                    - instructions([binary, "batch"] + arguments + [first], work)) / (lines - 1)

        ours_lines = {}
        for name, path, arguments in kinds:
            ours_line = per_line(mmio, path, arguments)
            ours_lines[name] = ours_line
            if before:
                earlier_line = per_line(before, path, arguments)
                row(f"one `batch` line, {name}: instructions (callgrind), this build vs the one before",
                    f"{ours_line:,.0f}", f"{earlier_line:,.0f} before", f"{ours_line / earlier_line:.2f}x",
                    "(no target)", True)
            else:
                row(f"one `batch` line, {name}: instructions (callgrind)", f"{ours_line:,.0f}", "-", "-",
                    "(no target)", True)
        ratio = ours_lines["by register name"] / ours_lines["the target given to batch once"]
        row("a `batch` line by register name vs the same line by number: instructions (callgrind)",
            f"{ours_lines['by register name']:,.0f}", f"{ours_lines['the target given to batch once']:,.0f}",
            f"{ratio:.2f}x", "at most 1.2x", ratio <= 1.2)
        numeric, by_name = hyperfine([f"{mmio} batch -f {mem} {script}",
                                      f"{mmio} batch -f {mem} --regs {description} {named}"],
                                     runs=3 if quick else 10, warmup=1, work=work)
        row(f"`batch`, {count:,} lines by register name vs the same lines by number",
            f"{count / by_name:,.0f} ops/s", f"{count / numeric:,.0f} ops/s",
            f"{by_name / numeric:.2f}x the time", "at most 1.2x the time", by_name <= 1.2 * numeric)
        svd = os.path.join(work, "big.svd")
        big_svd(svd, 100, 100)
        # Parsed every time: no cache directory can be made under a regular file.
        no_cache = f"env XDG_CACHE_HOME={mem}/cache"
        plain_read, svd_read = hyperfine([f"{no_cache} {mmio} read -f {mem} 0x10",
                                          f"{no_cache} {mmio} read -f {mem} --regs {svd} P0.R4"],
                                         runs=5 if quick else 20, warmup=2, work=work)
        load = svd_read - plain_read
        row("loading a 10,000-register SVD (40,000 fields; one `read` with it, less one without)",
            f"{load * 1e3:.1f} ms", f"{plain_read * 1e3:.2f} ms without", "-", "at most 100 ms", load <= 0.1)
        # The largest description pyOCD ships (24 MB; `make bench` fetches it as `make unit` does):
        # loading it on first use (parsed, and its parsed map kept in a cache directory of the
        # bench's own, emptied before each run) and on later uses (read from the cache file), each
        # less a read without it; then a one-shot read by name against the same read by number,
        # at the register's offset, from the second use on.
        largest = os.path.join(ROOT, ".build/pyocd-svd/MIMXRT1176_cm7.xml")
        cache = os.path.join(work, "cache")
        with_cache = f"env XDG_CACHE_HOME={cache}"
        (first_use,) = hyperfine([f"{with_cache} {mmio} read -f {mem} --regs {largest} LPUART1.CTRL"],
                                 runs=3 if quick else 10, warmup=0, work=work, prepare=f"rm -rf {cache}")
        numeric_env, later_use = hyperfine(
            [f"{with_cache} {mmio} read -f {mem} 0x18", f"{with_cache} {mmio} read -f {mem} --regs {largest} LPUART1.CTRL"],
            runs=5 if quick else 20, warmup=1, work=work)
        row("pyOCD's largest SVD (MIMXRT1176_cm7.xml, 24 MB, 45,087 registers): one `read` by name, first use "
            "(parsed, and kept) vs later uses (its parsed-map cache file)",
            f"{first_use * 1e3:.0f} ms first, {later_use * 1e3:.2f} ms later", f"{numeric_env * 1e3:.2f} ms by number",
            f"{first_use / later_use:.0f}x faster later", "(no target)", True)
        os.environ["XDG_CACHE_HOME"] = cache
        numeric_read, named_read = hyperfine(
            [f"{mmio} read -f {mem} 0x18", f"{mmio} read -f {mem} --regs {largest} LPUART1.CTRL"],
            runs=3 if quick else 10, warmup=1, work=work)
        del os.environ["XDG_CACHE_HOME"]
        row("pyOCD's largest SVD (MIMXRT1176_cm7.xml, 24 MB): one `read` by name vs by number, from the second use on",
            f"{named_read * 1e3:.1f} ms", f"{numeric_read * 1e3:.2f} ms", f"{named_read / numeric_read:.1f}x",
            "within 3x", named_read <= 3 * numeric_read)

        # 3. Dumps of 64 MiB.
        big = os.path.join(work, "big.bin")
        with open(big, "wb") as f:
            f.write(os.urandom(64 << 20))
        runs = 3 if quick else 10
        text, xxd = hyperfine([f"{mmio} dump -f {big}", f"xxd {big}"], runs=runs, warmup=1, work=work)
        (hexdump,) = hyperfine([f"hexdump -C {big}"], runs=1 if quick else 3, warmup=0, work=work)
        raw, dd = hyperfine([f"{mmio} dump --raw -f {big}", f"dd if={big} bs=1M status=none"], runs=runs,
                            warmup=1, work=work)
        row("`dump` 64 MiB, text, vs xxd", f"{text:.3f} s", f"{xxd:.3f} s", f"{xxd / text:.1f}x faster",
            "at least 4x faster than xxd", xxd / text >= 4)
        row("`dump` 64 MiB, text, vs hexdump -C", f"{text:.3f} s", f"{hexdump:.3f} s",
            f"{hexdump / text:.1f}x faster", "(no target)", True)
        rate = (64 << 20) / raw / 1e9
        row("`dump --raw` 64 MiB vs dd bs=1M", f"{rate:.2f} GB/s", f"{(64 << 20) / dd / 1e9:.2f} GB/s",
            f"{dd / raw:.1f}x", "at least 1 GB/s", rate >= 1)
        memory = {
            "mmio dump": peak_kib([mmio, "dump", "-f", big]),
            "mmio dump --raw": peak_kib([mmio, "dump", "--raw", "-f", big]),
            "xxd": peak_kib(["xxd", big]),
            "hexdump -C": peak_kib(["hexdump", "-C", big]),
            "dd bs=1M": peak_kib(["dd", f"if={big}", "bs=1M", "status=none"]),
        }
        worst = max(memory["mmio dump"], memory["mmio dump --raw"])
        row("peak memory of a 64 MiB dump", f"{worst / 1024:.1f} MiB",
            ", ".join(f"{name} {kib / 1024:.1f} MiB" for name, kib in memory.items() if not name.startswith("mmio")),
            "-", "under 32 MiB", worst < 32 * 1024)

        # 4. Poll reaction. With --interval 0 mmio notices at once, so that run's delay is what
        # the measurement itself costs (printing, the pipe, the reader): it is subtracted.
        trials = 10 if quick else 40
        floor = statistics.median(poll_delays(mmio, work, "0", trials))
        for interval, budget in (("1ms", 1100), ("100us", 200)):
            delays = poll_delays(mmio, work, interval, trials)
            median = statistics.median(delays) - floor
            row(f"`poll --interval {interval}` reaction (median of {trials}, less the {floor:.0f} us "
                f"measured for --interval 0; worst {max(delays) - floor:.0f} us)",
                f"{median:.0f} us", "-", "-", f"interval + 100 us = {budget} us", median <= budget)

    machine = (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu_model()}), Linux {platform.release()}, "
               f"{time.strftime('%Y-%m-%d')}")
    table = ["| measurement | mmio | peer | ratio | target | met |", "| --- | --- | --- | --- | --- | --- |"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    print("\n".join(table))
    print(f"\nmachine: {machine}")
    if options.results:
        with open(options.results, "w") as f:
            f.write("# Benchmark results\n\nMade by `make bench` (bench/bench.py) on " + machine + ".\n\n")
            f.write("\n".join(table) + "\n")
    if not all(r[5] == "yes" for r in rows):
        sys.exit(1)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


if __name__ == "__main__":
    main()
