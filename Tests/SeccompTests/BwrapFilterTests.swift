import Foundation
import POSIX
import Seccomp
import Testing
import TestSupport

/// The filter as the bundle uses it: loaded by the real bubblewrap, whose own native code
/// (the exec, the PID-1 reaper) runs under it. Exit statuses are bwrap's: 159 = SIGSYS.
@Suite struct BwrapFilterTests {
    static let sandbox = ["--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    static let program = Fixtures.policy(["x86": ["write", "exit_group", "getpid"]])

    func filter(native: [String]) throws -> CompiledFilter {
        let filter = try FilterCompiler.compile(Self.program, additions: [PolicyAddition(arch: "x86_64", syscalls: native, origin: .bwrap)])
        #expect(try filter.verify().proven)
        return filter
    }

    @Test func bwrapStartsTheProgramWithExactlyItsNativeNeeds() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .gcc32, .seccomp)
        try withScratch("bwrap") { dir in
            let probe = try SyscallProbe(in: dir)
            let needs = BwrapNativeNeeds(BwrapLaunchFlags(bwrapArguments: Self.sandbox), arch: .x86_64)
            #expect(needs.syscalls == ["execve", "exit_group", "wait4", "write"])
            let path = try probe.write(try filter(native: needs.syscalls))
            let allowed = try probe.runUnderBwrap(path, options: Self.sandbox, probe.probe32, 20)
            #expect(allowed.status == .exited(0), "\(allowed.errorOutput)")
            #expect(SyscallProbe.result(of: allowed).map { $0 > 0 } == true)  // a PID inside the namespace

            // A syscall the policy does not allow: the program is killed, bwrap reports 128 + SIGSYS.
            let killed = try probe.runUnderBwrap(path, options: Self.sandbox, probe.probe32, 64)
            #expect(killed.status == .exited(159))
        }
    }

    @Test func withoutWait4TheReaperDiesAndTakesTheSandboxWithIt() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .gcc32, .seccomp)
        try withScratch("bwrap") { dir in
            let probe = try SyscallProbe(in: dir)
            let path = try probe.write(try filter(native: ["execve", "exit_group", "write"]))
            let result = try probe.runUnderBwrap(path, options: Self.sandbox, probe.probe32, 20)
            #expect(result.status == .exited(159))
        }
    }

    @Test func asPID1NeedsOnlyExecve() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .gcc32, .seccomp)
        try withScratch("bwrap") { dir in
            let probe = try SyscallProbe(in: dir)
            let options = Self.sandbox + ["--as-pid-1"]
            let needs = BwrapNativeNeeds(BwrapLaunchFlags(bwrapArguments: options), arch: .x86_64)
            #expect(needs.syscalls == ["execve"])
            let path = try probe.write(try filter(native: needs.syscalls))
            let result = try probe.runUnderBwrap(path, options: options, probe.probe32, 20)
            #expect(result.status == .exited(0), "\(result.errorOutput)")
            #expect(SyscallProbe.result(of: result) == 1)  // the program is PID 1

            let noNative = try probe.write(try filter(native: []), as: "none.bpf")
            #expect(try probe.runUnderBwrap(noNative, options: options, probe.probe32, 20).status == .exited(159))
        }
    }
}
