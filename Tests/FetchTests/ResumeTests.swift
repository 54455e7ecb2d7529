import Fetch
import Foundation
import Testing
import TestSupport

/// Broken downloads continue where they stopped when the server allows it, and start over
/// (still correct) when it does not.
@Suite struct ResumeTests {
    @Test func aLaterRunResumesAPartialDownloadWithRange() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 300_000)
            var options = fixture.options
            options.maxAttempts = 1
            let url = server.url("/app.zip", query: ["truncate": "70000", "times": "1"])
            // The first run breaks off after 70000 bytes and keeps them.
            let error = fetchError { _ = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .sha256(expected))) }
            guard case .transfer? = error?.reason else {
                Issue.record("expected a broken transfer, got \(String(describing: error))")
                return
            }
            #expect(!fixture.partials().isEmpty)

            // A new fetcher (as a new process would) hashes those bytes and asks for the rest.
            var events: [FetchEvent] = []
            let result = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .sha256(expected))) { events.append($0) }
            #expect(try fixture.sha256sum(result.path) == expected)
            let log = try server.requests()
            #expect(log.count == 2)
            #expect(log.last?.range == "bytes=70000-")
            #expect(log.last?.ifRange != nil)  // tied to the version the prefix came from
            #expect(log.last?.status == 206)
            #expect(events.contains { if case .started(_, _, 70000) = $0 { true } else { false } })
            #expect(fixture.partials().isEmpty)
        }
    }

    @Test func aServerIgnoringRangeMakesTheDownloadStartOver() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 200_000)
            let url = server.url("/app.zip", query: ["truncate": "60000", "times": "1", "range": "0"])
            let result = try fixture.fetcher.fetch(FetchRequest(url, integrity: .sha256(expected)))
            #expect(try fixture.sha256sum(result.path) == expected)
            let log = try server.requests()
            #expect(log.count == 2)
            #expect(log.last?.range == "bytes=60000-")
            #expect(log.last?.status == 200)  // the whole file again, written from byte 0
            #expect(result.size == 200_000)
        }
    }

    @Test func aFileChangedSinceThePartialDownloadIsFetchedWhole() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("index.tar.gz", size: 150_000)
            var options = fixture.options
            options.maxAttempts = 1
            let url = server.url("/index.tar.gz", query: ["truncate": "40000", "times": "1"])
            _ = fetchError { _ = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .verifiedLater("signed"))) }
            let changed = try fixture.serve("index.tar.gz", size: 170_000)
            let result = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .verifiedLater("signed")))
            #expect(result.sha256.hex == changed)
            let log = try server.requests()
            #expect(log.last?.range == "bytes=40000-")
            #expect(log.last?.status == 200)  // If-Range no longer matched
        }
    }

    @Test func withoutValidatorOrPinNothingIsSpliced() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("index.tar.gz", size: 120_000)
            // Neither ETag nor Last-Modified, nor a pinned digest: nothing could tell a prefix of
            // an older file from one of this file, so the retry fetches it whole.
            let url = server.url("/index.tar.gz", query: ["truncate": "30000", "times": "1", "etag": "0", "lastmodified": "0"])
            let result = try fixture.fetcher.fetch(FetchRequest(url, integrity: .verifiedLater("signed")))
            #expect(result.sha256.hex == expected)
            let log = try server.requests()
            #expect(log.count == 2)
            #expect(log.last?.range == nil)
            #expect(log.last?.status == 200)
        }
    }
}
