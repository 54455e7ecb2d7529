import Fetch
import Testing
import TestSupport

/// What the CLI's progress display is fed.
@Suite struct ProgressTests {
    @Test func reportsBytesRateAndTheFinishedFile() throws {
        try withServedFixture { fixture, server in
            let expected = try fixture.serve("app.zip", size: 2_000_000)
            var started = 0
            var progress: [TransferProgress] = []
            var finished: FetchResult?
            let url = server.url("/app.zip")
            let result = try fixture.fetcher.fetch(FetchRequest(url, integrity: .sha256(expected))) { event in
                switch event {
                case .started(let eventURL, 1, 0): started += 1; #expect(eventURL == url)
                case .progress(let report): progress.append(report)
                case .finished(let result): finished = result
                default: Issue.record("unexpected event \(event)")
                }
            }
            #expect(started == 1)
            #expect(finished == result)
            let last = try #require(progress.last)
            #expect(last.bytesReceived == 2_000_000)
            #expect(last.bytesExpected == 2_000_000)
            #expect(last.secondsRemaining == 0)
            #expect(progress.map(\.bytesReceived) == progress.map(\.bytesReceived).sorted())
        }
    }
}
