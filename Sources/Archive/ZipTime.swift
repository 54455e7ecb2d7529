/// A zip entry's modification time as seconds since the epoch, the same on every machine.
///
/// A zip's own date and time fields are MS-DOS wall-clock fields with no time zone; libarchive
/// (like unzip) reads them in the extracting machine's local time, so one zip gave different
/// times, and a bundle built from it a different epoch, under another `TZ`. barracks takes the
/// Unix time of an extended-timestamp (`UT`, 0x5455) or NTFS (0x000a) extra field when the
/// entry has one (both are UTC by definition), and otherwise reads the MS-DOS fields as UTC.
enum ZipTime {
    /// The time of a central directory record: its extra field's, else its MS-DOS `date` and
    /// `time` read as UTC; `nil` when neither holds a valid time.
    static func modificationTime(date: UInt16, time: UInt16, extra: LittleEndianBytes) -> Int64? {
        extraFieldTime(extra) ?? dosTime(date: date, time: time)
    }

    /// The MS-DOS date (bits: year − 1980 : 7, month : 4, day : 5) and time (hour : 5,
    /// minute : 6, seconds / 2 : 5) as UTC.
    static func dosTime(date: UInt16, time: UInt16) -> Int64? {
        let year = Int64(date >> 9) + 1980, month = Int64((date >> 5) & 0xf), day = Int64(date & 0x1f)
        let hour = Int64(time >> 11), minute = Int64((time >> 5) & 0x3f), second = Int64(time & 0x1f) * 2
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The modification time of an extended-timestamp or NTFS extra field, if there is one.
    static func extraFieldTime(_ extra: LittleEndianBytes) -> Int64? {
        var position = 0
        while let id = extra.u16(position), let length = extra.u16(position + 2) {
            let data = position + 4
            guard data + Int(length) <= extra.count else { return nil }
            switch id {
            case 0x5455 where length >= 5:
                // Flags, then the times the flags announce, modification time first.
                if let flags = extra.slice(data, length: 1)?.first, flags & 1 != 0, let seconds = extra.u32(data + 1) {
                    return Int64(Int32(bitPattern: seconds))
                }
            case 0x000a where length >= 32:
                // Four reserved bytes, then attribute 1 (size 24): modification, access, creation
                // times in 100 ns units since 1601-01-01.
                if extra.u16(data + 4) == 1, extra.u16(data + 6) == 24, let ticks = extra.u64(data + 8), ticks > 0 {
                    return Int64(ticks / 10_000_000) - 11_644_473_600
                }
            default:
                break
            }
            position = data + Int(length)
        }
        return nil
    }
}
