/// The regular-file entries of an uncompressed tar, read from bytes in memory: just enough
/// for an APKINDEX archive's members (`.SIGN.*` entries; `DESCRIPTION` and `APKINDEX`).
///
/// The `Archive` module's streaming `TarReader` does the general job (PAX, long names,
/// extraction); this one stays tiny so the index parser needs nothing but bytes. It requires
/// the `ustar` magic (POSIX or GNU, as apk does), validates the octal size field, checks
/// every offset against the input, skips extended headers and non-file entries, and treats
/// the end of the input at a header boundary as the end (signature members are cut tars).
struct TarEntries {
    struct Entry: Equatable {
        var name: String
        var contents: [UInt8]
    }

    /// The entries of `bytes`; `file` and `part` name the member in errors.
    static func read(_ bytes: [UInt8], file: String, part: String) throws(AlpineFormatError) -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 512 else {
                throw AlpineFormatError(file: file, part: part, "the tar ends inside a header (\(bytes.count - offset) of 512 bytes)")
            }
            let header = bytes[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }
            guard header[offset + 257..<offset + 262].elementsEqual("ustar".utf8) else {
                throw AlpineFormatError(file: file, part: part, "tar header at byte \(offset) has no ustar magic")
            }
            // POSIX ustar keeps a name prefix at 345; GNU tar ("ustar  ") keeps times there.
            let isPOSIX = header[offset + 262] == 0
            guard let shortName = text(header, offset, 100),
                  let prefix = isPOSIX ? text(header, offset + 345, 155) : "" else {
                throw AlpineFormatError(file: file, part: part, "tar header at byte \(offset) has a name that is not UTF-8")
            }
            let fullName = prefix.isEmpty ? shortName : prefix + "/" + shortName
            guard let size = octal(header, offset + 124, 12) else {
                throw AlpineFormatError(file: file, part: part, "tar entry \(fullName): size field is not octal")
            }
            let contentStart = offset + 512
            let padded = (size + 511) / 512 * 512
            guard size <= bytes.count - contentStart, padded <= bytes.count - contentStart else {
                throw AlpineFormatError(file: file, part: part,
                                        "tar entry \(fullName) claims \(size) bytes but the member ends after \(bytes.count - contentStart)")
            }
            let typeflag = header[offset + 156]
            if typeflag == UInt8(ascii: "0") || typeflag == 0 {
                entries.append(Entry(name: fullName, contents: Array(bytes[contentStart..<contentStart + size])))
            }
            offset = contentStart + padded
        }
        return entries
    }

    /// A NUL-terminated field as UTF-8, or nil.
    private static func text(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> String? {
        let field = header[start..<start + length]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(validating: field[start..<end], as: UTF8.self)
    }

    /// An octal number field (digits, optionally padded with spaces or NULs), or nil. Sizes
    /// above 2³³ (what 11 octal digits hold) are refused, so later arithmetic cannot overflow.
    private static func octal(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        var digits = 0
        var ended = false
        for byte in header[start..<start + length] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard !ended, digits < 11 else { return nil }
                value = value * 8 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: " "), 0:
                if digits > 0 { ended = true }
            default:
                return nil
            }
        }
        return digits > 0 ? value : nil
    }
}
