import CCurl

/// Which failures are worth another attempt, and how long to wait before it.
struct RetryPolicy {
    let maxAttempts: Int
    let firstDelay: Double
    let maxDelay: Double

    /// Seconds to wait after failed attempt number `attempt` (1-based): exponential, capped,
    /// with jitter so that many clients failing together do not retry in step.
    func delay(afterAttempt attempt: Int) -> Double {
        let exponential = firstDelay * Double(1 << min(max(attempt - 1, 0), 20))
        return min(maxDelay, exponential) * Double.random(in: 0.5...1.0)
    }

    /// Whether an HTTP status may succeed when asked again.
    static func isTransient(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// What a libcurl result means for the user, and whether to try again.
    static func classify(_ code: CURLcode, detail: String, host: String) -> (reason: FetchError.Reason, transient: Bool) {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return (.timedOut(detail), true)
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
             CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return (.transfer(detail), true)
        case CURLE_SSL_CONNECT_ERROR:
            // Also what a connection reset during the handshake looks like.
            return (.tls(detail), true)
        case CURLE_PEER_FAILED_VERIFICATION:
            return (.untrustedCertificate(host: host, detail: detail), false)
        case CURLE_SSL_CACERT_BADFILE:
            return (.tls(detail + "; check that ca_file is a readable PEM file"), false)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return (.invalidURL(detail), false)
        default:
            return (.transfer(detail), false)
        }
    }
}
