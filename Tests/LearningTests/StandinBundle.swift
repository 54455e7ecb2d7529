#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX
import Sandbox
import Seccomp
import TestSupport

/// A bundle-shaped directory around the stand-in server (as the Builder lays a bundle out):
/// a root made from Debian's i386 musl with the `ld-linux.so.2` link and the mount points,
/// the stand-in in `app/`, state paths `logs` and `banned.txt`, and the `run` script.
struct StandinBundle {
    let directory: String
    let port: Int
    let spec: SandboxSpec

    var run: String { directory + "/run" }
    var consoleLog: String { directory + "/state/logs/console.log" }
    var bannedList: String { directory + "/state/banned.txt" }

    /// Builds the stand-in (scripts/build-standin) and lays the bundle out in `scratch`; the
    /// server will listen on `port` and ask the DNS server at `nameserverPort` for its lobby.
    init(in scratch: String, port: Int, nameserverPort: Int) throws {
        let build = scratch + "/standin-build"
        let built = try TestSupport.run(Repository.root + "/scripts/build-standin", [build])
        guard built.status.succeeded else { throw WorkloadError("build-standin: \(built.errorOutput)") }
        directory = scratch + "/bundle"
        self.port = port
        let root = directory + "/rootfs"
        try MuslRoot.make(at: root)
        try MuslRoot.addGlibcLoaderLink(at: root)
        for path in ["proc", "dev", "tmp", "etc", "soldat"] { try FileTree.makeDirectories(root + "/" + path) }
        try writeFile(root + "/etc/resolv.conf", "")
        try FileTree.makeDirectories(directory + "/app/logs")
        try copyExecutable(from: build + "/standin", to: directory + "/app/standin")
        try writeFile(directory + "/app/banned.txt", "")
        try FileTree.makeDirectories(directory + "/state/logs")
        try writeFile(directory + "/state/banned.txt", "192.0.2.1:-1:old ban\n")
        spec = SandboxSpec(name: "standin", mountPoint: "/soldat", entry: "standin",
                           arguments: ["-p", String(port), "-ns", "127.0.0.1:\(nameserverPort)"],
                           statePaths: ["logs", "banned.txt"], seccomp: .unlearned)
        try writeLauncher(.unlearned)
    }

    /// (Re)writes `run` for `mode`.
    func writeLauncher(_ mode: SandboxSpec.SeccompMode) throws {
        var spec = self.spec
        spec.seccomp = mode
        try writeExecutable(run, LauncherScript(BwrapCommand(spec), toolVersion: "test").source)
    }

    /// What bwrap itself needs natively with the launcher's flags.
    var bwrapNeeds: BwrapNativeNeeds {
        BwrapNativeNeeds(BwrapLaunchFlags(bwrapArguments: BwrapCommand(spec).arguments(bundleDirectory: directory, hardening: true)))
    }

    /// Installs `filter` as the bundle's real filter and points the launcher at it.
    func install(_ filter: CompiledFilter) throws {
        try filter.write(to: directory + "/seccomp")
        let digest = try TestSupport.run("sha256sum", [directory + "/seccomp/filter.bpf"]).output.prefix(64)
        try writeLauncher(.filter(sha256: String(digest)))
    }

    /// The exercise: status queries and a ban over UDP (Tests/Support/standin-client.py), then
    /// waiting until the lobby lookup has been answered, so its calls are part of every run.
    /// Each run starts with an empty console log (``launch(_:prefix:name:)`` and learning
    /// runs clear it), so the lookup waited for is this run's.
    func exercise() throws {
        let client = try TestSupport.run("python3", [Repository.root + "/Tests/Support/standin-client.py", "-p", String(port),
                                                     "--wait-ready", "20", "STATUS", "BAN 203.0.113.7 aimbot", "STATUS"])
        guard client.status.succeeded, client.output.contains("< BANNED 203.0.113.7") else {
            throw WorkloadError("standin-client: \(client.output)\(client.errorOutput)")
        }
        try waitUntil(seconds: 10) { ((try? String(contentsOfFile: consoleLog, encoding: .utf8)) ?? "").contains("lobby: no address") }
    }

    /// Empties the stand-in's console log (a state file, kept across runs).
    func clearLog() throws {
        try writeFile(consoleLog, "")
    }

    /// Starts `run` (stdout and stderr into files beside the bundle) with `environment` added.
    func launch(_ environment: [String: String] = [:], prefix: [String] = [], name: String) throws -> RunningProcess {
        try clearLog()
        let all = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let command = prefix.isEmpty ? (run, [String]()) : (prefix[0], Array(prefix.dropFirst()) + [run])
        var process = Subprocess(command.0, command.1, environment: all)
        process.standardOutput = .descriptor(try FileDescriptor.open(directory + "/../\(name).out", O_WRONLY | O_CREAT | O_TRUNC))
        process.standardError = .descriptor(try FileDescriptor.open(directory + "/../\(name).err", O_WRONLY | O_CREAT | O_TRUNC))
        return try process.launch()
    }
}

/// A UDP port nothing listens on now (bound to 0 and released).
func freeUDPPort() throws -> Int {
    let socket = try UDPSocket()
    return socket.port
}

/// A DNS server on 127.0.0.1 that answers every query at once with "no such address"
/// (the query sent back with the response bit set and no answers), on its own thread.
final class DNSStub: @unchecked Sendable {
    private let socket: UDPSocket
    private let stopped = Locked(false)
    private let done = DispatchSemaphore(value: 0)
    var port: Int { socket.port }

    init() throws {
        socket = try UDPSocket(receiveTimeout: 0.1)
        let socket = self.socket, stopped = self.stopped, done = self.done
        Thread {
            while !stopped.value {
                guard var (datagram, peer) = socket.receive(), datagram.count >= 12 else { continue }
                datagram[2] |= 0x80  // QR: a response
                socket.send(datagram, to: &peer)
            }
            done.signal()
        }.start()
    }

    func stop() {
        stopped.value = true
        done.wait()
    }
}

/// A UDP socket on 127.0.0.1, port chosen by the kernel.
final class UDPSocket: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init(receiveTimeout: Double? = nil) throws {
        let descriptor = try systemCall("socket") { Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0) }
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try systemCall("bind") { bind(descriptor, raw, length) }
                try systemCall("getsockname") { getsockname(descriptor, raw, &length) }
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        if let receiveTimeout {
            var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1e6))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    deinit { close(descriptor) }

    func receive() -> ([UInt8], sockaddr_in)? {
        var buffer = [UInt8](repeating: 0, count: 1500)
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &peer) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, &buffer, buffer.count, 0, $0, &length) }
        }
        return count > 0 ? (Array(buffer.prefix(count)), peer) : nil
    }

    func send(_ bytes: [UInt8], to peer: inout sockaddr_in) {
        _ = withUnsafeMutablePointer(to: &peer) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
