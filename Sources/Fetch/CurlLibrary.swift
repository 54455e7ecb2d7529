import CCurl

/// libcurl is opened on the first download (see `CCurl.h`); this says why it could not be.
enum CurlLibrary {
    /// What to tell the user when libcurl will not load, or `nil` when it is loaded.
    static var unavailable: String? {
        guard let error = barracks_curl_load_error() else { return nil }
        return "libcurl could not be loaded (\(String(cString: error))); install libcurl 4 (Debian: apt-get install libcurl4), then try again"
    }
}
