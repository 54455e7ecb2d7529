import Fetch
import Foundation
import Testing
import TestSupport

/// What happens when the server or the connection misbehaves: which failures are retried,
/// which are not, and that a retried download still ends with the right bytes.
@Suite struct ServerFailureTests {
    @Test func notFoundFailsAtOnceWithAClearMessage() throws {
        try withServedFixture { fixture, server in
            let url = server.url("/missing.zip")
            let error = fetchError { _ = try fixture.fetcher.fetch(FetchRequest(url, integrity: .verifiedLater("test"))) }
            #expect(error?.reason == .httpStatus(404))
            #expect(error?.description == "HTTP 404 from \(url): the file is not there; check the URL in the manifest")
            let log = try server.requests()
            #expect(log.count == 1)  // 4xx is never retried
            #expect(fixture.blobs().isEmpty)
        }
    }

    @Test func serverErrorsAreRetriedUntilSuccess() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 100_000)
            let url = server.url("/app.zip", query: ["status": "500", "times": "2"])
            var retries: [Int] = []
            let result = try fixture.fetcher.fetch(FetchRequest(url, integrity: .sha256(expected))) { event in
                if case .retrying(_, let attempt, _, let reason) = event {
                    retries.append(attempt)
                    #expect(reason.contains("HTTP 500"))
                }
            }
            #expect(result.sha256.hex == expected)
            #expect(result.source == .downloaded)
            #expect(try fixture.sha256sum(result.path) == expected)
            #expect(try server.requests().map(\.status) == [500, 500, 200])
            #expect(retries == [1, 2])
        }
    }

    @Test func persistentServerErrorsGiveUpAfterTheLastAttempt() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("app.zip", size: 1000)
            let url = server.url("/app.zip", query: ["status": "503"])
            let error = fetchError { _ = try fixture.fetcher.fetch(FetchRequest(url, integrity: .verifiedLater("test"))) }
            #expect(error?.reason == .httpStatus(503))
            #expect(error?.attempts == 3)
            #expect(error?.description.contains("HTTP 503 from \(url) after 3 attempts") == true)
            #expect(try server.requests().count == 3)
        }
    }

    @Test func truncatedBodyIsDetectedAndResumed() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 200_000)
            // Content-Length says 200000; the first answer stops after 50000 bytes.
            let url = server.url("/app.zip", query: ["truncate": "50000", "times": "1"])
            let result = try fixture.fetcher.fetch(FetchRequest(url, integrity: .sha256(expected)))
            #expect(try fixture.sha256sum(result.path) == expected)
            let log = try server.requests()
            #expect(log.count == 2)
            #expect(log.last?.range == "bytes=50000-")
            #expect(log.last?.status == 206)
            #expect(fixture.partials().isEmpty)
        }
    }

    @Test func connectionResetIsRetried() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 300_000)
            let url = server.url("/app.zip", query: ["reset": "100000", "times": "1"])
            let result = try fixture.fetcher.fetch(FetchRequest(url, integrity: .sha256(expected)))
            #expect(try fixture.sha256sum(result.path) == expected)
            #expect(try server.requests().count == 2)
        }
    }

    @Test func stalledServerTimesOut() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("app.zip", size: 10_000)
            var options = fixture.options
            options.maxAttempts = 2
            let url = server.url("/app.zip", query: ["stall": "20"])
            let error = fetchError {
                _ = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .verifiedLater("test")))
            }
            guard case .timedOut(let detail)? = error?.reason else {
                Issue.record("expected a timeout, got \(String(describing: error))")
                return
            }
            #expect(detail.contains("too slow"))
            #expect(error?.attempts == 2)  // a stall is transient: retried, then given up
            #expect(error?.description.hasPrefix("timed out fetching \(url) after 2 attempts") == true)
            #expect(try server.requests().count == 2)
        }
    }

    @Test func trickleBelowTheLowSpeedLimitIsAborted() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("app.zip", size: 100_000)
            var options = fixture.options
            options.maxAttempts = 1
            // 200 bytes/s against a limit of 1000 bytes/s over 1 s.
            let url = server.url("/app.zip", query: ["trickle": "200"])
            let error = fetchError {
                _ = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .verifiedLater("test")))
            }
            guard case .timedOut? = error?.reason else {
                Issue.record("expected a low-speed timeout, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func refusedConnectionIsReportedWithTheURL() throws {
        try withScratch("fetch-refused") { directory in
            let fixture = FetchFixture(directory: directory)
            // A port nothing listens on: bind one, note it, close it.
            let url = "http://127.0.0.1:\(try unusedPort())/x.zip"
            var options = fixture.options
            options.maxAttempts = 1
            let error = fetchError {
                _ = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .verifiedLater("test")))
            }
            guard case .transfer? = error?.reason else {
                Issue.record("expected a transfer error, got \(String(describing: error))")
                return
            }
            #expect(error?.description.hasPrefix("download of \(url) failed") == true)
        }
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
func unusedPort() throws -> Int {
    let result = try run("python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
    return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 9
}
