import Foundation

extension EscapeProbe {
    /// Judges the probe from what it reported in ``EscapeProbeFindings``. Each case states the
    /// only outcome that counts as blocked, and names the barrier by what the kernel answered
    /// (ENOENT: the path is not in the sandbox's mount namespace; EROFS: a read-only bind;
    /// ESRCH: not in the PID namespace; EPERM from mount or capset: no capabilities; …).
    func verdict(in findings: EscapeProbeFindings) -> Verdict {
        let run = findings.contained
        let control = findings.control
        func field(_ key: String) -> String { run[attack, key] ?? "(no answer: \(run.status))" }
        func host(_ key: String) -> String { control[attack, key] ?? "?" }

        switch self {
        case .readShadow:
            let direct = field("open"), viaProc = field("via-proc1-root")
            let evidence = "open: \(direct), via /proc/1/root: \(viaProc) (host: \(host("open")))"
            return direct == "ENOENT" && viaProc == "ENOENT" ? .blocked(by: .mountNamespace, evidence) : .notBlocked(evidence)

        case .readRoot, .readHome:
            let entries = field("entries")
            let evidence = "\(entries == "-" ? "empty" : entries) (host: \(host("entries").split(separator: ",").count) entries)"
            return entries == "ENOENT" || entries == "-" ? .blocked(by: .mountNamespace, evidence) : .notBlocked(evidence)

        case .hostEnviron:
            let comm = bytes(fromHex: field("comm")).map { String(decoding: $0, as: UTF8.self) }?.trimmingCharacters(in: .newlines)
            let raw = field("environ")
            let environ = raw == "-" ? [] : bytes(fromHex: raw)
            let text = environ.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let hostVariables = findings.hostInitEnviron.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let hostAnswer = control["proc1-environ", "environ"] ?? "?"
            let hostShown = bytes(fromHex: hostAnswer).map { "\($0.count) bytes" } ?? hostAnswer
            guard let environ else { return .notBlocked("/proc/1/environ: \(raw)") }
            if text.contains(findings.canary.value) {
                return .notBlocked("PID 1 is \(comm ?? "?"), and its environment is the launcher's: \(findings.canary.name) is readable inside")
            }
            let evidence = "PID 1 is the sandbox's \(comm ?? "?"); environ \(environ.count) bytes, no host variable (host's: \(hostShown))"
            return comm == "bwrap" && (environ.isEmpty || text != hostVariables)
                ? .blocked(by: .pidNamespace, evidence) : .notBlocked(evidence)

        case .listProcesses:
            let pids = field("pids").split(separator: ",").map(String.init)
            let evidence = "sees pids \(pids.joined(separator: ",")) (host: \(host("pids").split(separator: ",").count))"
            return !pids.isEmpty && Set(pids).isSubset(of: ["1", field("self")]) ? .blocked(by: .pidNamespace, evidence) : .notBlocked(evidence)

        case .writeApp, .writeRoot, .writeLoader:
            let keys = self == .writeApp ? ["create", "modify", "chmod"] : self == .writeRoot ? ["create", "mkdir"] : ["loader", "link", "unlink"]
            let answers = keys.map { "\($0): \(field($0))" }.joined(separator: ", ")
            let evidence = answers + (self == .writeApp ? " (host: create \(host("create")))" : "")
            return keys.allSatisfy({ field($0) == "EROFS" }) ? .blocked(by: .readOnlyBind, evidence) : .notBlocked(evidence)

        case .stateSymlinkPasswd:
            let answer = field("passwd")
            let reached = bytes(fromHex: answer)
            let hostReached = control[attack, "passwd"].flatMap(bytes(fromHex:)) == findings.hostPasswd ? "reads /etc/passwd" : "?"
            let evidence = "open: \(reached == nil ? answer : "\(reached!.count) bytes") (host: \(hostReached))"
            return reached == nil || reached != findings.hostPasswd ? .blocked(by: .mountNamespace, evidence) : .notBlocked(evidence)

        case .stateSymlinkUp:
            let up = field("up"), root = field("root")
            let evidence = "lists the sandbox's / (\(up)), /etc/shadow through it: \(field("up-shadow")) (host: leaves the bundle)"
            return up == root && field("up-shadow") == "ENOENT" ? .blocked(by: .mountNamespace, evidence) : .notBlocked("lists \(up), not the sandbox's / (\(root))")

        case .gainCapabilities:
            let sets = ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]
            let empty = sets.allSatisfy { field($0) == "0000000000000000" }
            let evidence = (empty ? "CapInh/Prm/Eff/Bnd/Amb all 0" : sets.map { "\($0)=\(field($0))" }.joined(separator: " "))
                + ", capset: \(field("capset")), ambient raise: \(field("ambient"))"
            return empty && field("capset") == "EPERM" && field("ambient") == "EPERM" ? .blocked(by: .capabilities, evidence) : .notBlocked(evidence)

        case .unshareUserNamespace:
            let evidence = "CLONE_NEWUSER: \(field("userns")) (CLONE_NEWNS: \(field("mountns")))"
            return field("userns") == "ENOSPC" ? .blocked(by: .userNamespaceLimit, evidence) : .notBlocked(evidence)

        case .ptraceHost:
            let evidence = "PTRACE_SEIZE pid \(findings.hostPid): \(field("seize")), kill(0): \(field("signal"))"
            return field("seize") == "ESRCH" && field("signal") == "ESRCH" ? .blocked(by: .pidNamespace, evidence) : .notBlocked(evidence)

        case .mount:
            let evidence = "tmpfs: \(field("tmpfs")), remount / rw: \(field("remount-rw"))"
            return field("tmpfs") == "EPERM" && field("remount-rw") == "EPERM" ? .blocked(by: .capabilities, evidence) : .notBlocked(evidence)

        case .tiocsti:
            let answer = findings.tiocsti[attack, "inject"] ?? "(no answer: \(findings.tiocsti.status))"
            let landed = findings.tiocstiLanded.isEmpty ? "nothing landed" : "\(findings.tiocstiLanded.count) byte(s) landed"
            let hostLanded = String(decoding: findings.tiocstiControlLanded, as: UTF8.self)
            let evidence = "ioctl: \(answer), \(landed) (host: \(findings.tiocstiControl[attack, "inject"] ?? "?"), \"\(hostLanded)\" landed)"
            return answer == "EPERM" && findings.tiocstiLanded.isEmpty ? .blocked(by: .newSession, evidence) : .notBlocked(evidence)

        case .loopbackTCP, .abstractUnix:
            let key = self == .loopbackTCP ? "tcp" : "abstract-unix"
            let arrived = self == .loopbackTCP ? findings.containedConnections.tcp : findings.containedConnections.abstractUnix
            let hostArrived = self == .loopbackTCP ? findings.controlConnections.tcp : findings.controlConnections.abstractUnix
            let evidence = "connect: \(field(key)), \(arrived) arrived (host: \(host(key)), \(hostArrived) arrived)"
            return field(key) == "ECONNREFUSED" && arrived == 0 ? .blocked(by: .networkNamespace, evidence) : .notBlocked(evidence)

        case .ptraceInit, .keyctl, .bpf, .perfEventOpen, .userfaultfd, .kexecLoad, .x32, .nativeNumbers, .foreignNumber:
            guard let killed = findings.killed[attack] else { return .notBlocked("not run") }
            let open = self == .x32 ? findings.x32WithoutSeccomp : findings.withoutSeccomp
            let key = self == .ptraceInit ? "seize" : "result"
            let without = open.killedBySeccomp(at: attack) ? "killed too (the arch check)" : open[attack, key] ?? "?"
            let evidence = "killed by SIGSYS at the call (without seccomp: \(without))"
            return killed.killedBySeccomp(at: attack) ? .blocked(by: .seccomp, evidence) : .notBlocked("\(killed)")
        }
    }
}
