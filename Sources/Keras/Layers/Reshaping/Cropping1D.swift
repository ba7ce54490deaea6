/// Crops entries from the start and end of the time axis: `(batch, steps, features)` →
/// `(batch, steps − start − end, features)`.
///
/// - Parameter cropping: entries removed from axis 1 (``IntOrTuple``): `2` removes 2 at each
///   end, `[1, 2]` (Keras's `(1, 2)`) 1 at the start and 2 at the end.
///
/// Cropping as much as the whole axis (or more) throws.
///
/// ```swift
/// let y = try Cropping1D(cropping: [1, 2])(Input(shape: [10, 4]))     // (None, 7, 4)
/// ```
///
/// Mirrors Keras's `keras.layers.Cropping1D`.
public final class Cropping1D: Layer {
    /// `(start, end)`.
    public let cropping: (Int, Int)

    /// Crops `cropping` entries at each end (1 by default), or `[start, end]`.
    public init(cropping: IntOrTuple = 1, name: String? = nil, trainable: Bool = true, dtype: DType? = nil,
                inputShape: [Int?]? = nil) {
        self.cropping = checkedArguments(Self.self) { try cropping.pairs(count: 1, argument: "cropping")[0] }
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: 3)]
    }

    /// The layer from its Keras 3 config (`cropping`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let pair = try config.pairs("cropping", count: 1)?[0] ?? (1, 1)
        self.init(cropping: [.int(pair.0), .int(pair.1)], name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let steps = try croppedLength(input.shape[1], shape: input.shape.map { $0 })!
        return input[cropping.0..<(cropping.0 + steps), axis: 1]
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        [inputShape[0], try croppedLength(inputShape[1], shape: inputShape), inputShape[2]]
    }

    public override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] { inputDTypes }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["cropping"] = SpatialPairs.encode([cropping])
        return config
    }

    private func croppedLength(_ length: Int?, shape: [Int?]) throws -> Int? {
        guard let length else { return nil }
        guard cropping.0 + cropping.1 < length else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (Cropping1D): `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: input_shape=\(ShapeFormat.tuple(shape)), cropping=(\(cropping.0), \(cropping.1))")
        }
        return length - cropping.0 - cropping.1
    }
}
