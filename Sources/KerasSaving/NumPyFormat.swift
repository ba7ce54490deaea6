import KerasCore
import Foundation

/// NumPy's `.npy` format (format versions 1.0, 2.0 and 3.0): a magic string, a header that is
/// a Python dict literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`), then
/// the elements.
///
/// Read: little- and big-endian `float32`, `float64`, `int32`, `int64`, `uint8`, `bool`, in C or
/// Fortran order. Written: version 1.0, little-endian, C order, the header padded to 64 bytes
/// as `numpy.save` pads it. Every check of a header throws a ``KerasError`` naming `source`
/// (the file, or `archive.npz: member`).
enum NumPyFormat {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// The `.npy` bytes of `tensor`.
    static func encode(_ tensor: Tensor) -> Data {
        let shape = tensor.shape.map(String.init)
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.joined(separator: ", ") + ")"
        var header = "{'descr': '\(descriptor(tensor.dtype))', 'fortran_order': False, 'shape': \(shapeText), }"
        // magic (6) + version (2) + length (2) + header + "\n", padded with spaces to 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic)
        data.append(contentsOf: [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        tensor.withUnsafeRawPointer { data.append($0.assumingMemoryBound(to: UInt8.self), count: tensor.count * tensor.dtype.byteSize) }
        return data
    }

    /// NumPy's type string for a dtype written here.
    static func descriptor(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "<f4"
        case .float64: "<f8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .bool: "|b1"
        }
    }

    /// The tensor stored in `data` (a whole `.npy` file); throws naming `source`.
    static func decode(_ data: Data, source: String) throws -> Tensor {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> KerasError {
            KerasError(.invalidArgument, "\(source): not a valid .npy file: \(message)")
        }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("the file does not start with NumPy's magic string \\x93NUMPY")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("the header length is cut off") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("format version \(major).\(bytes[7]) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw fail("the header claims \(headerLength) bytes but the file has \(bytes.count - headerStart) after the preamble")
        }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        guard let header = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw fail("the header is not text")
        }
        let fields = try parseHeader(header, fail: fail)
        let (dtype, bigEndian) = try dataType(fields.descr, fail: fail)
        var count = 1
        for dimension in fields.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int(Int32.max) * 16 else { throw fail("the shape \(fields.shape) is too large") }
            count = product
        }
        let dataStart = headerStart + headerLength
        let expected = count * dtype.byteSize
        let available = bytes.count - dataStart
        guard available == expected else {
            throw fail("the header declares \(fields.descr) \(ShapeFormat.tuple(fields.shape.map { Optional($0) })) = \(expected) bytes of data, but the file holds \(available)")
        }
        let shape = fields.fortranOrder ? Array(fields.shape.reversed()) : fields.shape
        var tensor = Tensor(uninitializedShape: shape, dtype: dtype)
        tensor.withUnsafeMutableRawPointer { target in
            bytes.withUnsafeBytes { source in
                if expected > 0 { target.copyMemory(from: source.baseAddress! + dataStart, byteCount: expected) }
            }
            if bigEndian && dtype.byteSize > 1 { swapBytes(target, count: count, width: dtype.byteSize) }
            if dtype == .bool {
                // NumPy's bool is one byte, 0 or 1; normalise any other byte to true.
                let p = target.assumingMemoryBound(to: UInt8.self)
                for i in 0..<count where p[i] > 1 { p[i] = 1 }
            }
        }
        if fields.fortranOrder && shape.count > 1 {
            return K.permuteDimensions(tensor, Array((0..<shape.count).reversed()))
        }
        return tensor
    }

    private static func swapBytes(_ pointer: UnsafeMutableRawPointer, count: Int, width: Int) {
        let p = UnsafeMutableBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count * width)
        for i in 0..<count {
            var (a, b) = (i * width, i * width + width - 1)
            while a < b {
                p.swapAt(a, b)
                a += 1
                b -= 1
            }
        }
    }

    /// The dtype for a type string, and whether it is big-endian.
    private static func dataType(_ descr: String, fail: (String) -> KerasError) throws -> (DType, Bool) {
        guard let order = descr.first, descr.count >= 2 else { throw fail("dtype '\(descr)' is not a NumPy type string") }
        let code = order == "<" || order == ">" || order == "|" || order == "=" ? String(descr.dropFirst()) : descr
        let dtype: DType? = switch code {
        case "f4": .float32
        case "f8": .float64
        case "i4": .int32
        case "i8": .int64
        case "u1": .uint8
        case "b1": .bool
        default: nil
        }
        guard let dtype else {
            throw fail("dtype '\(descr)' is not supported; supported: float32 (<f4), float64 (<f8), int32 (<i4), int64 (<i8), uint8 (|u1), bool (|b1)")
        }
        return (dtype, order == ">")
    }

    private struct Header {
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]
    }

    /// Parses the header dict: exactly the keys `descr`, `fortran_order` and `shape`.
    private static func parseHeader(_ text: String, fail: (String) -> KerasError) throws -> Header {
        var s = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard s.first == "{", s.last == "}" else { throw fail("the header is not a dict: \(text.prefix(80))") }
        s = s.dropFirst().dropLast()
        var descr: String?
        var fortran: Bool?
        var shape: [Int]?
        func skipSpaces() { while let c = s.first, c == " " || c == "," || c == "\n" { s.removeFirst() } }
        func quoted() throws -> String {
            guard let quote = s.first, quote == "'" || quote == "\"" else { throw fail("expected a quoted string in the header") }
            s.removeFirst()
            guard let end = s.firstIndex(of: quote) else { throw fail("unterminated string in the header") }
            let value = String(s[..<end])
            s = s[s.index(after: end)...]
            return value
        }
        skipSpaces()
        while !s.isEmpty {
            let key = try quoted()
            skipSpaces()
            guard s.first == ":" else { throw fail("expected ':' after '\(key)' in the header") }
            s.removeFirst()
            while s.first == " " { s.removeFirst() }
            switch key {
            case "descr":
                guard s.first == "'" || s.first == "\"" else {
                    throw fail("dtype \(s.prefix(40)) is a structured dtype, which is not supported")
                }
                descr = try quoted()
            case "fortran_order":
                if s.hasPrefix("True") { fortran = true; s.removeFirst(4) } else if s.hasPrefix("False") { fortran = false; s.removeFirst(5) } else {
                    throw fail("fortran_order must be True or False")
                }
            case "shape":
                guard s.first == "(", let end = s.firstIndex(of: ")") else { throw fail("shape must be a tuple") }
                let inner = s[s.index(after: s.startIndex)..<end]
                s = s[s.index(after: end)...]
                var dims: [Int] = []
                for part in inner.split(separator: ",") {
                    let trimmed = part.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { continue }
                    guard let d = Int(trimmed.hasSuffix("L") ? String(trimmed.dropLast()) : trimmed), d >= 0 else {
                        throw fail("shape entry '\(trimmed)' is not a non-negative integer")
                    }
                    dims.append(d)
                }
                guard dims.count <= 32 else { throw fail("shape has \(dims.count) dimensions (at most 32)") }
                shape = dims
            default:
                throw fail("unexpected header key '\(key)'")
            }
            skipSpaces()
        }
        guard let descr, let fortran, let shape else {
            throw fail("the header must hold 'descr', 'fortran_order' and 'shape'")
        }
        return Header(descr: descr, fortranOrder: fortran, shape: shape)
    }
}
