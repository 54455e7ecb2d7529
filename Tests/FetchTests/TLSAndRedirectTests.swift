import Fetch
import Foundation
import Testing
import TestSupport

/// Trust: certificates are verified, TLS is never dropped by a redirect, and plain http is
/// accepted only when something verifies the content.
@Suite struct TLSAndRedirectTests {
    @Test func untrustedCertificateIsRefusedAndTheCAFileAcceptsIt() throws {
        try withServedFixture(tls: true) { fixture, server in
            let expected = try fixture.serve("app.zip", size: 50_000)
            let url = server.url("/app.zip", tls: true)
            let error = fetchError { _ = try fixture.fetcher.fetch(FetchRequest(url, integrity: .none)) }
            guard case .untrustedCertificate(let host, _)? = error?.reason else {
                Issue.record("expected an untrusted certificate, got \(String(describing: error))")
                return
            }
            #expect(host == "127.0.0.1")
            #expect(error?.description.hasPrefix("certificate of 127.0.0.1 not trusted") == true)
            #expect(error?.description.contains("ca_file") == true)
            #expect(error?.attempts == 1)  // not retried
            #expect(try server.requests().isEmpty)  // nothing was sent over the refused connection

            var options = fixture.options
            options.caFile = server.caFile
            let result = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .none))
            #expect(try fixture.sha256sum(result.path) == expected)
        }
    }

    @Test func redirectFromHTTPSToPlainHTTPIsRefused() throws {
        try withServedFixture(tls: true) { fixture, server in
            let expected = try fixture.serve("app.zip", size: 1000)
            var options = fixture.options
            options.caFile = server.caFile
            let url = server.url("/app.zip", tls: true, query: ["redirect": "http"])
            // Even a pinned digest does not make dropping TLS on a redirect acceptable.
            let error = fetchError { _ = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .sha256(expected))) }
            guard case .insecureRedirect(let target)? = error?.reason else {
                Issue.record("expected an insecure redirect, got \(String(describing: error))")
                return
            }
            #expect(target.hasPrefix("http://127.0.0.1:\(server.httpPort)/app.zip"))
            #expect(error?.description.contains("redirected to plain http") == true)
            let log = try server.requests()
            #expect(log.map(\.scheme) == ["https"])  // the http target was never asked
            #expect(fixture.blobs().isEmpty)
        }
    }

    @Test func redirectChainToHTTPSIsFollowed() throws {
        try withServedFixture(tls: true) { fixture, server in
            let expected = try fixture.serve("app.zip", size: 20_000)
            var options = fixture.options
            options.caFile = server.caFile
            let url = server.url("/app.zip", query: ["chain": "2", "redirect": "https"])
            let result = try Fetcher(options: options).fetch(FetchRequest(url, integrity: .sha256(expected)))
            #expect(result.sha256.hex == expected)
            let log = try server.requests()
            #expect(log.map(\.status) == [302, 302, 302, 200])
            #expect(log.map(\.scheme) == ["http", "http", "http", "https"])
        }
    }

    @Test func endlessRedirectsAreRefused() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("app.zip", size: 10)
            let url = server.url("/app.zip", query: ["chain": "50"])
            let error = fetchError { _ = try fixture.fetcher.fetch(FetchRequest(url, integrity: .verifiedLater("test"))) }
            #expect(error?.reason == .tooManyRedirects(10))
            #expect(try server.requests().count == 11)
        }
    }

    @Test func plainHTTPWithoutVerificationIsRefusedBeforeAnyRequest() throws {
        try withServedFixture { fixture, server in
            try fixture.serve("app.zip", size: 10)
            let url = server.url("/app.zip")
            let error = fetchError { _ = try fixture.fetcher.fetch(FetchRequest(url, integrity: .none)) }
            #expect(error?.reason == .plainHTTPWithoutVerification)
            #expect(error?.description.contains("use an https:// URL, or pin the file's sha256") == true)
            #expect(try server.requests().isEmpty)
        }
    }

    @Test func malformedRequestsAreRefused() throws {
        try withScratch("fetch-refusals") { directory in
            let fetcher = FetchFixture(directory: directory).fetcher
            let ftp = fetchError { _ = try fetcher.fetch(FetchRequest("ftp://example.org/x", integrity: .sha256(String(repeating: "0", count: 64)))) }
            #expect(ftp?.description.contains("scheme \"ftp\" is not supported") == true)
            let digest = fetchError { _ = try fetcher.fetch(FetchRequest("https://example.org/x", integrity: .sha256("abc"))) }
            #expect(digest?.reason == .invalidDigest("abc"))
        }
    }
}
