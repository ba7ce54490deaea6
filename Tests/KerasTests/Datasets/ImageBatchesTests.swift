import Testing
@testable import Keras

@Suite("ImageBatches")
struct ImageBatchesTests {
    /// 5 images of 2×2: pixel j of image i is 10·i + j; labels 4, 3, 2, 1, 0.
    func source(batchSize: Int = 2, sampleShape: [Int]? = nil, oneHot: Int? = nil, shuffle: Bool = false) throws -> ImageBatches {
        let pixels = (0..<5).flatMap { i in (0..<4).map { UInt8(10 * i + $0) } }
        return try ImageBatches(images: Tensor(pixels, shape: [5, 2, 2]), labels: Tensor([4, 3, 2, 1, 0] as [UInt8], shape: [5]),
                                batchSize: batchSize, sampleShape: sampleShape, oneHotClasses: oneHot, shuffle: shuffle, seed: 3)
    }

    @Test func batchesAreScaledFloat32InTheRequestedShape() throws {
        let batches = try source(sampleShape: [4])
        #expect(batches.batchCount == 3)
        let b = try batches.batch(at: 1, epoch: 0)
        #expect(b.x[0].dtype == .float32)
        #expect(b.x[0].shape == [2, 4])
        let expected = [20.0, 21, 22, 23, 30, 31, 32, 33].map { Double(Float($0) * Float(1.0 / 255)) }
        #expect(b.x[0].doubles == expected)
        #expect(b.y[0].dtype == .int32)
        #expect(b.y[0].doubles == [2, 1])
        let last = try batches.batch(at: 2, epoch: 0)
        #expect(last.x[0].shape == [1, 4])
        #expect(last.y[0].doubles == [0])
    }

    @Test func channelsLastShapeAndOneHotLabels() throws {
        let b = try source(sampleShape: [2, 2, 1], oneHot: 5).batch(at: 0, epoch: 0)
        #expect(b.x[0].shape == [2, 2, 2, 1])
        #expect(b.y[0].shape == [2, 5])
        #expect(b.y[0].doubles == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0])
    }

    @Test func shuffledEpochsVisitEverySampleOnceInNewOrders() throws {
        let batches = try source(batchSize: 2, sampleShape: [4], shuffle: true)
        func labels(epoch: Int) throws -> [Double] {
            try (0..<batches.batchCount).flatMap { try batches.batch(at: $0, epoch: epoch).y[0].doubles }
        }
        let first = try labels(epoch: 0)
        #expect(first.sorted() == [0, 1, 2, 3, 4])
        #expect(try labels(epoch: 0) == first)          // the same epoch gives the same order
        let orders = try (0..<6).map { try labels(epoch: $0) }
        #expect(Set(orders.map { "\($0)" }).count > 1)  // epochs reshuffle
        // Pixels travel with their labels: image i starts with 10·i and has label 4 − i.
        let b = try batches.batch(at: 0, epoch: 3)
        for row in 0..<b.size {
            let i = (b.x[0].element(row * 4) * 255).rounded()
            #expect(b.y[0].element(row) == 4 - i / 10)
        }
    }

    @Test func validationSplitTakesTheLastSamplesUnshuffled() throws {
        let (train, validation) = try source(batchSize: 2, sampleShape: [4], shuffle: true).split(validationFraction: 0.4)
        #expect(train.sampleCount == 3)
        #expect(validation.sampleCount == 2)
        #expect(!validation.shuffle)
        #expect(try validation.batch(at: 0, epoch: 5).y[0].doubles == [1, 0])
        let seen = try (0..<train.batchCount).flatMap { try train.batch(at: $0, epoch: 1).y[0].doubles }
        #expect(seen.sorted() == [2, 3, 4])
    }

    @Test func badArgumentsThrowNamingTheArgument() throws {
        let images = Tensor([UInt8](repeating: 0, count: 8), shape: [2, 4])
        #expect(DatasetTestFiles.errorMessage { _ = try ImageBatches(images: K.cast(images, .float32)) }.contains("`images` must be uint8"))
        #expect(DatasetTestFiles.errorMessage { _ = try ImageBatches(images: images, sampleShape: [3]) }.contains("holds 3 elements"))
        #expect(DatasetTestFiles.errorMessage { _ = try ImageBatches(images: images, labels: Tensor([1] as [UInt8], shape: [1])) }.contains("one per image"))
        #expect(DatasetTestFiles.errorMessage { _ = try ImageBatches(images: images, labels: Tensor([1, 7] as [UInt8], shape: [2]), oneHotClasses: 5) }.contains("label 7 is outside 0..<5"))
        #expect(DatasetTestFiles.errorMessage { _ = try ImageBatches(images: images, batchSize: 0) }.contains("`batchSize` must be a positive integer"))
    }

    @Test func predictOverABatchSourceConcatenatesBatches() throws {
        let x = Input(shape: [4])
        let model = try Model(inputs: x, outputs: Dense(1, kernelInitializer: .ones, biasInitializer: .zeros)(x))
        let out = try model.predict(source(batchSize: 2, sampleShape: [4]))
        #expect(out.shape == [5, 1])
        // Row i sums (10i + j)/255 over j = 0…3: (40i + 6)/255.
        for i in 0..<5 { #expect(abs(out.element(i) - Double(40 * i + 6) / 255) < 1e-5) }
    }
}
