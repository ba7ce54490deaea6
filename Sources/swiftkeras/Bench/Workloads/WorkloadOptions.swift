import ArgumentParser
import Foundation
import Keras

/// Options every peer workload takes: the backend, the thread count and where the data is.
struct WorkloadOptions: ParsableArguments {
    @Option(help: "Backend: auto (each kernel on the fastest plugin that runs it), reference, or a plugin backend's name.")
    var backend = "auto"

    @Option(help: "Threads the kernels may use; default: all cores.")
    var threads: Int?

    @Option(help: "Directory holding the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist).")
    var data: String?

    @Option(help: "Random seed for weights and shuffling.")
    var seed = 1

    @OptionGroup var profiling: ProfileOptions

    /// Selects the backend and seeds the generator; returns the backend's name.
    func activate() throws -> String {
        if let threads { KerasConfig.threads = threads }
        try ActiveBackend.select(backend)
        K.setRandomSeed(seed)
        return K.backendName()
    }

    /// Fashion-MNIST for a workload: the training images (the first `limit`) as shuffled batches
    /// and the test images as batches, both kept as uint8 and scaled to float32 in [0, 1] one
    /// batch at a time (the peer scripts scale the whole set up front; the values each step sees
    /// are the same), labels one-hot over 10 classes; plus the test images as one float32 tensor
    /// for the predict measurements.
    func fashionMNIST(sampleShape: [Int], batchSize: Int, testBatchSize: Int, limit: Int? = nil) throws
        -> (train: ImageBatches, test: ImageBatches, xTest: Tensor) {
        let set = try Datasets.fashionMNIST(directory: data)
        let count = min(limit ?? set.train.x.shape[0], set.train.x.shape[0])
        let images = count == set.train.x.shape[0] ? set.train.x : set.train.x[0 ..< count]
        let labels = count == set.train.y.shape[0] ? set.train.y : set.train.y[0 ..< count]
        let train = try ImageBatches(images: images, labels: labels, batchSize: batchSize, sampleShape: sampleShape,
                                     oneHotClasses: 10, shuffle: true)
        let test = try ImageBatches(images: set.test.x, labels: set.test.y, batchSize: testBatchSize,
                                    sampleShape: sampleShape, oneHotClasses: 10)
        let xTest = K.reshape(K.cast(set.test.x, .float32) / 255, [set.test.x.shape[0]] + sampleShape)
        return (train, test, xTest)
    }
}
