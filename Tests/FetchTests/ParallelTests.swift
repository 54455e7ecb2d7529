import Fetch
import Foundation
import POSIX
import Testing
import TestSupport

/// Many downloads at once (curl multi), failures reported together, and two processes
/// fetching the same URL ending with one blob.
@Suite struct ParallelTests {
    @Test func fetchAllDownloadsManyFilesCorrectly() throws {
        try withServedFixture { fixture, server in
            var requests: [FetchRequest] = []
            var expected: [String] = []
            for index in 0..<24 {
                let digest = try fixture.serve("pkg-\(index).apk", size: 5_000 + index * 7_919)
                // Every fourth one breaks off once and has to be resumed.
                let query = index % 4 == 0 ? ["truncate": "2000", "times": "1"] : [:]
                requests.append(FetchRequest(server.url("/pkg-\(index).apk", query: query), integrity: .sha256(digest)))
                expected.append(digest)
            }
            var options = fixture.options
            options.maxParallelTransfers = 6
            var finished = 0
            let results = try Fetcher(options: options).fetchAll(requests) { event in
                if case .finished = event { finished += 1 }
            }
            #expect(results.map(\.sha256.hex) == expected)  // in request order
            for result in results { #expect(try fixture.sha256sum(result.path) == result.sha256.hex) }
            #expect(finished == 24)
            #expect(fixture.blobs().count == 24)
            #expect(try server.requests().count == 24 + 6)
        }
    }

    @Test func failuresAreAggregatedAndTheRestIsCached() throws {
        try withServedFixture { fixture, server in
            var requests: [FetchRequest] = []
            for index in 0..<8 {
                let digest = try fixture.serve("ok-\(index).bin", size: 3_000 + index)
                requests.append(FetchRequest(server.url("/ok-\(index).bin"), integrity: .sha256(digest)))
            }
            try fixture.serve("wrong.bin", size: 100)
            let missing = server.url("/missing.bin")
            let wrong = server.url("/wrong.bin")
            requests.insert(FetchRequest(missing, integrity: .verifiedLater("test")), at: 3)
            requests.append(FetchRequest(wrong, integrity: .sha256(String(repeating: "ab", count: 32))))
            do {
                _ = try fixture.fetcher.fetchAll(requests)
                Issue.record("fetchAll succeeded despite failures")
            } catch let error as FetchFailures {
                #expect(error.failures.map(\.url) == [missing, wrong])
                #expect(error.failures.first?.reason == .httpStatus(404))
                #expect(error.description.hasPrefix("2 of 10 downloads failed:"))
                #expect(error.description.contains("HTTP 404 from \(missing)"))
                #expect(error.description.contains("sha256 mismatch for \(wrong)"))
            }
            #expect(fixture.blobs().count == 8)
        }
    }

    @Test func identicalRequestsAreFetchedOnce() throws {
        try withServedFixture { fixture, server in
            let digest = try fixture.serve("app.zip", size: 10_000)
            let request = FetchRequest(server.url("/app.zip"), integrity: .sha256(digest))
            let results = try fixture.fetcher.fetchAll([request, request, request])
            #expect(results.count == 3)
            #expect(Set(results.map(\.path)).count == 1)
            #expect(try server.requests().count == 1)
        }
    }

    @Test func twoProcessesFetchingTheSameURLEndWithOneBlob() throws {
        try withServedFixture { fixture, server in
            let digest = try fixture.serve("app.zip", size: 200_000)
            // About a second per download, so the two runs overlap.
            let url = server.url("/app.zip", query: ["trickle": "200000"])
            let bench = Repository.productsDirectory + "/barracks-bench"
            let arguments = ["download", url, "--sha256", digest, "--cache", fixture.cache]
            let processes = try (0..<2).map { _ in try Subprocess(bench, arguments).launch() }
            let outputs = try processes.map { process in
                let (out, err) = try process.collectOutput()
                return (status: try process.wait(), out: String(decoding: out, as: UTF8.self),
                        err: String(decoding: err, as: UTF8.self))
            }
            for output in outputs {
                #expect(output.status == .exited(0), "\(output.err)")
                #expect(output.out.hasPrefix("\(digest)  \(fixture.cache)/blobs/sha256/\(digest)"))
            }
            // One downloaded, the other waited for its lock and took the blob from the cache.
            #expect(Set(outputs.map { $0.out.split(separator: " ").last ?? "" }) == ["downloaded\n", "cache\n"])
            #expect(fixture.blobs() == [digest])
            #expect(fixture.partials().isEmpty)
            #expect(try server.requests().count == 1)
        }
    }
}
