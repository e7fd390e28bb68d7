// Generated from the subcommands' definitions by mmio-grammar (make grammar): the
// tool description ArgumentParser gives of each subcommand, and the property each
// argument fills. Do not edit; change the definitions and regenerate.

enum GrammarTable {
    // A switch, not a dictionary: the first hashed lookup of a key type costs a one-shot
    // command a scan of every protocol conformance in the binary.
    static func reader(_ name: String) -> FastReading? {
        switch name {
        case "read": return read
        case "write": return write
        case "set": return set
        case "clear": return clear
        case "dump": return dump
        case "load": return load
        case "poll": return poll
        case "expect": return expect
        case "watch": return watch
        case "diff": return diff
        case "sleep": return sleep
        case "batch": return batch
        case "list": return list
        case "info": return info
        case "regs": return regs
        case "decode": return decode
        case "devmem": return devmem
        default: return nil
        }
    }

    static let read = FastCommand(
        { MMIOCommand.Read() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .option(["-n"], { $0.count = $1 }),
            .flag(["--decode"], { $0.decode = $1 }),
            .flag(["--layout"], { $0.layout = $1 }),
            .argument({ $0.address = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<FieldAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let write = FastCommand(
        { MMIOCommand.Write() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .flag(["--verify"], { $0.verify = $1 }),
            .argument({ $0.address = $1 }),
            .arguments({ $0.values = $1 }, append: { $0.values.append($1) }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<FieldAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let set = FastCommand(
        { MMIOCommand.SetBits() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .argument({ $0.address = $1 }),
            .optionalArgument({ $0.mask = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<WholeRegisterAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let clear = FastCommand(
        { MMIOCommand.ClearBits() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .argument({ $0.address = $1 }),
            .optionalArgument({ $0.mask = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<WholeRegisterAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let dump = FastCommand(
        { MMIOCommand.Dump() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .flag(["--verbose", "-v"], { $0.verbose = $1 }),
            .flag(["--raw"], { $0.raw = $1 }),
            .optionalArgument({ $0.address = $1 }),
            .optionalArgument({ $0.length = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<WholeRegisterAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let load = FastCommand(
        { MMIOCommand.Load() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .argument({ $0.address = $1 }),
            .argument({ $0.file = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<ImageStore>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let poll = FastCommand(
        { MMIOCommand.Poll() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .option(["--mask"], { $0.mask = $1 }),
            .option(["--value"], { $0.value = $1 }),
            .option(["--timeout"], { $0.timeout = $1 }),
            .option(["--interval"], { $0.interval = $1 }),
            .argument({ $0.address = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<WholeRegisterAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let expect = FastCommand(
        { MMIOCommand.Expect() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .option(["--mask"], { $0.mask = $1 }),
            .argument({ $0.address = $1 }),
            .argument({ $0.value = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<FieldAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let watch = FastCommand(
        { MMIOCommand.Watch() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .option(["--interval"], { $0.interval = $1 }),
            .option(["--timeout"], { $0.timeout = $1 }),
            .option(["--changes"], { $0.changes = $1 }),
            .argument({ $0.address = $1 }),
            .optionalArgument({ $0.length = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<WholeRegisterAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let diff = FastCommand(
        { MMIOCommand.Diff() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .option(["--width", "-w"], { $0.access.width = $1 }),
            .option(["--bits"], { $0.access.bits = $1 }),
            .flag(["--unaligned"], { $0.access.unaligned = $1 }),
            .flag(["--dry-run"], { $0.access.dryRun = $1 }),
            .flag(["--trace"], { $0.access.trace = $1 }),
            .option(["--endian"], { $0.access.endian = $1 }),
            .option(["--regs"], { $0.access.regs = $1 }),
            .flag(["--force"], { $0.access.force = $1 }),
            .option(["--peripheral"], { $0.access.peripheral = $1 }),
            .flag(["--strict"], { $0.access.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .argument({ $0.address = $1 }),
            .optionalArgument({ $0.file = $1 }),
            .flag(["--reset"], { $0.reset = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.access = AccessOptions<WholeRegisterAccess>()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2000000, { try $0.output.validate() }),
            .fields(0x1ff8000, { try $0.access.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let sleep = FastCommand(
        { MMIOCommand.Sleep() },
        [
            .argument({ $0.duration = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
        ],
        groups: {
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x2, { try $0.output.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let batch = FastCommand(
        { MMIOCommand.Batch() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .flag(["--dry-run"], { $0.dryRun = $1 }),
            .flag(["--trace"], { $0.trace = $1 }),
            .option(["--regs"], { $0.regs = $1 }),
            .flag(["--force"], { $0.force = $1 }),
            .flag(["--strict"], { $0.strict = $1 }),
            .option(["--peripheral"], { $0.peripheral = $1 }),
            .option(["--endian"], { $0.endian = $1 }),
            .flag(["--stats"], { $0.stats = $1 }),
            .optionalArgument({ $0.file = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x8000, { try $0.output.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ])

    static let list = FastCommand(
        { MMIOCommand.List() },
        [
            .flag(["--pci"], { $0.pci = $1 }),
            .flag(["--uio"], { $0.uio = $1 }),
            .flag(["--platform"], { $0.platform = $1 }),
            .option(["-s", "--slot"], { $0.slot = $1 }),
            .option(["-d", "--device"], { $0.device = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .option(["-i", "--pci-ids"], { $0.pciIDs = $1 }),
            .option(["--sysfs-root"], { $0.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.system.procRoot = $1 }),
        ],
        groups: {
            $0.output = OutputOptions()
            $0.system = RootOptions()
        },
        checks: [
            .fields(0x380, { try $0.system.validate() }),
            .fields(0x20, { try $0.output.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let info = FastCommand(
        { MMIOCommand.Info() },
        [
            .option(["-s", "--slot"], { $0.target.slot = $1 }),
            .option(["-d", "--device"], { $0.target.device = $1 }),
            .option(["-b", "--bar"], { $0.target.bar = $1 }),
            .flag(["--wc"], { $0.target.writeCombining = $1 }),
            .flag(["--config"], { $0.target.config = $1 }),
            .flag(["--vfio"], { $0.target.vfio = $1 }),
            .option(["-u", "--uio"], { $0.target.uio = $1 }),
            .option(["-m", "--map"], { $0.target.map = $1 }),
            .option(["-f", "--file"], { $0.target.file = $1 }),
            .option(["-P", "--platform"], { $0.target.platform = $1 }),
            .option(["-r", "--region"], { $0.target.region = $1 }),
            .flag(["-p", "--port"], { $0.target.port = $1 }),
            .option(["--sysfs-root"], { $0.target.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.target.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.target.system.procRoot = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .optionalArgument({ $0.address = $1 }),
        ],
        groups: {
            $0.target = TargetOptions()
            $0.target.system = RootOptions()
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x8000, { try $0.output.validate() }),
            .fields(0x7000, { try $0.target.system.validate() }),
            .fields(0x7fff, { try $0.target.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let regs = FastCommand(
        { MMIOCommand.Regs() },
        [
            .option(["--regs"], { $0.regs = $1 }),
            .flag(["--strict"], { $0.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .optionalArgument({ $0.pattern = $1 }),
        ],
        groups: {
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x4, { try $0.output.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let decode = FastCommand(
        { MMIOCommand.Decode() },
        [
            .option(["--regs"], { $0.regs = $1 }),
            .flag(["--strict"], { $0.strict = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .flag(["--layout"], { $0.layout = $1 }),
            .argument({ $0.register = $1 }),
            .argument({ $0.value = $1 }),
        ],
        groups: {
            $0.output = OutputOptions()
        },
        checks: [
            .fields(0x4, { try $0.output.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })

    static let devmem = FastCommand(
        { MMIOCommand.Devmem() },
        [
            .argument({ $0.address = $1 }),
            .optionalArgument({ $0.width = $1 }),
            .optionalArgument({ $0.value = $1 }),
            .flag(["--json"], { $0.output.json = $1 }),
            .option(["--sysfs-root"], { $0.system.sysfsRoot = $1 }),
            .option(["--dev-root"], { $0.system.devRoot = $1 }),
            .option(["--proc-root"], { $0.system.procRoot = $1 }),
        ],
        groups: {
            $0.output = OutputOptions()
            $0.system = RootOptions()
        },
        checks: [
            .fields(0x70, { try $0.system.validate() }),
            .fields(0x8, { try $0.output.validate() }),
            .always({ try $0.validate() }),
        ],
        request: { try $0.request() })
}
