/// A source of bytes read front to back: a gzip member being inflated, bytes in memory.
public protocol ByteStream: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes already in memory, as a ``ByteStream``.
public final class MemoryByteStream: ByteStream {
    private let bytes: [UInt8]
    private var position = 0

    /// A stream over a copy of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Copies the next bytes into `buffer`; 0 once all were read.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position)
        if count == 0 { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
        }
        position += count
        return count
    }
}
