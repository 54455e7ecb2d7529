#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// A real HTTP and HTTPS server on 127.0.0.1 serving a directory: `Tests/Support/httpserver.py`
/// (Python standard library), started for one test and stopped at its end.
///
///     try withLoopbackServer(serving: mirror) { server in
///         let url = server.url("/v3.24/main/x86/APKINDEX.tar.gz")            // http://127.0.0.1:PORT/…
///         let secure = server.url("/file.zip", tls: true)                    // https://…, trust server.caFile
///         let flaky = server.url("/file.zip", query: ["status": "500", "times": "2"])
///         …
///         #expect(try server.requests().count == 3)
///     }
///
/// Misbehaviour is optional and per URL (query parameters, see the script's header: status,
/// truncate, reset, stall, trickle, delay, redirect, chain, times, range=0, etag=0), or per
/// path through `misbehaviour:` for clients whose URLs are fixed. Every request is logged
/// (``requests()``), so a test can check what a client really sent.
public final class LoopbackServer: @unchecked Sendable {
    /// The directory served.
    public let root: String
    /// The plain-HTTP listener's port.
    public let httpPort: Int
    /// The HTTPS listener's port (`nil` when started with `tls: false`).
    public let httpsPort: Int?
    /// The PEM certificate of the throwaway CA that signed the HTTPS certificate (for IP
    /// 127.0.0.1): pass it as a CA file to trust the server.
    public let caFile: String?
    private let workDirectory: TemporaryDirectory
    private let process: RunningProcess

    /// The script, in the source tree.
    public static var script: String { Repository.root + "/Tests/Support/httpserver.py" }

    /// Starts the server on `root`; returns once it accepts connections. `misbehaviour` maps
    /// paths to query-style options applied to every request for that path.
    public init(serving root: String, tls: Bool = true, misbehaviour: [String: [String: String]] = [:]) throws {
        self.root = root
        workDirectory = try TemporaryDirectory(prefix: "barracks-httpserver.")
        let work = workDirectory.path
        var arguments = [Self.script, "--root", root, "--log", work + "/requests.jsonl"]
        if tls { arguments += ["--tls-dir", work + "/tls"] }
        if !misbehaviour.isEmpty {
            try JSONSerialization.data(withJSONObject: misbehaviour).write(to: URL(fileURLWithPath: work + "/config.json"))
            arguments += ["--config", work + "/config.json"]
        }
        let stdoutPath = work + "/stdout", stderrPath = work + "/stderr"
        let out = try FileDescriptor.open(stdoutPath, O_WRONLY | O_CREAT | O_TRUNC)
        let err = try FileDescriptor.open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC)
        // Debian's interpreter (scripts/install-deps installs it) starts in a tenth of a second;
        // a pyenv shim on PATH takes several. -I -S: standard library only, no site hooks.
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        var command = Subprocess(python, ["-I", "-S", "-u"] + arguments)
        command.standardOutput = .descriptor(out)
        command.standardError = .descriptor(err)
        let process: RunningProcess
        do {
            process = try command.launch()
            try? out.close()
            try? err.close()
        } catch {
            try? out.close()
            try? err.close()
            workDirectory.remove()
            throw error
        }
        self.process = process

        // The script prints one JSON line once both listeners accept connections.
        let deadline = Date().addingTimeInterval(20)
        var ready: [String: Any]?
        while ready == nil {
            let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first, text.contains("\n") {
                ready = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            } else if (try? process.poll()) != nil || Date() > deadline {
                process.signal(SIGKILL)
                _ = try? process.wait()
                let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                workDirectory.remove()
                throw LoopbackServerError(description: "httpserver.py did not start: \(stderr)")
            } else {
                usleep(10_000)
            }
        }
        httpPort = ready?["http"] as? Int ?? 0
        httpsPort = ready?["https"] as? Int
        caFile = ready?["ca"] as? String
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT/path` (or the https listener), with `query` appended.
    public func url(_ path: String, tls: Bool = false, query: [String: String] = [:]) -> String {
        let port = tls ? (httpsPort ?? 0) : httpPort
        var text = "\(tls ? "https" : "http")://127.0.0.1:\(port)\(path.hasPrefix("/") ? "" : "/")\(path)"
        if !query.isEmpty {
            text += (path.contains("?") ? "&" : "?") + query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: "&")
        }
        return text
    }

    /// Every request the server has answered (or begun answering) so far, in order.
    public func requests() throws -> [LoggedRequest] {
        let text = (try? String(contentsOfFile: workDirectory.path + "/requests.jsonl", encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            try JSONDecoder().decode(LoggedRequest.self, from: Data(line.utf8))
        }
    }

    /// Stops the server and removes its certificates and logs (also done on deinit).
    public func stop() {
        process.signal(SIGTERM)
        _ = try? process.wait()
        workDirectory.remove()
    }
}

/// One request as the loopback server saw it.
public struct LoggedRequest: Decodable, Sendable, Equatable {
    /// `GET` or `HEAD`.
    public let method: String
    /// `http` or `https`: which listener answered.
    public let scheme: String
    /// The path, percent-decoded, without the query.
    public let path: String
    /// The raw query string (`status=500&times=2`), empty when none.
    public let query: String
    /// The `Range` header, e.g. `bytes=1000-`.
    public let range: String?
    /// The conditional headers, as sent.
    public let ifRange: String?
    /// See ``ifRange``.
    public let ifNoneMatch: String?
    /// See ``ifRange``.
    public let ifModifiedSince: String?
    /// The status the server answered with.
    public let status: Int?

    enum CodingKeys: String, CodingKey {
        case method, scheme, path, query, range, status
        case ifRange = "if_range", ifNoneMatch = "if_none_match", ifModifiedSince = "if_modified_since"
    }
}

struct LoopbackServerError: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` with a loopback server on `root`, stopped when `body` returns.
@discardableResult
public func withLoopbackServer<R>(serving root: String, tls: Bool = true, misbehaviour: [String: [String: String]] = [:],
                                  _ body: (LoopbackServer) throws -> R) throws -> R {
    let server = try LoopbackServer(serving: root, tls: tls, misbehaviour: misbehaviour)
    defer { server.stop() }
    return try body(server)
}
