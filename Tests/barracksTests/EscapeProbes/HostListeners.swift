#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// What the probe's `loopback` attack tries to reach on the host: a TCP listener on
/// 127.0.0.1 and an abstract Unix socket (`@name`, which belongs to the host's network
/// namespace as well). Both never accept on their own, so a test can ask afterwards whether
/// anybody connected.
final class HostListeners: @unchecked Sendable {
    let tcpPort: Int
    let abstractName: String
    private let tcp: Int32
    private let local: Int32

    init() throws {
        tcp = try systemCall("socket") { socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let tcp = self.tcp
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try systemCall("bind") { bind(tcp, raw, length) }
                try systemCall("getsockname") { getsockname(tcp, raw, &length) }
            }
        }
        try systemCall("listen") { listen(tcp, 8) }
        tcpPort = Int(UInt16(bigEndian: address.sin_port))

        abstractName = "barracks-escape-probe-\(getpid())-\(tcpPort)"
        local = try systemCall("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0) }
        var name = sockaddr_un()
        name.sun_family = sa_family_t(AF_UNIX)
        let nameBytes = Array(abstractName.utf8)
        withUnsafeMutableBytes(of: &name.sun_path) { path in
            for (index, byte) in nameBytes.enumerated() { path[index + 1] = byte }  // path[0] = 0: abstract
        }
        let nameLength = socklen_t(MemoryLayout<sa_family_t>.size + 1 + nameBytes.count)
        let local = self.local
        _ = try withUnsafePointer(to: &name) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try systemCall("bind") { bind(local, raw, nameLength) }
            }
        }
        try systemCall("listen") { listen(local, 8) }
    }

    deinit {
        close(tcp)
        close(local)
    }

    /// How many connections arrived since the last call, on each listener (accepted and closed).
    func drain() -> (tcp: Int, abstractUnix: Int) {
        (Self.drain(tcp), Self.drain(local))
    }

    private static func drain(_ socket: Int32) -> Int {
        var count = 0
        while true {
            let connection = accept(socket, nil, nil)
            if connection < 0 { return count }
            close(connection)
            count += 1
        }
    }
}
