/// `bundle.json`: what a bundle was built from and every file it holds. The same inputs
/// give the same bytes (no times, no absolute paths, entries sorted).
public struct BundleRecord: Sendable, Equatable {
    public static let formatVersion = 1

    public struct Input: Sendable, Equatable {
        public var url: String
        public var sha256: String

        public init(url: String, sha256: String) {
            self.url = url
            self.sha256 = sha256
        }
    }

    public struct Package: Sendable, Equatable {
        public var name: String
        public var version: String
        public var arch: String
        /// The index's `C:` identity (`Q1…`).
        public var checksum: String

        public init(name: String, version: String, arch: String, checksum: String) {
            self.name = name
            self.version = version
            self.arch = arch
            self.checksum = checksum
        }
    }

    public var name: String
    /// `barracks 0.1.0`.
    public var tool: String
    /// A digest of everything the build was made from (tool, manifest, policy file, app,
    /// root): a rebuild with the same inputs and an intact bundle has nothing to do.
    public var inputs: String = ""
    public var app: Input
    public var entry: String
    public var mount: String
    /// The program's PT_INTERP, and the link made for it (if any).
    public var interpreter: String?
    public var loaderLink: String?
    public var alpineArch: String
    public var indexes: [Input]
    public var packages: [Package]
    public var seccomp: Seccomp
    /// How the launcher starts the program (so `learn` and `doctor` can act on a bundle
    /// without its manifest).
    public var sandbox: Sandbox
    public var files: [FileRecord]

    public struct Sandbox: Sendable, Equatable {
        public var args: [String]
        public var state: [String]
        public var network: String
        public var resolvConf: Bool
        public var proc: Bool
        public var env: [String: String]

        public init(args: [String], state: [String], network: String, resolvConf: Bool, proc: Bool, env: [String: String]) {
            self.args = args
            self.state = state
            self.network = network
            self.resolvConf = resolvConf
            self.proc = proc
            self.env = env
        }
    }

    public struct Seccomp: Sendable, Equatable {
        /// `learned`, `unlearned` or `disabled`.
        public var status: String
        public var defaultAction: String
        public var filterSHA256: String?
        public var instructions: Int?

        public init(status: String, defaultAction: String, filterSHA256: String?, instructions: Int?) {
            self.status = status
            self.defaultAction = defaultAction
            self.filterSHA256 = filterSHA256
            self.instructions = instructions
        }
    }

    public init(name: String, tool: String, app: Input, entry: String, mount: String, interpreter: String?,
                loaderLink: String?, alpineArch: String, indexes: [Input], packages: [Package], seccomp: Seccomp,
                sandbox: Sandbox, files: [FileRecord]) {
        self.name = name
        self.tool = tool
        self.app = app
        self.entry = entry
        self.mount = mount
        self.interpreter = interpreter
        self.loaderLink = loaderLink
        self.alpineArch = alpineArch
        self.indexes = indexes
        self.packages = packages
        self.seccomp = seccomp
        self.sandbox = sandbox
        self.files = files
    }
}
