/// Crops rows and columns from the edges of an image: `(batch, rows, cols, channels)` →
/// `(batch, rows − top − bottom, cols − left − right, channels)` (channels last).
///
/// - Parameters:
///   - cropping: an integer on every side (0 by default), `[rows, cols]` on both sides of each
///     axis, or `[[top, bottom], [left, right]]` (Keras's `((top, bottom), (left, right))`);
///     see ``IntOrTuple``.
///   - dataFormat: `nil` means `K.imageDataFormat()`.
///
/// Cropping as much as a whole axis (or more) throws.
///
/// ```swift
/// let y = try Cropping2D(cropping: [[2, 2], [4, 4]])(Input(shape: [28, 28, 3]))   // (None, 24, 20, 3)
/// ```
///
/// Mirrors Keras's `keras.layers.Cropping2D`.
public final class Cropping2D: Layer {
    public let cropping: ((Int, Int), (Int, Int))
    public let dataFormat: KerasConfig.ImageDataFormat

    /// Crops `cropping`: `0`, `[rows, cols]` or `[[top, bottom], [left, right]]`.
    public init(cropping: IntOrTuple = 0, dataFormat: KerasConfig.ImageDataFormat? = nil, name: String? = nil,
                trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        let pairs = checkedArguments(Self.self) { try cropping.pairs(count: 2, argument: "cropping") }
        self.cropping = (pairs[0], pairs[1])
        self.dataFormat = dataFormat ?? K.imageDataFormat()
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: 4)]
    }

    /// The layer from its Keras 3 config (`cropping`, `data_format`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let pairs = try config.pairs("cropping", count: 2) ?? [(0, 0), (0, 0)]
        self.init(cropping: SpatialPairs.literal(pairs), dataFormat: try LayerArguments.dataFormat(config),
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let shape = input.shape.map { Optional($0) }
        let outShape = try computeOutputShape(shape)
        var x = input
        for (axis, pair) in zip(SpatialPairs.spatialAxes(dataFormat, spatialRank: 2), [cropping.0, cropping.1]) {
            x = x[pair.0..<(pair.0 + outShape[axis]!), axis: axis]
        }
        return x
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        var shape = inputShape
        for (axis, pair) in zip(SpatialPairs.spatialAxes(dataFormat, spatialRank: 2), [cropping.0, cropping.1]) {
            guard let size = shape[axis] else { continue }
            guard pair.0 + pair.1 < size else {
                throw KerasError(.shapeMismatch, "Layer \"\(name)\" (Cropping2D): Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=\(ShapeFormat.tuple(inputShape)), cropping=((\(cropping.0.0), \(cropping.0.1)), (\(cropping.1.0), \(cropping.1.1)))")
            }
            shape[axis] = size - pair.0 - pair.1
        }
        return shape
    }

    public override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] { inputDTypes }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["cropping"] = SpatialPairs.encode([cropping.0, cropping.1])
        config["data_format"] = LayerArguments.encode(dataFormat)
        return config
    }
}
