import Foundation
import Testing
@testable import Keras

@Suite("Fashion-MNIST and MNIST loading")
struct FashionMNISTTests {
    static let installed = FileManager.default.fileExists(atPath: Datasets.fashionMNISTDirectory + "train-labels-idx1-ubyte.gz")

    @Test(.enabled(if: installed, "needs Debian's dataset-fashion-mnist"))
    func debianFilesLoadLikeKerasLoadData() throws {
        let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.fashionMNIST()
        #expect(xTrain.shape == [60000, 28, 28])
        #expect(yTrain.shape == [60000])
        #expect(xTest.shape == [10000, 28, 28])
        #expect(yTest.shape == [10000])
        #expect([xTrain.dtype, yTrain.dtype, xTest.dtype, yTest.dtype] == [.uint8, .uint8, .uint8, .uint8])
        // The first training labels of Fashion-MNIST (ankle boot, T-shirt, T-shirt, dress, T-shirt).
        #expect((0..<5).map { yTrain.element($0) } == [9, 0, 0, 3, 0])
        // Cross-check against the raw bytes of the labels file: header 8 bytes, then one byte per label.
        let raw = try gunzip(Datasets.fashionMNISTDirectory + "train-labels-idx1-ubyte.gz")
        #expect(Array(raw[0..<8]) == [0, 0, 8, 1, 0, 0, 0xEA, 0x60])   // 60000 = 0xEA60
        #expect((0..<20).map { Double(raw[8 + $0]) } == (0..<20).map { yTrain.element($0) })
        // Pixels are raw 0…255 bytes; each class appears 6000 times in the training set.
        #expect(xTrain.withUnsafeBufferPointer(as: UInt8.self) { $0.max() } == 255)
        let counts = yTrain.withUnsafeBufferPointer(as: UInt8.self) { labels in
            labels.reduce(into: [Int](repeating: 0, count: 10)) { $0[Int($1)] += 1 }
        }
        #expect(counts == [Int](repeating: 6000, count: 10))
    }

    @Test func userDirectoryWithPlainFilesLoadsAsMNIST() throws {
        let dir = try DatasetTestFiles.directory()
        try DatasetTestFiles.writeImageSet(dir, prefix: "train", count: 12, gz: false)
        try DatasetTestFiles.writeImageSet(dir, prefix: "t10k", count: 5, gz: true)
        let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.mnist(directory: dir)
        #expect(xTrain.shape == [12, 4, 4])
        #expect(xTest.shape == [5, 4, 4])
        #expect(yTrain.doubles == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        #expect(yTest.doubles == [0, 1, 2, 3, 4])
        #expect(xTrain.element(16 + 3) == 10)   // image 1, pixel 3: (1·7 + 3) % 256
    }

    @Test func missingFilesNameThePathAndTheDebianPackage() throws {
        let dir = try DatasetTestFiles.directory()
        let message = DatasetTestFiles.errorMessage { _ = try Datasets.fashionMNIST(directory: dir) }
        #expect(message.contains(dir + "/train-images-idx3-ubyte.gz"))
        #expect(message.contains(dir + "/train-images.idx3-ubyte"))
        #expect(message.contains("dataset-fashion-mnist"))
        let absent = DatasetTestFiles.errorMessage { _ = try Datasets.fashionMNIST(directory: "/no/such/place") }
        #expect(absent.contains("the directory /no/such/place does not exist"))
    }

    @Test func imagesAndLabelsOfDifferentCountsAreRejected() throws {
        let dir = try DatasetTestFiles.directory()
        try DatasetTestFiles.writeImageSet(dir, prefix: "train", count: 12, labelCount: 11)
        try DatasetTestFiles.writeImageSet(dir, prefix: "t10k", count: 5)
        let message = DatasetTestFiles.errorMessage { _ = try Datasets.fashionMNIST(directory: dir) }
        #expect(message.contains("the training set has 12 images but 11 labels"))
    }

    @Test func labelsOutsideTheTenClassesAreRejected() throws {
        let dir = try DatasetTestFiles.directory()
        try DatasetTestFiles.writeImageSet(dir, prefix: "train", count: 3)
        try DatasetTestFiles.writeImageSet(dir, prefix: "t10k", count: 2)
        try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [2]) + [4, 12], dir, "t10k-labels-idx1-ubyte.gz")
        let message = DatasetTestFiles.errorMessage { _ = try Datasets.mnist(directory: dir) }
        #expect(message.contains("test label 12 is out of range"))
    }

    @Test func imagesOfTheWrongRankAreRejected() throws {
        let dir = try DatasetTestFiles.directory()
        try DatasetTestFiles.writeImageSet(dir, prefix: "train", count: 3)
        try DatasetTestFiles.writeImageSet(dir, prefix: "t10k", count: 2)
        try DatasetTestFiles.write(DatasetTestFiles.header(0x08, [2, 16]) + [UInt8](repeating: 1, count: 32), dir, "t10k-images-idx3-ubyte.gz")
        let message = DatasetTestFiles.errorMessage { _ = try Datasets.mnist(directory: dir) }
        #expect(message.contains("test images must be an IDX file of unsigned bytes of rank 3"))
    }

    private func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
