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
        // wait-status macros, variadic ptrace/ioctl, PTRACE_GET_SYSCALL_INFO.
        .target(name: "CSystem"),

        // Typed wrappers over system calls: errors, descriptors, mmap, locks, processes.
        .target(name: "POSIX", dependencies: ["CSystem"]),

        // Pure-Swift ELF reader: headers, dynamic section, symbols, versions. No I/O.
        .target(name: "ELF"),

        // What a root's dynamic loader will do with a program: library search, symbol lookup
        // (musl's rules, or glibc's), import classification and a verdict.
        .target(name: "Linkage", dependencies: ["ELF", "POSIX"]),

        // Alpine's package formats and trust: APKINDEX and .PKGINFO parsing, apk version
        // ordering, dependency resolution, Alpine's public keys, RSA signature checks.
        .target(name: "Alpine", dependencies: ["CCrypto", "POSIX"], exclude: ["Keys"]),

        // The command-line tool.
        .executableTarget(name: "barracks", dependencies: ["POSIX", "ELF", "Linkage"]),

        // Runs library code for bench/*.sh (make bench), beside the tools it is compared with.
        .executableTarget(name: "barracks-bench", dependencies: ["POSIX"], path: "Benchmarks/BarracksBench"),

        // Helpers shared by the test targets (temporary directories, running the binary,
        // compiling fixtures, the sandbox requirement switch).
        .target(name: "TestSupport", dependencies: ["POSIX"], path: "Tests/TestSupport"),
        .testTarget(name: "POSIXTests", dependencies: ["POSIX", "TestSupport"]),
        .testTarget(name: "ELFTests", dependencies: ["ELF", "POSIX", "TestSupport"]),
        .testTarget(name: "LinkageTests", dependencies: ["Linkage", "ELF", "POSIX", "TestSupport"]),
        .testTarget(name: "AlpineTests", dependencies: ["Alpine", "POSIX", "TestSupport"]),
        .testTarget(name: "barracksTests", dependencies: ["barracks", "TestSupport"]),
    ]
)
