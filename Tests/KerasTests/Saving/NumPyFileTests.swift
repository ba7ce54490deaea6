import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// `.npy` / `.npz` files written by NumPy (Tests/Fixtures/NumPy/make_fixtures.py) read here
/// with their dtypes, shapes and values; files written here read back identically; malformed
/// files throw naming the file or member.
@Suite struct NumPyFileTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/NumPy/\(name)").path
    }

    @Test func readsNumPysFloat32InCOrder() throws {
        let x = try Tensor(npy: Self.fixture("f4_c.npy"))
        #expect(x.dtype == .float32 && x.shape == [2, 3, 4])
        #expect(x.doubles == (0..<24).map { 0.25 * Double($0) - 3 })
    }

    @Test func readsBigEndianFloat64() throws {
        let x = try Tensor(npy: Self.fixture("f8_big.npy"))
        #expect(x.dtype == .float64 && x.shape == [3, 2])
        #expect(x.doubles == (0..<6).map { 0.5 * Double($0) })
    }

    @Test func readsFortranOrderAsTheSameLogicalArray() throws {
        let x = try Tensor(npy: Self.fixture("i8_fortran.npy"))
        #expect(x.dtype == .int64 && x.shape == [2, 3])
        #expect(x.doubles == (0..<6).map { 7 * Double($0) - 20 })
    }

    @Test func readsBool() throws {
        let x = try Tensor(npy: Self.fixture("b1.npy"))
        #expect(x.dtype == .bool && x.shape == [5])
        #expect(x.doubles == [1, 0, 1, 0, 1])
    }

    @Test func readsACompressedNpzAsADictionary() throws {
        let arrays = try Tensor.arrays(npz: Self.fixture("pair.npz"))
        #expect(Set(arrays.keys) == ["tokens", "weights"])
        #expect(arrays["tokens"]!.dtype == .int32 && arrays["tokens"]!.shape == [2, 3])
        #expect(arrays["tokens"]!.doubles == [0, 1, 2, 3, 0, 1])
        #expect(arrays["weights"]!.doubles == [1.5, 1.5])
    }

    @Test(arguments: DType.allCases) func savedFilesReadBackIdentically(_ dtype: DType) throws {
        let dir = try makeScratchDirectory()
        let values = (0..<12).map { Double($0) * 1.25 - 4 }
        let x = Tensor(values, shape: [3, 1, 4], dtype: dtype)
        try x.save(npy: dir + "/x.npy")
        let back = try Tensor(npy: dir + "/x.npy")
        #expect(back.dtype == dtype && back.shape == [3, 1, 4] && back.doubles == x.doubles)
        // The header is padded so the data starts at a multiple of 64, as numpy.save writes it.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/x.npy"))
        #expect((bytes.count - 12 * dtype.byteSize) % 64 == 0)
    }

    @Test func scalarsAndEmptyArraysRoundTrip() throws {
        let dir = try makeScratchDirectory()
        try Tensor(scalar: 2.5).save(npy: dir + "/s.npy")
        let s = try Tensor(npy: dir + "/s.npy")
        #expect(s.shape == [] && s.doubles == [2.5])
        try Tensor(shape: [0, 3]).save(npy: dir + "/e.npy")
        #expect(try Tensor(npy: dir + "/e.npy").shape == [0, 3])
    }

    @Test func savedNpzReadsBack() throws {
        let dir = try makeScratchDirectory()
        let a = Tensor([1, 2, 3] as [Float], shape: [3])
        let b = Tensor([4, 5] as [Int32], shape: [1, 2])
        for compressed in [false, true] {
            try Tensor.save(npz: dir + "/ab.npz", ["a": a, "b": b], compressed: compressed)
            let back = try Tensor.arrays(npz: dir + "/ab.npz")
            #expect(back["a"]!.doubles == [1, 2, 3] && back["b"]!.dtype == .int32 && back["b"]!.shape == [1, 2])
        }
    }

    @Test func unsupportedDTypeThrowsNamingTheFileAndTheDType() throws {
        let path = Self.fixture("f2.npy")
        let error = try #require(throws: KerasError.self) { try Tensor(npy: path) }
        #expect(error.message.contains(path) && error.message.contains("'<f2'"))
    }

    @Test func headerThatLiesAboutTheSizeThrows() throws {
        let dir = try makeScratchDirectory()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("f4_c.npy")))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("(2, 3, 4)"))
        bytes.removeLast(4)  // one float32 short
        try bytes.write(to: URL(fileURLWithPath: dir + "/short.npy"))
        let short = try #require(throws: KerasError.self) { try Tensor(npy: dir + "/short.npy") }
        #expect(short.message.contains("short.npy") && short.message.contains("96 bytes") && short.message.contains("92"))

        // A header length running past the end of the file.
        var long = Data(NumPyFormat.magic + [1, 0, 0xFF, 0x7F])
        long.append(contentsOf: Array("{'descr': '<f4'}".utf8))
        try long.write(to: URL(fileURLWithPath: dir + "/long.npy"))
        let error = try #require(throws: KerasError.self) { try Tensor(npy: dir + "/long.npy") }
        #expect(error.message.contains("long.npy") && error.message.contains("32767"))
    }

    @Test func badNpzMemberIsNamed() throws {
        let dir = try makeScratchDirectory()
        try ZipArchive.write([("good.npy", NumPyFormat.encode(Tensor([1] as [Float], shape: [1]))),
                              ("bad.npy", Data("not numpy".utf8))], to: dir + "/m.npz", compress: false)
        let error = try #require(throws: KerasError.self) { try Tensor.arrays(npz: dir + "/m.npz") }
        #expect(error.message.contains("m.npz: member bad.npy"))
    }

    @Test func truncatedNpzThrowsNamingTheFile() throws {
        let dir = try makeScratchDirectory()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("pair.npz")))
        for cut in [10, bytes.count / 2, bytes.count - 5] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: dir + "/cut.npz"))
            let error = try #require(throws: KerasError.self) { try Tensor.arrays(npz: dir + "/cut.npz") }
            #expect(error.message.contains("cut.npz"))
        }
    }
}
