/// One dependency token, as in `D:`, `i:`, `/etc/apk/world` and the manifest's `packages`:
/// `[!]name[@tag][op version]`, for example `musl`, `so:libc.musl-x86.so.1`,
/// `busybox>=1.35`, `!foo`, `python3~3.12`, `busybox><Q1…`.
public struct Dependency: Hashable, Sendable, CustomStringConvertible {
    /// The package or provided name (`so:`, `cmd:`, `pc:` names and paths included).
    public var name: String
    /// `!name`: nothing may provide `name` (matching the constraint, if any).
    public var isConflict: Bool
    /// `name@tag`: a tagged repository (world only; barracks does not support tags).
    public var tag: String?
    /// The version constraint; nil means any version.
    public var constraint: VersionConstraint?

    public init(name: String, isConflict: Bool = false, tag: String? = nil, constraint: VersionConstraint? = nil) {
        self.name = name
        self.isConflict = isConflict
        self.tag = tag
        self.constraint = constraint
    }

    /// Parses one token (apk's `apk_dep_parse`): the name runs up to the first of `<>=~`,
    /// the operator is the run of those characters, the version is the rest.
    public init(parsing token: some StringProtocol) throws(DependencyError) {
        let text = String(token)
        var rest = Substring(text)
        isConflict = rest.first == "!"
        if isConflict { rest = rest.dropFirst() }
        let comparers: Set<Character> = ["<", ">", "=", "~"]
        let nameEnd = rest.firstIndex(where: comparers.contains) ?? rest.endIndex
        var namePart = rest[..<nameEnd]
        let operatorEnd = rest[nameEnd...].firstIndex { !comparers.contains($0) } ?? rest.endIndex
        let operatorText = rest[nameEnd..<operatorEnd]
        let versionText = rest[operatorEnd...]
        if let at = namePart.firstIndex(of: "@") {
            tag = String(namePart[namePart.index(after: at)...])
            namePart = namePart[..<at]
            if tag?.isEmpty == true { throw DependencyError(token: text, problem: "empty repository tag after `@`") }
        } else {
            tag = nil
        }
        guard !namePart.isEmpty else { throw DependencyError(token: text, problem: "no package name") }
        guard namePart.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\0" }) else {
            throw DependencyError(token: text, problem: "the name holds a space, a control or a non-ASCII character")
        }
        name = String(namePart)
        if operatorText.isEmpty {
            constraint = nil
            return
        }
        guard let op = VersionConstraint.parseOperator(operatorText) else {
            throw DependencyError(token: text, problem: "unknown operator `\(operatorText)` (use =, <, <=, >, >=, ~, >~, <~ or ><)")
        }
        guard !versionText.isEmpty else { throw DependencyError(token: text, problem: "no version after `\(operatorText)`") }
        do { constraint = try VersionConstraint(op, String(versionText)) } catch {
            throw DependencyError(token: text, problem: error.problem)
        }
    }

    /// Parses a space-separated list (a `D:` or `i:` line, a `.PKGINFO install_if`); the
    /// tokens that fail are returned with their errors, in order, beside those that parse.
    public static func parseList(_ text: some StringProtocol) -> (dependencies: [Dependency], errors: [DependencyError]) {
        var dependencies: [Dependency] = []
        var errors: [DependencyError] = []
        for token in text.split(separator: " ", omittingEmptySubsequences: true) {
            do { dependencies.append(try Dependency(parsing: token)) } catch { errors.append(error) }
        }
        return (dependencies, errors)
    }

    /// Whether a package or provided name `name` at `version` (nil: an unversioned provide)
    /// meets this dependency, ignoring ``isConflict``. An unversioned provide meets only a
    /// dependency without a version.
    public func isMet(byName candidateName: String, version: ApkVersion?, identity: PackageChecksum? = nil) -> Bool {
        guard candidateName == name else { return false }
        guard let constraint else { return true }
        guard let version else { return false }
        return constraint.allows(version, identity: identity)
    }

    /// The token as apk writes it.
    public var description: String {
        (isConflict ? "!" : "") + name + (tag.map { "@" + $0 } ?? "") + (constraint?.description ?? "")
    }
}

/// A dependency token that does not parse.
public struct DependencyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The token as written.
    public var token: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "bad dependency `\(token)`: \(problem)" }
}

/// One provided name, as in `p:` and `.PKGINFO provides`: `so:libc.musl-x86.so.1=1`,
/// `cmd:busybox=1.36.1-r0`, or an unversioned ("virtual") name such as `/bin/sh`.
public struct Provide: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    /// The provided version; nil for a virtual name.
    public var version: ApkVersion?

    public init(name: String, version: ApkVersion? = nil) {
        self.name = name
        self.version = version
    }

    /// Parses `name` or `name=version`; any other operator, a conflict or a tag is refused.
    public init(parsing token: some StringProtocol) throws(DependencyError) {
        let dependency = try Dependency(parsing: token)
        guard !dependency.isConflict, dependency.tag == nil else {
            throw DependencyError(token: String(token), problem: "a provided name cannot be a conflict or carry a tag")
        }
        if let constraint = dependency.constraint, constraint.operator != .equal {
            throw DependencyError(token: String(token), problem: "a provided name takes `=version` only")
        }
        name = dependency.name
        version = dependency.constraint?.version
    }

    public var description: String { name + (version.map { "=" + $0.text } ?? "") }
}
