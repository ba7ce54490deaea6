import KerasCore

/// Batches of uint8 images converted to float32 one batch at a time: the data set stays in its
/// compact uint8 form (47 MB for Fashion-MNIST's training images instead of 188 MB as float32)
/// and only the batch being trained on is gathered, scaled (`pixel × scale`, by default 1/255)
/// and laid out in `sampleShape` (`[784]` for an MLP, `[28, 28, 1]` for a CNN).
///
/// Labels (integer class ids) come out as `int32` of shape `(batch,)` for the sparse losses, or
/// one-hot `float32` `(batch, classes)` with `oneHotClasses` for `categorical_crossentropy`.
/// With `shuffle`, each epoch visits the samples in a new seeded order (Keras's
/// `shuffle=True`); `K.setRandomSeed` makes the orders reproducible.
///
/// ```swift
/// let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.fashionMNIST()
/// let all = try ImageBatches(images: xTrain, labels: yTrain, batchSize: 128, sampleShape: [784],
///                            oneHotClasses: 10, shuffle: true)
/// let (train, validation) = try all.split(validationFraction: 0.1)
/// try model.fit(train, epochs: 3, validation: validation)
/// let scores = try model.evaluate(ImageBatches(images: xTest, labels: yTest, batchSize: 1000,
///                                              sampleShape: [784], oneHotClasses: 10))
/// ```
public struct ImageBatches: ShardableBatchSource {
    /// The images, uint8, `(n, …)`.
    public let images: Tensor
    /// The labels, an integer tensor `(n,)`, or `nil` for `predict`.
    public let labels: Tensor?
    /// The samples this source covers (all of them unless split).
    public let samples: Range<Int>
    public let batchSize: Int
    /// The shape of one sample in a batch; its element count is that of one image.
    public let sampleShape: [Int]
    /// The factor each pixel is multiplied by.
    public let scale: Float
    /// Labels come out one-hot with this many classes when set, as int32 class ids otherwise.
    public let oneHotClasses: Int?
    /// Whether each epoch visits the samples in a new order.
    public let shuffle: Bool
    private let seed: Int
    private let orders = EpochOrderCache()

    /// - Parameters:
    ///   - images: uint8 images `(n, …)`.
    ///   - labels: integer class ids `(n,)` (uint8, int32 or int64), or `nil`.
    ///   - sampleShape: one sample's shape in a batch; by default the image's own shape.
    ///   - seed: the shuffle seed; by default drawn from the core generator (`K.setRandomSeed`).
    /// - Throws: ``KerasError`` when the images are not uint8, labels do not match their count
    ///   or are not integers, `sampleShape` holds a different number of elements, a label is
    ///   outside `0..<oneHotClasses`, or `batchSize` is not positive.
    public init(images: Tensor, labels: Tensor? = nil, batchSize: Int = 32, sampleShape: [Int]? = nil,
                scale: Double = 1.0 / 255, oneHotClasses: Int? = nil, shuffle: Bool = false,
                seed: Int? = nil) throws {
        guard images.dtype == .uint8, images.rank >= 1 else {
            throw KerasError(.invalidArgument, "ImageBatches: `images` must be uint8 with a batch axis; received \(images.dtype) of shape \(images.shape)")
        }
        guard batchSize > 0 else {
            throw KerasError(.invalidArgument, "ImageBatches: `batchSize` must be a positive integer, received \(batchSize)")
        }
        let imageShape = Array(images.shape.dropFirst())
        let shape = sampleShape ?? imageShape
        guard shape.reduce(1, *) == imageShape.reduce(1, *) else {
            throw KerasError(.invalidArgument, "ImageBatches: `sampleShape` \(shape) holds \(shape.reduce(1, *)) elements, but each image \(imageShape) holds \(imageShape.reduce(1, *))")
        }
        if let labels {
            guard labels.dtype.isInteger, labels.rank == 1, labels.shape[0] == images.shape[0] else {
                throw KerasError(.invalidArgument, "ImageBatches: `labels` must be integer class ids of shape (\(images.shape[0]),), one per image; received \(labels.dtype) of shape \(labels.shape)")
            }
            if let classes = oneHotClasses {
                let ids = labels.doubles
                if let bad = ids.first(where: { $0 < 0 || $0 >= Double(classes) }) {
                    throw KerasError(.invalidArgument, "ImageBatches: label \(Int(bad)) is outside 0..<\(classes) (`oneHotClasses`)")
                }
            }
        }
        self.images = images
        self.labels = labels
        self.samples = 0 ..< images.shape[0]
        self.batchSize = batchSize
        self.sampleShape = shape
        self.scale = Float(scale)
        self.oneHotClasses = oneHotClasses
        self.shuffle = shuffle
        self.seed = seed ?? Int(K.randomUniform([1], dtype: .float64).item * 1e9)
    }

