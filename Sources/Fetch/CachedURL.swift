/// What the cache remembers about a URL: the blob its last download gave and the validators
/// to ask the server whether it changed. Stored as JSON in `urls/<sha256 of the URL>.json`.
struct CachedURL: Codable, Equatable {
    var url: String
    var sha256: String
    var size: Int64
    var entityTag: String?
    var lastModified: String?
}

/// What a partial download's bytes are a prefix of: stored beside them so that a later run
/// (another process) can resume with `Range` + `If-Range` instead of starting over.
struct PartialDownload: Codable, Equatable {
    var url: String
    /// The strong ETag or Last-Modified of the response the bytes came from, when it had one.
    var validator: String?
}
