import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// `mmio`: peek and poke memory-mapped device registers.
public struct MMIOCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mmio",
        abstract: "Peek and poke memory-mapped device registers.",
        discussion: """
            Targets: physical memory (default, through /dev/mem), a PCI BAR (-s/-d, -b; --vfio \
            through VFIO), PCI config space (-s/-d --config), a UIO map (-u, -m), x86 I/O ports \
            (-p) or any mmap-able file (-f). Every access is one load or store of exactly \
            the width asked for.

            EXIT STATUS: 0 success; 1 error; 2 poll timed out; 3 a check failed (write \
            --verify, expect, diff); 4 bus error; 64 usage error; 130, 143 stopped by a signal \
            (SIGINT, SIGTERM); 141 batch output closed with lines left.
            """,
        version: BuildInfo.version,
        subcommands: [
            Read.self, Write.self, SetBits.self, ClearBits.self, Dump.self, Load.self, Poll.self,
            Expect.self, Watch.self, Diff.self, Sleep.self, Batch.self, List.self, Info.self, Regs.self, Decode.self, Devmem.self,
        ])

    public init() {}
}
