import Foundation
import Keras
@testable import KerasCore
@testable import KerasDatasets

/// Hand-made IDX files in a fresh temporary directory.
enum DatasetTestFiles {
    static func directory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// An IDX header: two zero bytes, the type code, the rank, then each size big-endian.
    static func header(_ type: UInt8, _ shape: [Int]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for size in shape { bytes += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] }
        return bytes
    }

    /// Writes `bytes` to `directory/name`, gzip-compressed when the name ends in `.gz`.
    @discardableResult
    static func write(_ bytes: [UInt8], _ directory: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try GzipReader.write(bytes, to: path, compressed: name.hasSuffix(".gz"))
        return path
    }

    /// The message of the KerasError `body` throws ("" when it does not throw one).
    static func errorMessage(_ body: () throws -> Void) -> String {
        do { try body() } catch let error as KerasError { return error.message } catch { return "other error: \(error)" }
        return ""
    }

    /// A small MNIST-style set: `count` images of `side`×`side` where pixel j of image i is
    /// `(i * 7 + j) % 256`, labels `i % 10`.
    static func writeImageSet(_ directory: String, prefix: String, count: Int, labelCount: Int? = nil,
                              side: Int = 4, gz: Bool = true) throws {
        var images = header(0x08, [count, side, side])
        for i in 0..<count { for j in 0..<(side * side) { images.append(UInt8((i * 7 + j) % 256)) } }
        let n = labelCount ?? count
        let labels = header(0x08, [n]) + (0..<n).map { UInt8($0 % 10) }
        let suffix = gz ? ".gz" : ""
        try write(images, directory, "\(prefix)-images-idx3-ubyte\(suffix)")
        try write(labels, directory, "\(prefix)-labels-idx1-ubyte\(suffix)")
    }
}

extension DatasetTestFiles {
    /// The bytes of the file at `path`, as stored (compressed files stay compressed).
    static func rawBytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
