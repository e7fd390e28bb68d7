#if canImport(Glibc)
import Glibc
#endif
import MMIOCLI

exit(MMIOEntry.run(Array(CommandLine.arguments.dropFirst())))
