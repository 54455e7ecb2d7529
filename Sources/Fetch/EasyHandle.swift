import CCurl

/// libcurl's global state, set up once before the first handle (thread-safe since 7.84).
private let curlGlobalInit: CURLcode = barracks_curl_global_init(Int(CURL_GLOBAL_ALL))

/// One libcurl easy handle: one HTTP request of a ``Transfer`` (an attempt, or one redirect
/// hop of it). Its callbacks feed the transfer through the `void *userdata` pointer; the
/// transfer outlives the handle (the scheduler holds both until the request completes).
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// A GET of `url` with `headers`, configured from `options`, reporting to `transfer`.
    static func make(url: String, headers: [String], options: FetchOptions, transfer: Transfer) throws(HandleFailure) -> EasyHandle {
        guard curlGlobalInit == CURLE_OK, let handle = EasyHandle() else {
            throw HandleFailure(detail: "libcurl could not be initialised")
        }
        // On failure the handle is released here, and deinit frees what it holds.
        try handle.configure(url: url, headers: headers, options: options, transfer: transfer)
        return handle
    }

    private init?() {
        guard let raw = barracks_curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    private func configure(url: String, headers: [String], options: FetchOptions, transfer: Transfer) throws(HandleFailure) {
        for header in headers { headerList = barracks_curl_slist_append(headerList, header) }

        let userdata = Unmanaged.passUnretained(transfer).toOpaque()
        var results: [CURLcode] = [
            barracks_curl_setopt_string(raw, CURLOPT_URL, url),
            // Redirects are followed by Transfer, one hop at a time, so that each target is
            // checked (no https → http) before anything is sent to it.
            barracks_curl_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0),
            barracks_curl_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https"),
            // The defaults, stated: certificates are checked against the trusted CAs and the name.
            barracks_curl_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 1),
            barracks_curl_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 2),
            barracks_curl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, options.connectTimeout * 1000))),
            barracks_curl_setopt_long(raw, CURLOPT_LOW_SPEED_LIMIT, max(1, options.lowSpeedLimit)),
            barracks_curl_setopt_long(raw, CURLOPT_LOW_SPEED_TIME, max(1, options.lowSpeedTime)),
            barracks_curl_setopt_string(raw, CURLOPT_USERAGENT, options.userAgent),
            // Fewer, larger write callbacks: each one hashes and writes its chunk.
            barracks_curl_setopt_long(raw, CURLOPT_BUFFERSIZE, 512 * 1024),
            barracks_curl_setopt_ptr(raw, CURLOPT_ERRORBUFFER, errorBuffer),
            barracks_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList),
            barracks_curl_setopt_ptr(raw, CURLOPT_WRITEDATA, userdata),
            barracks_curl_setopt_ptr(raw, CURLOPT_HEADERDATA, userdata),
            barracks_curl_setopt_write(raw) { data, size, count, userdata in
                guard let data, let userdata else { return 0 }
                let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
                let length = size * count
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
            },
            barracks_curl_setopt_header(raw) { data, size, count, userdata in
                guard let data, let userdata else { return 0 }
                let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
                let length = size * count
                transfer.receiveHeader(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
                return length
            },
        ]
        // Only adds to the system store: CURLOPT_CAPATH (Debian: /etc/ssl/certs) stays set.
        if let caFile = options.caFile {
            results.append(barracks_curl_setopt_string(raw, CURLOPT_CAINFO, caFile))
        }
        if let failed = results.first(where: { $0 != CURLE_OK }) {
            let detail = String(cString: barracks_curl_easy_strerror(failed))
            throw HandleFailure(detail: "libcurl refused an option: \(detail)")
        }
    }

    deinit {
        barracks_curl_easy_cleanup(raw)
        barracks_curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// libcurl's message for the last failure: the detailed error buffer when it says
    /// something, else the generic text of `code`.
    func errorDetail(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer).trimmingTrailingNewlines()
        return detail.isEmpty ? String(cString: barracks_curl_easy_strerror(code)) : detail
    }

    /// The absolute URL a 3xx answer's `Location` points to (resolved by libcurl).
    var redirectURL: String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard barracks_curl_getinfo_string(raw, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer else {
            return nil
        }
        return String(cString: pointer)
    }
}

/// libcurl could not set up a request.
struct HandleFailure: Error {
    let detail: String
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text = text.dropLast() }
        return String(text)
    }
}
