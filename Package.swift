// swift-tools-version: 6.0
//
// barracks: turn a legacy server program into a self-contained, sandboxed bundle.
// One module per concern; dependencies point one way (CLI → Builder → the rest → C libraries).
// See README.md ("Architecture") for what each module owns.
import PackageDescription

let package = Package(
    name: "barracks",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "barracks", targets: ["barracks"]),
    ],
    targets: [
        // C libraries from Debian, each a module map plus a shim header.
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // wait-status macros, variadic ptrace/ioctl, PTRACE_GET_SYSCALL_INFO.
        .target(name: "CSystem"),

        // Typed wrappers over system calls: errors, descriptors, mmap, locks, processes.
        .target(name: "POSIX", dependencies: ["CSystem"]),

        // Safe extraction (zip, tar, gzip members), tar streams with PAX records, and the
        // deterministic tar.gz writer.
        .target(name: "Archive", dependencies: ["POSIX", "CArchive", "CZlib"]),

        // The command-line tool.
        .executableTarget(name: "barracks", dependencies: ["POSIX"]),

        // Runs library code for bench/*.sh (make bench), beside the tools it is compared with.
        .executableTarget(name: "barracks-bench", dependencies: ["POSIX", "Archive"], path: "Benchmarks/BarracksBench"),

        // Helpers shared by the test targets (temporary directories, running the binary,
        // compiling fixtures, the sandbox requirement switch).
        .target(name: "TestSupport", dependencies: ["POSIX"], path: "Tests/TestSupport"),
        .testTarget(name: "POSIXTests", dependencies: ["POSIX", "TestSupport"]),
        .testTarget(name: "barracksTests", dependencies: ["barracks", "TestSupport"]),
        // Depends on barracks-bench so the deterministic-writer tests can run it in a child
        // process with another cwd, umask and TZ.
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport", "barracks-bench"]),
    ]
)
