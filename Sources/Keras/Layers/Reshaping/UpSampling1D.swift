/// Repeats each time step `size` times: `(batch, steps, features)` →
/// `(batch, steps · size, features)`.
///
/// - Parameter size: the upsampling factor (2 by default): an integer, or `[n]` as the other
///   size arguments take one value per axis (``IntOrTuple``).
///
/// ```swift
/// let y = try UpSampling1D(size: 3)(Input(shape: [4, 8]))      // (None, 12, 8)
/// ```
///
/// Mirrors Keras's `keras.layers.UpSampling1D`.
public final class UpSampling1D: Layer {
    public let size: Int

    /// Creates the layer with factor `size`.
    public init(size: IntOrTuple = 2, name: String? = nil, trainable: Bool = true, dtype: DType? = nil,
                inputShape: [Int?]? = nil) {
        self.size = checkedArguments(Self.self) { try size.values(count: 1, argument: "size")[0] }
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: 3)]
    }

    /// The layer from its Keras 3 config (`size`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let size = try config.sizes("size", count: 1)?[0] ?? 2
        self.init(size: .int(size), name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        K.repeatElements(input, rep: size, axis: 1)
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        [inputShape[0], inputShape[1].map { $0 * size }, inputShape[2]]
    }

    public override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] { inputDTypes }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["size"] = .number(Double(size))
        return config
    }
}
