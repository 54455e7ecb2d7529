#if canImport(Glibc)
import Glibc
#endif

// A closed stdout (`barracks inspect … | head`) must end the program quietly, not kill it.
signal(SIGPIPE, SIG_IGN)
exit(BarracksCLI.run(Array(CommandLine.arguments.dropFirst())))
