import Testing
import Keras
@testable import KerasCore
@testable import KerasDatasets

@Suite("IDX files")
struct IDXFileTests {
    @Test(arguments: [false, true])
    func unsignedBytesReadAsUInt8(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [2, 3]) + [0, 1, 2, 253, 254, 255], dir, gz ? "u.gz" : "u")
        let t = try IDXFile.read(path)
        #expect(t.dtype == .uint8)
        #expect(t.shape == [2, 3])
        #expect(t.doubles == [0, 1, 2, 253, 254, 255])
    }

    @Test(arguments: [false, true])
    func signedBytesWidenToInt32(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x09, [4]) + [0x00, 0x7F, 0x80, 0xFF], dir, gz ? "s.gz" : "s")
        let t = try IDXFile.read(path)
        #expect(t.dtype == .int32)
        #expect(t.doubles == [0, 127, -128, -1])
    }

    @Test(arguments: [false, true])
    func bigEndianShortsWidenToInt32(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        // 0x0102 = 258, 0xFFFE = -2, 0x8000 = -32768
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x0B, [3]) + [0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00], dir, gz ? "h.gz" : "h")
        let t = try IDXFile.read(path)
        #expect(t.dtype == .int32)
        #expect(t.doubles == [258, -2, -32768])
    }

    @Test(arguments: [false, true])
    func bigEndianIntsReadAsInt32(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        // 0x01020304 = 16909060, 0xFFFFFFFF = -1
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0xFF, 0xFF, 0xFF, 0xFF]
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x0C, [1, 2]) + bytes, dir, gz ? "i.gz" : "i")
        let t = try IDXFile.read(path)
        #expect(t.dtype == .int32)
        #expect(t.shape == [1, 2])
        #expect(t.doubles == [16909060, -1])
    }

    @Test(arguments: [false, true])
    func bigEndianFloatsReadAsFloat32(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        // 1.5 = 0x3FC00000, -2.0 = 0xC0000000
        let bytes: [UInt8] = [0x3F, 0xC0, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00]
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x0D, [2]) + bytes, dir, gz ? "f.gz" : "f")
        let t = try IDXFile.read(path)
        #expect(t.dtype == .float32)
        #expect(t.doubles == [1.5, -2])
    }

    @Test(arguments: [false, true])
    func bigEndianDoublesReadAsFloat64(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        // 0.25 = 0x3FD0000000000000, -3.0 = 0xC008000000000000
        let bytes: [UInt8] = [0x3F, 0xD0, 0, 0, 0, 0, 0, 0, 0xC0, 0x08, 0, 0, 0, 0, 0, 0]
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x0E, [2, 1, 1]) + bytes, dir, gz ? "d.gz" : "d")
        let t = try IDXFile.read(path)
        #expect(t.dtype == .float64)
        #expect(t.shape == [2, 1, 1])
        #expect(t.doubles == [0.25, -3])
    }

    @Test func writeThenReadKeepsValuesForEveryElementType() throws {
        let dir = try DatasetTestFiles.directory()
        let values: [Double] = [-3, 0, 5, 100]
        for type in IDXFile.ElementType.allCases {
            let expected = type == .uint8 ? [253, 0, 5, 100] : values   // uint8 wraps −3 like a C cast
            let path = dir + "/w-\(type.rawValue).gz"
            try IDXFile.write(Tensor(values, shape: [2, 2], dtype: .float64), to: path, elementType: type)
            #expect(try IDXFile.readHeader(path) == IDXFile.Header(elementType: type, shape: [2, 2]))
            let back = try IDXFile.read(path)
            #expect(back.dtype == type.dtype)
            #expect(back.doubles == expected, "\(type)")
        }
    }

    @Test func badMagicNamesTheFileAndWhatWasFound() throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 7], dir, "magic")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }
        #expect(message.contains(path))
        #expect(message.contains("bad magic number"))
        #expect(message.contains("0x12 0x34"))
    }

    @Test func unknownTypeCodeIsRejected() throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write([0, 0, 0x0A, 1, 0, 0, 0, 1, 7], dir, "type")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }
        #expect(message.contains("unknown IDX element type code 0xA"))
    }

    @Test func rankZeroIsRejected() throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write([0, 0, 0x08, 0, 7], dir, "rank0")
        #expect(DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }.contains("rank 0"))
    }

    @Test func truncatedHeaderSaysWhatWasExpected() throws {
        let dir = try DatasetTestFiles.directory()
        let short = try DatasetTestFiles.write([0, 0], dir, "short")
        #expect(DatasetTestFiles.errorMessage { _ = try IDXFile.read(short) }.contains("expected a 4-byte IDX magic number"))
        let sizes = try DatasetTestFiles.write([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0], dir, "sizes.gz")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(sizes) }
        #expect(message.contains(sizes))
        #expect(message.contains("3 dimension sizes"))
    }

    @Test(arguments: [false, true])
    func truncatedDataSaysHowMuchWasExpected(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [2, 3]) + [1, 2, 3, 4], dir, gz ? "t.gz" : "t")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }
        #expect(message.contains(path))
        #expect(message.contains("truncated"))
        #expect(message.contains("6 bytes of data (2×3 unsigned bytes)"))
        #expect(message.contains("after 4 of 6 bytes"))
    }

    @Test(arguments: [false, true])
    func moreDataThanTheHeaderDeclaresIsRejected(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [2]) + [1, 2, 3], dir, gz ? "long.gz" : "long")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }
        #expect(message.contains("accounts for 10 bytes, but the file holds 11"))
    }

    @Test func cutGzipStreamIsReportedAsTruncated() throws {
        let dir = try DatasetTestFiles.directory()
        let whole = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [4096]) + (0..<4096).map { UInt8($0 * 31 % 251) }, dir, "whole.gz")
        let bytes = try [UInt8](readBytes(whole))
        let cut = try DatasetTestFiles.write(Array(bytes.prefix(bytes.count / 2)), dir, "cut")   // plain write of half the gzip bytes
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(cut) }
        #expect(message.contains(cut))
        #expect(message.contains("truncated"))
    }

    @Test func corruptGzipDataIsReported() throws {
        let dir = try DatasetTestFiles.directory()
        let whole = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [4096]) + (0..<4096).map { UInt8($0 * 31 % 251) }, dir, "whole.gz")
        var bytes = try [UInt8](readBytes(whole))
        for i in 20..<40 { bytes[i] ^= 0x5A }
        let bad = try DatasetTestFiles.write(bytes, dir, "bad")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(bad) }
        #expect(message.contains(bad))
        #expect(message.contains("gzip"))
    }

    /// A header claiming 10⁹ images used to be allocated for before reading (and the failed
    /// allocation killed the process); now the declared size is checked against the file first.
    @Test(arguments: [false, true])
    func headerDeclaringMoreThanTheFileHoldsIsRejectedBeforeAllocating(gz: Bool) throws {
        let dir = try DatasetTestFiles.directory()
        let path = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [1_000_000_000, 28, 28]) + [UInt8](repeating: 7, count: 7840),
                                              dir, gz ? "huge.gz" : "huge")
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }
        #expect(message.contains(path))
        #expect(message.contains("784000000000 bytes of data (1000000000×28×28 unsigned bytes)"))
        #expect(message.contains(gz ? "a gzip stream of" : "the file ends after 7840 of 784000000000 bytes"))
    }

    @Test func gzipStreamWithoutItsTrailerIsRejected() throws {
        let dir = try DatasetTestFiles.directory()
        let whole = try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [4096]) + (0..<4096).map { UInt8($0 * 31 % 251) }, dir, "whole.gz")
        let bytes = try readBytes(whole)
        for cut in [8, 4, 1] {   // the CRC-32 and length trailer missing, or part of it
            let path = try DatasetTestFiles.write(Array(bytes.dropLast(cut)), dir, "no-trailer-\(cut)")
            let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read(path) }
            #expect(message.contains(path), "cut \(cut): \(message)")
            #expect(message.contains("truncated gzip stream"), "cut \(cut): \(message)")
        }
    }

    @Test func missingFileNamesThePath() {
        let message = DatasetTestFiles.errorMessage { _ = try IDXFile.read("/nonexistent/dir/x-idx1-ubyte") }
        #expect(message.contains("cannot open /nonexistent/dir/x-idx1-ubyte"))
    }

    private func readBytes(_ path: String) throws -> [UInt8] {
        let t = try IDXFile.read(path)   // sanity: the file itself is valid
        #expect(t.count == 4096)
        return try DatasetTestFiles.rawBytes(path)
    }
}
