/// Randomly sets input units to 0 with probability `rate` during training, scaling the kept
/// units by `1 / (1 − rate)` so that the expected sum is unchanged (inverted dropout).
///
/// Active only when the layer is called with `training: true` (as `fit` does); otherwise it
/// returns its input unchanged.
///
/// - Parameters:
///   - rate: the fraction of units to drop, in `[0, 1]`.
///   - noiseShape: the shape of the keep/drop mask, broadcast against the input; `nil` entries
///     take the input's size (`[nil, 1, nil]` drops the same features at every time step).
///   - seed: makes the masks reproducible; each call draws a new mask from the seeded stream.
///
/// Input shape: any. Output shape: the input shape.
///
/// ```swift
/// let y = try Dropout(0.5)(Input(shape: [64]))
/// let z = try Dropout(0.2, seed: 7)(Tensor(shape: [2, 4], repeating: 1), training: true)
/// ```
///
/// Mirrors Keras's `keras.layers.Dropout`.
public final class Dropout: Layer, SeededDraws {
    public let rate: Double
    public let noiseShape: [Int?]?
    public let seed: Int?
    /// Calls drawn so far with `seed` (Keras 3's seed generator state).
    var drawCount = 0

    /// Creates a dropout layer; see the type's documentation for the arguments.
    public init(_ rate: Double, noiseShape: [Int?]? = nil, seed: Int? = nil, name: String? = nil,
                trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        precondition(rate >= 0 && rate <= 1,
                     "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        self.rate = rate
        self.noiseShape = noiseShape
        self.seed = seed
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        supportsMasking = true
    }

    /// The layer from its Keras 3 config (`rate`, `noise_shape`, `seed`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let rate = try config.required("rate", config.double)
        guard rate >= 0 && rate <= 1 else {
            throw KerasError(.invalidArgument, "\(config.context): Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        }
        self.init(rate, noiseShape: try config.shape("noise_shape"), seed: try config.int("seed"),
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && rate > 0 else { return input }
        if rate >= 1 { return K.multiply(input, K.zerosLike(input)) }
        _ = try resolvedNoiseShape(for: input.shape)  // checks it against the input
        let callSeed = seed.map { $0 &+ drawCount &* 1_000_003 }
        drawCount += 1
        // The noise shape as given (`nil` entries: the input's), so K.dropout knows whether the
        // mask has a row per sample.
        return K.dropout(input, level: rate, noiseShape: noiseShape, seed: callSeed)
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] { inputShape }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["rate"] = .number(rate)
        config["seed"] = seed.map { .number(Double($0)) } ?? .null
        config["noise_shape"] = noiseShape.map(LayerConfig.shape) ?? .null
        return config
    }

    /// The mask shape for an input of `shape`: `noiseShape` with unknown entries filled in.
    private func resolvedNoiseShape(for shape: [Int]) throws -> [Int] {
        guard let noiseShape else { return shape }
        guard noiseShape.count == shape.count else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (Dropout): noise_shape \(ShapeFormat.tuple(noiseShape)) has rank \(noiseShape.count), but the input has shape \(ShapeFormat.tuple(shape))")
        }
        let resolved = zip(noiseShape, shape).map { n, s in n ?? s }
        for (n, s) in zip(resolved, shape) where n != s && n != 1 {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (Dropout): noise_shape \(ShapeFormat.tuple(noiseShape)) does not broadcast to the input shape \(ShapeFormat.tuple(shape)) (\(n) vs \(s))")
        }
        return resolved
    }
}
