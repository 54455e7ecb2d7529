import CZlib

/// Inflates gzip data from memory (usually a mapped file), as a ``ByteStream``.
///
/// zlib is told to expect the gzip wrapper only (window bits 15 + 16): a zlib- or
/// raw-deflate stream is not a gzip member. When a member ends (`Z_STREAM_END`) zlib has
/// consumed its 8-byte trailer (CRC-32 and size, both checked), so the input consumed so far
/// is exactly the member's compressed length. The stream then either stops (one member) or
/// resets and inflates the next member (a concatenation, as `gzip -d` does); bytes left over
/// that do not start a gzip member are an error, as is input that ends inside a member.
/// Output is capped: a member that inflates past the cap is refused (a gzip bomb).
public final class GzipStream: ByteStream {
    /// The name used in messages (the file and which members).
    public let name: String
    private let owner: AnyObject?
    private let input: UnsafeRawBufferPointer
    private let inputOffset: Int
    private let maximumBytes: Int64
    private let limitForMessages: Int64
    private let singleMember: Bool
    private let stream: UnsafeMutablePointer<z_stream>
    private var started = false
    private var finished = false
    private var fed = 0
    private var memberStart = 0
    /// Bytes produced so far.
    public private(set) var decompressedBytes: Int64 = 0
    /// Members completed so far.
    public private(set) var completedMembers = 0

    /// Inflates `input`. `owner` keeps the memory alive; `inputOffset` is where `input`
    /// starts in its file, for messages.
    /// `limitForMessages` is the limit a refusal quotes, when `maximumBytes` is what is left of it.
    /// Public for readers that find member boundaries themselves: an apk's large data member
    /// is inflated once, while it is extracted, instead of once more by ``GzipMembers``.
    public init(input: UnsafeRawBufferPointer, owner: AnyObject?, inputOffset: Int, name: String,
         maximumBytes: Int64, limitForMessages: Int64? = nil, singleMember: Bool) {
        self.input = input
        self.owner = owner
        self.inputOffset = inputOffset
        self.name = name
        self.maximumBytes = maximumBytes
        self.limitForMessages = limitForMessages ?? maximumBytes
        self.singleMember = singleMember
        // zlib keeps a pointer back to the z_stream: it must never move.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
    }

    deinit {
        if started { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Input bytes consumed so far; for one member read to its end, its compressed length.
    public var consumedBytes: Int { fed - Int(stream.pointee.avail_in) }

    /// Inflates into `buffer`; 0 at the end of the member (or of the last member). Throws
    /// when the data is damaged or truncated, or inflates past the cap.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let output = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if !started {
            guard input.count >= 2, input[0] == 0x1f, input[1] == 0x8b else {
                throw failure(input.isEmpty ? "no data" : "no gzip header at byte \(inputOffset)")
            }
            let status = barracks_inflate_init2(stream, 15 + 16)
            guard status == Z_OK else { throw failure("zlib could not start (error \(status))") }
            started = true
        }
        let capacity = UInt32(min(buffer.count, Int(UInt32.max)))
        stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = capacity
        while true {
            if stream.pointee.avail_in == 0 && fed < input.count, let base = input.baseAddress {
                let chunk = min(input.count - fed, 1 << 30)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + fed).assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = UInt32(chunk)
                fed += chunk
            }
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = Int(capacity - stream.pointee.avail_out)
            try account(produced)
            switch status {
            case Z_OK:
                if produced > 0 { return produced }
                if stream.pointee.avail_in == 0 && fed == input.count { throw truncated() }
            case Z_STREAM_END:
                completedMembers += 1
                memberStart = consumedBytes
                if singleMember || memberStart == input.count {
                    finished = true
                    return produced
                }
                guard input[memberStart] == 0x1f, memberStart + 1 < input.count, input[memberStart + 1] == 0x8b else {
                    throw failure("\(input.count - memberStart) bytes after the last gzip member (at byte \(inputOffset + memberStart)) are not a gzip member")
                }
                inflateReset(stream)
                if produced > 0 { return produced }
            case Z_BUF_ERROR where stream.pointee.avail_in == 0 && fed == input.count:
                throw truncated()
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw failure("gzip member \(completedMembers + 1) (at byte \(inputOffset + memberStart)): \(message)")
            }
        }
    }

    private func account(_ produced: Int) throws {
        decompressedBytes += Int64(produced)
        if decompressedBytes > maximumBytes {
            throw ArchiveError(archive: name, problem: .tooLarge(limit: limitForMessages))
        }
    }

    private func truncated() -> ArchiveError {
        failure("gzip member \(completedMembers + 1) (at byte \(inputOffset + memberStart)) is truncated")
    }

    private func failure(_ detail: String) -> ArchiveError {
        ArchiveError(archive: name, problem: .corrupt(detail))
    }
}
