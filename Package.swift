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
        // C libraries from Debian, each a module map plus a shim header (libcurl and libarchive:
        // C targets that open them on first use, below).
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // wait-status macros, variadic ptrace/ioctl, PTRACE_GET_SYSCALL_INFO.
        .target(name: "CSystem"),
        // libcurl, opened with dlopen on the first download rather than linked: its thirty
        // dependencies would cost every start of barracks ~4.5 ms (see include/CCurl.h).
        .target(name: "CCurl", dependencies: ["CSystem"], linkerSettings: [.linkedLibrary("dl")]),
        // libarchive likewise, on the first archive read or written (see include/CArchive.h).
        .target(name: "CArchive", dependencies: ["CSystem"], linkerSettings: [.linkedLibrary("dl")]),

        // Typed wrappers over system calls: errors, descriptors, mmap, locks, processes.
        .target(name: "POSIX", dependencies: ["CSystem"]),

        // Pure-Swift ELF reader: headers, dynamic section, symbols, versions. No I/O.
        .target(name: "ELF"),

        // What a root's dynamic loader will do with a program: library search, symbol lookup
        // (musl's rules, or glibc's), import classification and a verdict.
        .target(name: "Linkage", dependencies: ["ELF", "POSIX"]),

        // Downloads (libcurl: TLS, retries, resume, parallel transfers), SHA-1/SHA-256
        // (libcrypto) and the content-addressed cache.
        .target(name: "Fetch", dependencies: ["POSIX", "CCurl", "CCrypto"]),

        // Safe extraction (zip, tar, gzip members), tar streams with PAX records, and the
        // deterministic tar.gz writer.
        .target(name: "Archive", dependencies: ["POSIX", "CArchive", "CZlib"]),

        // Alpine's package formats and trust: APKINDEX and .PKGINFO parsing, apk version
        // ordering, dependency resolution, Alpine's public keys, RSA signature checks; and the
        // provisioner (Provision/): verified packages into a cached root, natively or with apk.static.
        .target(name: "Alpine", dependencies: ["CCrypto", "POSIX", "Fetch", "Archive"], exclude: ["Keys"]),

        // The bubblewrap command line, the bundle's launcher script, host checks.
        .target(name: "Sandbox", dependencies: ["POSIX"]),

        // Strict JSON with paths: parse (line, column), read objects refusing unknown fields,
        // write canonically. For the policy, the manifest, the lock file and bundle.json.
        .target(name: "JSONDocument"),

        // Seccomp policies: model, libseccomp compiler, cBPF evaluator (proof and cost), OCI profile.
        .target(name: "Seccomp", dependencies: ["CSeccomp", "POSIX", "JSONDocument"]),

        // Learning a policy from the program itself: the ptrace supervisor that runs it under a
        // TRACE filter, and the importer of kernel/audit seccomp records (with loss proofs).
        // Apart from Seccomp so the policy library carries no process control.
        .target(name: "Learning", dependencies: ["Seccomp", "POSIX", "CSystem"]),

        // The build pipeline: manifest, lock file, inputs, root, app, closure, policy, launcher,
        // bundle.json, atomic replacement; verify.
        .target(name: "Builder", dependencies: ["POSIX", "JSONDocument", "ELF", "Linkage", "Fetch", "Archive", "Alpine", "Seccomp", "Learning", "Sandbox"]),

        // The command-line tool.
        .executableTarget(name: "barracks", dependencies: ["POSIX", "ELF", "Linkage", "Seccomp", "Fetch", "Alpine", "Sandbox", "Learning", "Builder"]),

        // Runs library code for bench/*.sh (make bench), beside the tools it is compared with.
        .executableTarget(name: "barracks-bench", dependencies: ["POSIX", "Fetch", "Seccomp", "Archive", "Alpine", "Learning", "Sandbox", "Builder"],
                          path: "Benchmarks/BarracksBench"),

        // Helpers shared by the test targets (temporary directories, running the binary,
        // compiling fixtures, the sandbox requirement switch).
        .target(name: "TestSupport", dependencies: ["POSIX"], path: "Tests/TestSupport"),
        .testTarget(name: "POSIXTests", dependencies: ["POSIX", "TestSupport"]),
        .testTarget(name: "ELFTests", dependencies: ["ELF", "POSIX", "TestSupport"], exclude: ["Regressions"]),
        .testTarget(name: "LinkageTests", dependencies: ["Linkage", "ELF", "POSIX", "TestSupport"]),
        // barracks-bench is the second process of the concurrent-download test.
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "TestSupport", "barracks-bench"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "POSIX", "TestSupport"]),
        .testTarget(name: "SeccompTests", dependencies: ["Seccomp", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Seccomp", "Sandbox", "POSIX", "TestSupport"]),
        // Seccomp and Sandbox: the build tests read the compiled filter and the launcher's flags.
        .testTarget(name: "BuilderTests", dependencies: ["Builder", "JSONDocument", "POSIX", "Seccomp", "Sandbox", "TestSupport"]),
        .testTarget(name: "AlpineTests", dependencies: ["Alpine", "Fetch", "Archive", "POSIX", "TestSupport"]),
        // Builder: the interruption tests stop the binary at each of its BuildStep cases; the
        // escape probes learn the probe's policy with the Learning module.
        .testTarget(name: "barracksTests", dependencies: ["barracks", "Builder", "TestSupport", "POSIX", "Seccomp", "Sandbox", "Learning"]),
        // Depends on barracks-bench so the deterministic-writer tests can run it in a child
        // process with another cwd, umask and TZ.
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport", "barracks-bench"]),
    ]
)
