import KerasCore
import CKerasZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IDX file: the format of MNIST and Fashion-MNIST — a big-endian header (two zero bytes, an
/// element-type code, the rank, then one 32-bit size per dimension) followed by the elements in
/// row-major order, big-endian. Files may be gzip-compressed (`.gz`) or plain; both are read
/// the same way.
///
/// Element types and the tensor dtype each is read into (the core has no 8- or 16-bit signed
/// dtype, so those widen to `int32`):
///
/// | code | IDX type        | dtype     |
/// |------|-----------------|-----------|
/// | 0x08 | unsigned byte   | `uint8`   |
/// | 0x09 | signed byte     | `int32`   |
/// | 0x0B | short (16 bit)  | `int32`   |
/// | 0x0C | int (32 bit)    | `int32`   |
/// | 0x0D | float (32 bit)  | `float32` |
/// | 0x0E | double (64 bit) | `float64` |
///
/// ```swift
/// let images = try IDXFile.read("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
/// images.shape   // [60000, 28, 28], dtype uint8
/// ```
///
/// A file that is not IDX, or whose data does not match its header (truncated, or longer than
/// the header says), throws a ``KerasError`` naming the file, what was expected and what was
/// found.
public enum IDXFile {
    /// The element types an IDX header can declare.
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case uint8 = 0x08
        case int8 = 0x09
        case int16 = 0x0B
        case int32 = 0x0C
        case float32 = 0x0D
        case float64 = 0x0E

        /// Bytes per element in the file.
        public var byteSize: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }

        /// The dtype of the tensor the elements are read into.
        public var dtype: DType {
            switch self {
            case .uint8: .uint8
            case .int8, .int16, .int32: .int32
            case .float32: .float32
            case .float64: .float64
            }
        }

        /// The IDX specification's name of the type.
        public var name: String {
            switch self {
            case .uint8: "unsigned byte"
            case .int8: "signed byte"
            case .int16: "short"
            case .int32: "int"
            case .float32: "float"
            case .float64: "double"
            }
        }

        /// The element type IDX uses for a tensor of `dtype` (`int32` → `.int32`).
        public init(_ dtype: DType) throws {
            switch dtype {
            case .uint8: self = .uint8
            case .int32: self = .int32
            case .float32: self = .float32
            case .float64: self = .float64
            case .int64, .bool:
                throw KerasError(.invalidArgument, "IDX has no element type for dtype \(dtype); expected uint8, int32, float32 or float64")
            }
        }
    }

    /// The header of an IDX file: its element type and dimension sizes.
    public struct Header: Equatable, Sendable {
        public var elementType: ElementType
        public var shape: [Int]

        /// Bytes of element data the header announces.
        public var dataByteCount: Int { shape.reduce(1, *) * elementType.byteSize }
    }

    /// Reads the IDX file at `path` (gzip-compressed or plain) into a tensor of the file's shape.
    ///
    /// - Throws: ``KerasError`` (`.io`) when the file cannot be opened, is not IDX (bad magic
    ///   number, unknown element type, rank 0), is truncated, holds more data than its header
    ///   declares, or is a corrupt gzip stream.
    public static func read(_ path: String) throws -> Tensor {
        let reader = try GzipReader(path: path)
        let header = try readHeader(reader)
        let byteCount = header.dataByteCount
        let what = "\(byteCount) bytes of data (\(header.shape.map(String.init).joined(separator: "×")) \(header.elementType.name)s)"
        // Before allocating: a garbage header must not ask for more than the file can hold.
        try reader.checkPlausible(byteCount, what: what)
        var tensor = Tensor(uninitializedShape: header.shape, dtype: header.elementType.dtype)
        switch header.elementType {
        case .uint8:
            try tensor.withUnsafeMutableRawPointer { try reader.readExactly(into: $0, count: byteCount, what: what) }
        case .int32, .float32, .float64:
            try tensor.withUnsafeMutableRawPointer { raw in
                try reader.readExactly(into: raw, count: byteCount, what: what)
                swapBytes(raw, count: header.shape.reduce(1, *), width: header.elementType.byteSize)
            }
        case .int8, .int16:
            var bytes = [UInt8](repeating: 0, count: byteCount)
            try bytes.withUnsafeMutableBytes { try reader.readExactly(into: $0.baseAddress!, count: byteCount, what: what) }
            tensor.withUnsafeMutableBufferPointer(as: Int32.self) { out in
                if header.elementType == .int8 {
                    for i in out.indices { out[i] = Int32(Int8(bitPattern: bytes[i])) }
                } else {
                    for i in out.indices { out[i] = Int32(Int16(bitPattern: UInt16(bytes[2 * i]) << 8 | UInt16(bytes[2 * i + 1]))) }
                }
            }
        }
        try reader.expectEnd(after: 4 + 4 * header.shape.count + byteCount)
        return tensor
    }

    /// Reads only the header of the IDX file at `path`.
    public static func readHeader(_ path: String) throws -> Header {
        try readHeader(GzipReader(path: path))
    }

    /// Writes `tensor` to `path` as IDX, gzip-compressed when `compressed` (or when `path` ends in
    /// `.gz`), with the element type `elementType` (by default the one that matches the dtype).
    /// Integer values outside the element type's range are truncated, as a C cast would.
    ///
    /// ```swift
    /// try IDXFile.write(Tensor([3, 1, 4], dtype: .uint8), to: "labels-idx1-ubyte.gz")
    /// ```
    public static func write(_ tensor: Tensor, to path: String, elementType: ElementType? = nil,
                             compressed: Bool? = nil) throws {
        let type = try elementType ?? ElementType(tensor.dtype)
        guard (1...255).contains(tensor.rank), tensor.shape.allSatisfy({ $0 <= Int(UInt32.max) }) else {
            throw KerasError(.invalidArgument, "IDX: cannot write a tensor of shape \(tensor.shape) to \(path); expected rank 1 to 255 and sizes below 2³²")
        }
        var bytes: [UInt8] = [0, 0, type.rawValue, UInt8(tensor.rank)]
        for size in tensor.shape { bytes += bigEndian(UInt32(size)) }
        bytes.reserveCapacity(bytes.count + tensor.count * type.byteSize)
        for value in tensor.doubles {
            switch type {
            case .uint8: bytes.append(UInt8(truncatingIfNeeded: Int64(value)))
            case .int8: bytes.append(UInt8(bitPattern: Int8(truncatingIfNeeded: Int64(value))))
            case .int16: bytes += bigEndian(UInt16(bitPattern: Int16(truncatingIfNeeded: Int64(value))))
            case .int32: bytes += bigEndian(UInt32(bitPattern: Int32(truncatingIfNeeded: Int64(value))))
            case .float32: bytes += bigEndian(Float(value).bitPattern)
            case .float64: bytes += bigEndian(value.bitPattern)
            }
        }
        try GzipReader.write(bytes, to: path, compressed: compressed ?? path.hasSuffix(".gz"))
    }

    // MARK: Header and byte order

    /// The most elements a header may declare (2⁴⁰): a guard against garbage headers.
    static let maxElements = 1 << 40

    static func readHeader(_ reader: GzipReader) throws -> Header {
        var magic = [UInt8](repeating: 0, count: 4)
        try magic.withUnsafeMutableBytes {
            try reader.readExactly(into: $0.baseAddress!, count: 4, what: "a 4-byte IDX magic number")
        }
        guard magic[0] == 0 && magic[1] == 0 else {
            let found = magic.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            let hint = magic[0] == 0x1F && magic[1] == 0x8B ? " (a gzip stream inside the gzip stream?)" : ""
            throw KerasError(.io, "\(reader.path): not an IDX file: bad magic number; expected two zero bytes, a type code and the rank, found \(found)\(hint)")
        }
        guard let type = ElementType(rawValue: magic[2]) else {
            throw KerasError(.io, "\(reader.path): unknown IDX element type code 0x\(String(magic[2], radix: 16, uppercase: true)); expected one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E")
        }
        let rank = Int(magic[3])
        guard rank > 0 else {
            throw KerasError(.io, "\(reader.path): IDX header declares rank 0; expected at least one dimension")
        }
        var sizes = [UInt8](repeating: 0, count: 4 * rank)
        try sizes.withUnsafeMutableBytes {
            try reader.readExactly(into: $0.baseAddress!, count: 4 * rank, what: "\(rank) dimension sizes (4 bytes each) in the IDX header")
        }
        var shape: [Int] = []
        var elements = 1
        for d in 0..<rank {
            let size = sizes[4 * d ..< 4 * d + 4].reduce(0) { $0 << 8 | Int($1) }
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maxElements else {
                throw KerasError(.io, "\(reader.path): IDX header declares sizes \(shape + [size])…, more than \(maxElements) elements; not a plausible IDX file")
            }
            elements = product
            shape.append(size)
        }
        return Header(elementType: type, shape: shape)
    }

    /// Reverses the bytes of each `width`-byte element in place (big-endian → host order).
    static func swapBytes(_ raw: UnsafeMutableRawPointer, count: Int, width: Int) {
        switch width {
        case 4:
            let p = raw.assumingMemoryBound(to: UInt32.self)
            for i in 0..<count { p[i] = UInt32(bigEndian: p[i]) }
        case 8:
            let p = raw.assumingMemoryBound(to: UInt64.self)
            for i in 0..<count { p[i] = UInt64(bigEndian: p[i]) }
        default:
            break
        }
    }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

