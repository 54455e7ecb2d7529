import Fetch
import Foundation
import POSIX
import Testing
import TestSupport

/// The content-addressed cache: pinned content never re-downloaded, damaged blobs healed,
/// mutable content revalidated, offline use, and nothing kept from a failed verification.
@Suite struct CacheTests {
    @Test func digestMismatchNamesBothDigestsAndKeepsNothing() throws {
        try withServedFixture { fixture, server in
            let actual = try fixture.serve("app.zip", size: 80_000)
            let pinned = SHA256.hash(Array("something else".utf8)).hex
            let url = server.url("/app.zip")
            let error = fetchError { _ = try fixture.fetcher.fetch(FetchRequest(url, integrity: .sha256(pinned))) }
            guard case .digestMismatch(let expected, let got)? = error?.reason else {
                Issue.record("expected a digest mismatch, got \(String(describing: error))")
                return
            }
            #expect(expected.hex == pinned)
            #expect(got.hex == actual)
            let message = error?.description ?? ""
            #expect(message.contains(url) && message.contains(pinned) && message.contains(actual))
            #expect(fixture.blobs().isEmpty)
            #expect(fixture.partials().isEmpty)
            #expect(try server.requests().count == 1)  // a fresh download that mismatches is not retried
        }
    }

    @Test func pinnedContentInTheCacheIsUsedWithoutARequest() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 64_000)
            let request = FetchRequest(server.url("/app.zip"), integrity: .sha256(expected))
            let first = try fixture.fetcher.fetch(request)
            let second = try fixture.fetcher.fetch(request)
            #expect(first.source == .downloaded)
            #expect(second.source == .cache)
            #expect(second.path == first.path)
            #expect(first.path == fixture.cache + "/blobs/sha256/" + expected)
            #expect(try server.requests().count == 1)
        }
    }

    @Test func aCorruptedBlobIsEvictedAndFetchedAgain() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 64_000)
            let request = FetchRequest(server.url("/app.zip"), integrity: .sha256(expected))
            let first = try fixture.fetcher.fetch(request)
            // Flip the blob's bytes behind the cache's back.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: first.path)
            try writeFile(first.path, Array(repeating: 0x41, count: 64_000))
            let second = try fixture.fetcher.fetch(request)
            #expect(second.source == .downloaded)
            #expect(try fixture.sha256sum(second.path) == expected)
            #expect(try server.requests().count == 2)
        }
    }

    @Test func mutableContentIsRevalidatedWithETag() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("APKINDEX.tar.gz", size: 30_000)
            let request = FetchRequest(server.url("/APKINDEX.tar.gz"), integrity: .verifiedLater("signed index"))
            let first = try fixture.fetcher.fetch(request)
            let second = try fixture.fetcher.fetch(request)
            #expect(first.source == .downloaded)
            #expect(second.source == .revalidated)
            #expect(second.path == first.path)
            var log = try server.requests()
            #expect(log.count == 2)
            #expect(log[1].ifNoneMatch != nil)
            #expect(log[1].status == 304)

            // The index changes on the server: the next fetch gets the new one.
            let changed = try fixture.serve("APKINDEX.tar.gz", size: 31_000)
            let third = try fixture.fetcher.fetch(request)
            #expect(third.source == .downloaded)
            #expect(third.sha256.hex == changed)
            log = try server.requests()
            #expect(log.last?.status == 200)
        }
    }

    @Test func withoutETagLastModifiedRevalidates() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("APKINDEX.tar.gz", size: 30_000)
            let request = FetchRequest(server.url("/APKINDEX.tar.gz", query: ["etag": "0"]), integrity: .verifiedLater("signed"))
            _ = try fixture.fetcher.fetch(request)
            let second = try fixture.fetcher.fetch(request)
            #expect(second.source == .revalidated)
            let log = try server.requests()
            #expect(log.last?.ifNoneMatch == nil)
            #expect(log.last?.ifModifiedSince != nil)
            #expect(log.last?.status == 304)
        }
    }

    @Test func immutableContentIsNotRevalidated() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("musl-1.2.5-r0.apk", size: 30_000)
            let request = FetchRequest(server.url("/musl-1.2.5-r0.apk"), integrity: .verifiedLater("index"), immutable: true)
            _ = try fixture.fetcher.fetch(request)
            #expect(try fixture.fetcher.fetch(request).source == .cache)
            #expect(try server.requests().count == 1)
        }
    }

    @Test func offlineUsesTheCacheAndNamesEveryMissingURL() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 10_000)
            try fixture.serve("APKINDEX.tar.gz", size: 10_000)
            let app = FetchRequest(server.url("/app.zip"), integrity: .sha256(expected))
            let index = FetchRequest(server.url("/APKINDEX.tar.gz"), integrity: .verifiedLater("signed"))
            _ = try fixture.fetcher.fetchAll([app, index])
            let before = try server.requests().count

            var options = fixture.options
            options.offline = true
            let offline = Fetcher(options: options)
            #expect(try offline.fetchAll([app, index]).map(\.source) == [.cache, .cache])

            let missingA = server.url("/a.apk"), missingB = server.url("/b.apk")
            do {
                _ = try offline.fetchAll([app, FetchRequest(missingA, integrity: .verifiedLater("index")),
                                          FetchRequest(missingB, integrity: .verifiedLater("index"))])
                Issue.record("offline fetch of uncached URLs succeeded")
            } catch let error as FetchFailures {
                #expect(error.failures.map(\.url) == [missingA, missingB])
                #expect(error.failures.allSatisfy { $0.reason == .notInCache })
                #expect(error.description.contains("offline: not in cache: \(missingA), \(missingB); run once without --offline or use `barracks mirror`"))
            }
            #expect(try server.requests().count == before)  // offline never asks the server
        }
    }

    @Test func defaultCacheFollowsXDG() {
        #expect(FetchOptions.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/barracks")
        #expect(FetchOptions.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.cache/barracks")
        #expect(FetchOptions.defaultCacheDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.cache/barracks")
    }
}