    private init(_ base: ImageBatches, samples: Range<Int>, shuffle: Bool) {
        images = base.images
        labels = base.labels
        self.samples = samples
        batchSize = base.batchSize
        sampleShape = base.sampleShape
        scale = base.scale
        oneHotClasses = base.oneHotClasses
        self.shuffle = shuffle
        seed = base.seed
    }

    /// The number of samples covered.
    public var sampleCount: Int { samples.count }

    public var batchCount: Int { (samples.count + batchSize - 1) / batchSize }

    /// The training part (the first `1 − fraction` of the samples) and the validation part (the
    /// last `fraction`, never shuffled) — Keras's `validation_split`, which also takes the last
    /// samples before any shuffling. Both share this source's images: nothing is copied.
    public func split(validationFraction fraction: Double) throws -> (train: ImageBatches, validation: ImageBatches) {
        let cut = samples.lowerBound + Int((Double(samples.count) * (1 - fraction)).rounded(.down))
        guard fraction > 0, fraction < 1, cut > samples.lowerBound, cut < samples.upperBound else {
            throw KerasError(.invalidArgument, "ImageBatches: validation fraction \(fraction) must be in (0, 1) and leave samples on both sides; \(samples.count) samples")
        }
        return (ImageBatches(self, samples: samples.lowerBound ..< cut, shuffle: shuffle),
                ImageBatches(self, samples: cut ..< samples.upperBound, shuffle: false))
    }

    /// Batch `index` of `epoch`: `x` float32 `(b, sampleShape…)`, `y` the batch's labels.
    public func batch(at index: Int, epoch: Int) throws -> Batch {
        guard index >= 0 && index < batchCount else {
            throw KerasError(.invalidArgument, "ImageBatches: batch \(index) requested, expected 0..<\(batchCount)")
        }
        return try batch(at: index, epoch: epoch, rows: 0 ..< min(batchSize, samples.count - index * batchSize))
    }

    /// Rows `rows` (positions within the batch) of batch `index`: what one rank of a
    /// ``DataParallel`` job trains on.
    public func batch(at index: Int, epoch: Int, rows part: Range<Int>) throws -> Batch {
        let size = min(batchSize, samples.count - index * batchSize)
        guard index >= 0 && index < batchCount, part.lowerBound >= 0, part.upperBound <= size else {
            throw KerasError(.invalidArgument, "ImageBatches: rows \(part) of batch \(index) requested, expected a batch in 0..<\(batchCount) and rows within 0..<\(max(0, size))")
        }
        let positions = index * batchSize + part.lowerBound ..< index * batchSize + part.upperBound
        let rows: [Int]
        if shuffle {
            let order = orders.order(epoch: epoch, count: samples.count, seed: seed)
            rows = positions.map { samples.lowerBound + order[$0] }
        } else {
            rows = positions.map { samples.lowerBound + $0 }
        }
        let x = gatherScaled(rows)
        guard let labels else { return Batch(x: [x]) }
        return Batch(x: [x], y: [gatherLabels(labels, rows)], sampleWeights: [nil])
    }

    /// The images at `rows`, converted to float32 and scaled, in `(rows.count, sampleShape…)`.
    func gatherScaled(_ rows: [Int]) -> Tensor {
        let width = sampleShape.reduce(1, *)
        var out = Tensor(uninitializedShape: [rows.count] + sampleShape, dtype: .float32)
        let scale = self.scale
        images.withUnsafeBufferPointer(as: UInt8.self) { src in
            out.withUnsafeMutableBufferPointer(as: Float.self) { dst in
                for (i, row) in rows.enumerated() {
                    let from = src.baseAddress! + row * width
                    let to = dst.baseAddress! + i * width
                    for j in 0..<width { to[j] = Float(from[j]) * scale }
                }
            }
        }
        return out
    }

    /// The labels at `rows`: one-hot float32 `(b, classes)` or int32 `(b,)`.
    func gatherLabels(_ labels: Tensor, _ rows: [Int]) -> Tensor {
        let ids = rows.map { Int(labels.element($0)) }
        guard let classes = oneHotClasses else {
            return Tensor(ids.map { Int32($0) }, shape: [ids.count])
        }
        var hot = [Float](repeating: 0, count: ids.count * classes)
        for (i, id) in ids.enumerated() { hot[i * classes + id] = 1 }
        return Tensor(hot, shape: [ids.count, classes])
    }
}