/// Reads a gzip-compressed or plain file through zlib's `gzread` (which passes plain files
/// through unchanged), reporting truncation and corruption with the file's path.
final class GzipReader {
    let path: String
    private let file: gzFile
    /// Bytes of uncompressed content read so far.
    private(set) var offset = 0

    init(path: String) throws {
        guard let file = gzopen(path, "rb") else {
            throw KerasError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.file = file
        gzbuffer(file, 1 << 17)
    }

    deinit { gzclose(file) }

    /// The most a deflate stream expands: 1032 bytes out per byte in (zlib's documented limit).
    static let maximumExpansion = 1032

    /// Throws when `count` more bytes of content cannot be in the file: more than a plain file
    /// holds after the current offset, more than its compressed size can expand to, or more than
    /// this machine's memory. Called with sizes read from a header, before allocating for them.
    func checkPlausible(_ count: Int, what: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let fileSize = Int(info.st_size)
        let compressed = gzdirect(file) == 0
        let (limit, overflow) = compressed ? fileSize.multipliedReportingOverflow(by: Self.maximumExpansion)
                                           : (fileSize - offset, false)
        if !overflow, count > limit {
            if !compressed {
                throw KerasError(.io, "\(path): truncated: expected \(what) from byte \(offset), but the file ends after \(limit) of \(count) bytes")
            }
            throw KerasError(.io, "\(path): the header declares \(what), but the file is a gzip stream of \(fileSize) bytes, which expands to at most \(limit) (a corrupt header or a truncated file)")
        }
        let memory = System.physicalMemory
        if count > memory {
            throw KerasError(.io, "\(path): the header declares \(what), more than this machine's memory (\(memory) bytes)")
        }
    }

    /// Reads exactly `count` bytes; throws naming `what` was expected when the file ends early.
    func readExactly(into buffer: UnsafeMutableRawPointer, count: Int, what: String) throws {
        var done = 0
        while done < count {
            let chunk = UInt32(min(count - done, 1 << 30))
            let n = gzread(file, buffer + done, chunk)
            if n < 0 { throw corrupt() }
            if n == 0 {
                try checkStream()
                throw KerasError(.io, "\(path): truncated: expected \(what) from byte \(offset), but the file ends after \(done) of \(count) bytes")
            }
            done += Int(n)
            offset += Int(n)
        }
    }

    /// Throws when any content follows the `expected` bytes the header accounts for.
    func expectEnd(after expected: Int) throws {
        var extra = [UInt8](repeating: 0, count: 4096)
        var more = 0
        while true {
            let n = extra.withUnsafeMutableBytes { gzread(file, $0.baseAddress!, UInt32($0.count)) }
            if n < 0 { throw corrupt() }
            if n == 0 { break }
            more += Int(n)
        }
        try checkStream()
        guard more == 0 else {
            throw KerasError(.io, "\(path): the IDX header accounts for \(expected) bytes, but the file holds \(expected + more) (\(more) bytes more than its sizes declare)")
        }
    }

    /// Throws when zlib reports a damaged stream (a truncated gzip member is `Z_BUF_ERROR`).
    private func checkStream() throws {
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if code == Z_BUF_ERROR {
            throw KerasError(.io, "\(path): truncated gzip stream: it ends after \(offset) uncompressed bytes")
        }
        if code != Z_OK { throw corrupt() }
    }

    private func corrupt() -> KerasError {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
        return KerasError(.io, "\(path): corrupt gzip data after \(offset) uncompressed bytes: \(message)")
    }

    /// Writes `bytes` to `path`, gzip-compressed or plain.
    static func write(_ bytes: [UInt8], to path: String, compressed: Bool) throws {
        guard let file = gzopen(path, compressed ? "wb6" : "wbT") else {
            throw KerasError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        var done = 0
        while done < bytes.count {
            let chunk = min(bytes.count - done, 1 << 30)
            let n = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress! + done, UInt32(chunk)) }
            guard n > 0 else { throw KerasError(.io, "cannot write \(path) after \(done) bytes") }
            done += Int(n)
        }
    }
}
