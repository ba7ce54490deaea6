/// Pads the time axis of a sequence with zeros: `(batch, steps, features)` →
/// `(batch, before + steps + after, features)`.
///
/// - Parameter padding: zeros on axis 1 (``IntOrTuple``): `2` pads 2 on each side, `[1, 2]`
///   (Keras's `(1, 2)`) pads 1 before and 2 after.
///
/// ```swift
/// let y = try ZeroPadding1D(padding: [1, 2])(Input(shape: [5, 3]))      // (None, 8, 3)
/// ```
///
/// Mirrors Keras's `keras.layers.ZeroPadding1D`.
public final class ZeroPadding1D: Layer {
    /// `(before, after)`.
    public let padding: (Int, Int)

    /// Pads `padding` zeros on each side (1 by default), or `[before, after]`.
    public init(padding: IntOrTuple = 1, name: String? = nil, trainable: Bool = true, dtype: DType? = nil,
                inputShape: [Int?]? = nil) {
        self.padding = checkedArguments(Self.self) { try padding.pairs(count: 1, argument: "padding")[0] }
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: 3)]
    }

    /// The layer from its Keras 3 config (`padding`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let pair = try config.pairs("padding", count: 1)?[0] ?? (1, 1)
        self.init(padding: [.int(pair.0), .int(pair.1)], name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        K.temporalPadding(input, padding: padding)
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        var shape = inputShape
        shape[1] = shape[1].map { $0 + padding.0 + padding.1 }
        return shape
    }

    public override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] { inputDTypes }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["padding"] = SpatialPairs.encode([padding])
        return config
    }
}
