#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Learning
import POSIX
import Sandbox
import Seccomp

/// `barracks learn`: runs a bundle's own launcher with a learning filter (its policy's allow
/// rules, everything else traced) under the ptrace learner, merges every syscall the program
/// made into `seccomp/policy.json` (learning only adds), and installs the recompiled filter.
/// The learning filter never reaches the bundle: it lives in a memfd for the run.
public struct BundleLearning: Sendable {
    public struct Options: Sendable {
        /// Arguments for the program (after the manifest's own).
        public var arguments: [String] = []
        /// Stop the program after this many seconds (SIGTERM, then SIGKILL after a grace period).
        public var duration: Double?
        /// A shell command run against the sandboxed program meanwhile; learning ends when it does.
        public var exercise: String?
        /// Turn argument values seen into conditions where seccomp can enforce them.
        public var conditions = false
        /// Import kernel/journald/auditd seccomp records from this file (`-`: standard input)
        /// instead of running the program.
        public var fromLog: String?
        public init() {}
    }

    /// What learning found and did.
    public struct Outcome: Sendable {
        /// Syscalls the policy did not have before, per arch.
        public var added: [String: [String]]
        public var policy: Policy
        public var record: BundleRecord
        /// How the program ended (nil when imported from a log).
        public var exitStatus: ExitStatus?
        public var stopReason: String?
        public var exerciseFailure: String?
        /// For `--from-log`: what the import proved was lost, and lines it could not read.
        public var loss: LossReport?
        public var malformedLines: Int
        /// Syscall numbers no table names (never in a policy).
        public var unnamed: [String]
    }

    public let layout: BundleLayout
    public let options: Options
    public let toolVersion: String

    public init(layout: BundleLayout, options: Options, toolVersion: String) {
        self.layout = layout
        self.options = options
        self.toolVersion = toolVersion
    }

    public func run(note: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        let record = try BundleVerifier.record(of: layout)
        let before = try PolicyFile.read(layout.seccomp + "/policy.json")
        var calls = LearnedCalls()
        var outcome = Outcome(added: [:], policy: before, record: record, exitStatus: nil, stopReason: nil,
                              exerciseFailure: nil, loss: nil, malformedLines: 0, unnamed: [])
        if let log = options.fromLog {
            let importer = AuditLogImporter(filter: AuditRecordFilter(command: FileTree.lastComponent(of: record.entry)))
            let imported = log == "-" ? importer.importLog(try FileDescriptor.standardInput.readAll()) : try importer.importFile(log)
            calls = imported.calls
            outcome.loss = imported.loss
            outcome.malformedLines = imported.malformedCount
        } else {
            let result = try trace(before, note: note)
            calls = result.calls
            outcome.exitStatus = result.exitStatus
            outcome.stopReason = result.stopReason?.rawValue
            outcome.exerciseFailure = result.exerciseFailure
        }
        outcome.unnamed = calls.unnamed.keys.map { "\($0)" }.sorted()
        var policy = before
        policy.merge(try calls.policy(defaultAction: before.defaultAction, conditions: options.conditions))
        policy.learned = true
        for (arch, entries) in policy.arches {
            let known = Set(before.arches[arch]?.syscalls.keys.map { $0 } ?? [])
            let new = entries.syscalls.keys.filter { !known.contains($0) }.sorted()
            if !new.isEmpty { outcome.added[arch] = new }
        }
        outcome.policy = policy
        outcome.record = try PolicyUpdate(layout: layout, toolVersion: toolVersion).install(policy)
        return outcome
    }

    /// Runs the bundle's launcher under the learner with the learning filter.
    private func trace(_ policy: Policy, note: @escaping @Sendable (String) -> Void) throws -> LearningResult {
        let filter = try FilterCompiler.learningFilter(for: policy, additions: [BwrapNativeNeeds(.unsharePID).addition])
        let file = try LearningFilterFile(filter)
        let environment = ProcessInfo.processInfo.environment.merging([LauncherScript.learningFilterVariable: file.path]) { $1 }
        let command = LearningCommand(layout.launcher, options.arguments, environment: environment)
        let exercise = options.exercise
        let directory = layout.directory
        let interrupted = Interruption()
        return try withExtendedLifetime(file) {
            try Learner.run(command, options: LearningOptions(duration: options.duration)) { session in
                if let exercise {
                    note("exercise: \(exercise)")
                    var process = Subprocess("/bin/sh", ["-c", exercise], environment: ProcessInfo.processInfo.environment
                        .merging(["BARRACKS_BUNDLE": directory]) { $1 })
                    process.standardOutput = .inherit
                    process.standardError = .inherit
                    let result = try process.run()
                    guard result.status.succeeded else { throw LearnExerciseFailed(status: result.status) }
                } else {
                    // Until the program ends, the duration runs out, or the user presses Ctrl-C.
                    while !session.hasEnded && !interrupted.happened { usleep(100_000) }
                }
            }
        }
    }
}

/// The exercise command failed; what was learned until then is still kept.
struct LearnExerciseFailed: Error, CustomStringConvertible {
    let status: ExitStatus
    var description: String { "the exercise command ended with \(status)" }
}

/// Turns SIGINT and SIGTERM into a flag while learning, so Ctrl-C ends the run cleanly (the
/// program gets SIGTERM, what was learned is kept) instead of killing barracks.
final class Interruption: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let flag = NSLock()
    private var value = false

    init() {
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [weak self] in self?.set() }
            source.resume()
        }
    }

    deinit {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    private func set() { flag.lock(); value = true; flag.unlock() }

    var happened: Bool { flag.lock(); defer { flag.unlock() }; return value }
}
