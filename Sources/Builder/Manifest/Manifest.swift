/// What to build: a program (from a zip or tarball), the Alpine root it runs on, and how its
/// sandbox looks. Read from `manifests/<name>.json`; every field is documented in the README.
public struct Manifest: Sendable, Equatable {
    /// The bundle's name: `bundles/<name>/`. Lower-case letters, digits, `.`, `_`, `-`.
    public var name: String
    public var alpine: Alpine
    public var app: App
    public var sandbox: Sandbox
    public var seccomp: Seccomp
    /// The directory the manifest was read from: relative paths in it are relative to this.
    public var directory: String
    /// The bytes the manifest was read from: their digest is part of what decides whether a
    /// bundle is up to date. (Hashed by the build, so that the reader needs no crypto library
    /// and its fuzz target stays small.)
    public var source: [UInt8] = []

    /// The Alpine root: where packages come from, for which arch, and which ones.
    public struct Alpine: Sendable, Equatable {
        /// `https://dl-cdn.alpinelinux.org/alpine`, an `http://` mirror (signatures still
        /// checked), or a local directory.
        public var mirror: String
        /// `v3.24`, `edge` or `latest-stable`.
        public var branch: String
        public var repositories: [String]
        /// An Alpine arch (`x86`), or `nil` for "auto": taken from the entry's ELF header.
        public var arch: String?
        /// World constraints: `musl`, `gcompat`, `so:libstdc++.so.6`, `busybox>=1.36`.
        public var packages: [String]
        public var installer: Installer
        /// An extra directory of trusted public keys (beside Alpine's own, shipped with barracks).
        public var keys: String?
        /// Accept packages and indexes no trusted key signed. Warned about on every build.
        public var allowUntrusted: Bool
        /// A CA bundle to trust for the mirror's TLS certificate, beside the system's.
        public var caFile: String?
    }

    public enum Installer: String, Sendable, Equatable, CaseIterable {
        /// barracks installs the verified packages itself (no binary from the network runs).
        case native
        /// Alpine's own `apk.static` (from the signed `apk-tools-static` package) installs them.
        case apkStatic = "apk.static"
    }

    /// The program: where to get it and how to lay it out.
    public struct App: Sendable, Equatable {
        /// Where the zip or tarball is: `https://…`, `http://…` (then `sha256` is required),
        /// or a local path.
        public var url: String
        /// The archive's SHA-256; when absent it is trusted on first use and written to the lock.
        public var sha256: String?
        public var strip: Strip
        /// The program to start, relative to the app directory: `soldatserver`.
        public var entry: String
        /// Where the app directory appears inside the sandbox: `/soldat`.
        public var mount: String
        /// Arguments always passed to the program (the launcher's own arguments follow).
        public var args: [String]
        /// Paths under the app that the program writes, kept across rebuilds in `state/`.
        public var state: [String]
        /// The state paths written with a trailing "/": made as directories when the archive
        /// lacks them (the others as empty files: `banned.txt`).
        public var stateDirectories: [String] = []
        /// Extraction limits (a game server fits the defaults).
        public var maxSize: UInt64?
        public var maxEntries: UInt64?
    }

    public enum Strip: Sendable, Equatable {
        /// Strip the single top-level folder, whatever it is called (none if there is not one).
        case auto
        /// Strip this many leading path components.
        case components(Int)
    }

    public struct Sandbox: Sendable, Equatable {
        /// `host` shares the host's network (a server binding public ports); `none` gives only
        /// loopback.
        public var network: NetworkMode
        /// Bind the host's `/etc/resolv.conf` read-only (name resolution).
        public var resolvConf: Bool
        /// Mount `/proc` (programs that find themselves through `/proc/self/exe` need it).
        public var proc: Bool
        /// Environment variables inside (everything else is cleared).
        public var env: [String: String]

        public init(network: NetworkMode, resolvConf: Bool, proc: Bool, env: [String: String]) {
            self.network = network
            self.resolvConf = resolvConf
            self.proc = proc
            self.env = env
        }
    }

    public enum NetworkMode: String, Sendable, Equatable, CaseIterable {
        case host
        case none
    }

    public struct Seccomp: Sendable, Equatable {
        /// A policy file (relative to the manifest) to start from; learning adds to it.
        public var policy: String?
        /// What the filter does with a syscall not in the policy.
        public var defaultAction: String
    }

    /// `<directory>/<path>` for relative paths, `path` for absolute ones.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }
}
