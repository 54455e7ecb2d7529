// barracks-bench: runs one piece of barracks' library code on the given inputs, so that
// bench/*.sh can time it side by side with the tools a user would otherwise use.
// Usage: barracks-bench TASK [ARGUMENTS…]   (tasks are listed in BenchTasks.swift)
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let task = benchTasks[name] else {
    let names = benchTasks.keys.sorted().joined(separator: ", ")
    FileHandleWriter.standardError("usage: barracks-bench TASK [ARGUMENTS…]; tasks: \(names)\n")
    exit(2)
}
do {
    try task(Array(arguments.dropFirst()))
} catch {
    FileHandleWriter.standardError("barracks-bench \(name): \(error)\n")
    exit(1)
}
