#if canImport(Glibc)
import Glibc
#endif
import CSystem
import Foundation
import POSIX

/// The ptrace learning supervisor (research §3.3): runs a command so that every process and
/// thread it starts is traced, and records each syscall its seccomp filter sends to the
/// tracer. With a ``Seccomp/LearningFilter`` (allow what is known, TRACE the rest) loaded by
/// bwrap, that is exactly the syscalls the policy lacks, with their arguments, and nothing is
/// lost: the kernel stops the caller until the learner has seen the call.
///
/// ```swift
/// let filter = try FilterCompiler.learningFilter(for: policy, additions: [needs.addition])
/// let file = try LearningFilterFile(filter)
/// var command = LearningCommand(bundle + "/run", arguments)
/// command.environment = environment.merging([LauncherScript.learningFilterVariable: file.path]) { $1 }
/// let result = try Learner.run(command, options: LearningOptions(duration: 60)) { session in
///     try runExercise()          // while the program runs; the run stops when it returns
/// }
/// policy.merge(try result.calls.policy(defaultAction: policy.defaultAction, conditions: wantArguments))
/// ```
public enum Learner {
    /// Runs `command` traced until it exits; with `exercise`, runs it on its own thread
    /// meanwhile and stops the command (``LearningSession/stop()``) when it returns or throws;
    /// with ``LearningOptions/duration``, stops the command when that runs out. Returns once
    /// the command, everything it started and the exercise are done.
    ///
    /// The exercise and the duration start when the command has exec'd; the program it starts
    /// may still be getting ready, so the exercise waits for it (a client retrying its first
    /// request). The exercise must end on its own (use timeouts; ``LearningSession/hasEnded``
    /// tells whether the command is gone). Throws ``LearningError`` when the command cannot
    /// start (an exec failing with ETXTBSY is retried, as ``POSIX/Subprocess`` does).
    public static func run(_ command: LearningCommand, options: LearningOptions = LearningOptions(),
                           exercise: (@Sendable (LearningSession) throws -> Void)? = nil) throws -> LearningResult {
        let path = try resolve(command)
        let outcome = Outcome<LearningResult>()
        // The tracer is a thread of its own: ptrace ties tracees to the thread that seized
        // them, and its waits must not reap children other threads of barracks spawned.
        let tracer = Thread {
            outcome.set(Result { try supervise(command, path: path, options: options, exercise: exercise) })
        }
        tracer.name = "barracks learner"
        tracer.start()
        return try outcome.wait()
    }

    private static func supervise(_ command: LearningCommand, path: String, options: LearningOptions,
                                  exercise: (@Sendable (LearningSession) throws -> Void)?) throws -> LearningResult {
        // ETXTBSY: a file just written (the launcher, by another thread) may still be open for
        // writing in a child some thread forked and that has not exec'd yet. It passes.
        var attempts = 1
        while true {
            do {
                return try superviseOnce(command, path: path, options: options, exercise: exercise)
            } catch let LearningError.cannotStart(_, step, code) where step == "exec" && code == ETXTBSY && attempts < 50 {
                attempts += 1
                usleep(10_000)
            }
        }
    }

    private static func superviseOnce(_ command: LearningCommand, path: String, options: LearningOptions,
                                      exercise: (@Sendable (LearningSession) throws -> Void)?) throws -> LearningResult {
        let (root, report) = try spawn(command, path: path)
        defer { close(report) }
        let tracer = Tracer(root: root, options: options)
        let session = LearningSession(rootProcess: root, duration: options.duration, gracePeriod: options.gracePeriod)
        let failure = Locked<String?>(nil)
        var companions: [Companion] = []
        // The clock and the exercise start once the command runs (its exec): a signal before
        // that would hit the half-made child, not the command.
        func started() {
            session.startClock()
            companions.append(Companion { session.watch() })
            if let exercise {
                companions.append(Companion {
                    do { try exercise(session) } catch { failure.value = String(describing: error) }
                    session.stop(.exerciseFinished)
                })
            }
        }
        func finish() {
            session.end()
            for companion in companions { companion.join() }
        }
        do {
            try tracer.run(commandStarted: started, rootExited: session.end)
        } catch {
            finish()
            throw error
        }
        finish()
        guard tracer.rootExeced else {
            var code: Int32 = 0
            let step = read(report, &code, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size ? "exec" : "start"
            throw LearningError.cannotStart(command: command.commandLine, step: step, errno: code == 0 ? ECHILD : code)
        }
        if let code = tracer.syscallInfoError {
            throw LearningError.unsupportedKernel(reason: "PTRACE_GET_SYSCALL_INFO failed at a seccomp stop: "
                                                  + String(cString: strerror(code)))
        }
        let (reason, killed) = session.outcome
        return LearningResult(calls: tracer.calls, ignored: tracer.ignored, exitStatus: tracer.rootStatus ?? .exited(0),
                              stopReason: reason, killed: killed, seccompStops: tracer.seccompStops,
                              foreignStops: tracer.foreignStops, exerciseFailure: failure.value)
    }

    /// Forks and seizes the command (in C: nothing but async-signal-safe calls between fork and exec).
    private static func spawn(_ command: LearningCommand, path: String) throws -> (pid_t, Int32) {
        let argv = [command.executable] + command.arguments
        let environment = command.environment.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        let redirect: [Int32] = [command.standardInput, command.standardOutput, command.standardError].map { $0?.rawValue ?? -1 }
        var report: Int32 = -1
        var failedCall: UnsafePointer<CChar>?
        let pid: pid_t = CStrings.with(argv) { cArgv in
            CStrings.with(environment) { cEnvironment in
                redirect.withUnsafeBufferPointer { redirect in
                    barracks_spawn_traced(path, cArgv, cEnvironment, command.workingDirectory, redirect.baseAddress,
                                          barracks_learning_ptrace_options(), &report, &failedCall)
                }
            }
        }
        guard pid > 0 else {
            let code = errno
            throw LearningError.cannotStart(command: command.commandLine, step: failedCall.map { String(cString: $0) } ?? "fork",
                                            errno: code)
        }
        return (pid, report)
    }

    /// The executable's path: as given when it has a slash, else the first match on `PATH`.
    static func resolve(_ command: LearningCommand) throws -> String {
        if command.executable.contains("/") { return command.executable }
        let searchPath = command.environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + command.executable
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw LearningError.notFound(executable: command.executable, searchPath: searchPath)
    }
}
