/// Pads the rows and columns of an image with zeros: `(batch, rows, cols, channels)` →
/// `(batch, top + rows + bottom, left + cols + right, channels)` (channels last).
///
/// - Parameters:
///   - padding: an integer on every side (1 by default), `[rows, cols]` on both sides of each
///     axis, or `[[top, bottom], [left, right]]` (Keras's `((top, bottom), (left, right))`);
///     see ``IntOrTuple``.
///   - dataFormat: `nil` means `K.imageDataFormat()`.
///
/// ```swift
/// let y = try ZeroPadding2D(padding: 1)(Input(shape: [28, 28, 3]))                // (None, 30, 30, 3)
/// let z = try ZeroPadding2D(padding: [[1, 0], [2, 2]])(Input(shape: [28, 28, 3]))   // (None, 29, 32, 3)
/// ```
///
/// Mirrors Keras's `keras.layers.ZeroPadding2D`.
public final class ZeroPadding2D: Layer {
    public let padding: ((Int, Int), (Int, Int))
    public let dataFormat: KerasConfig.ImageDataFormat

    /// Pads `padding`: `1`, `[rows, cols]` or `[[top, bottom], [left, right]]`.
    public init(padding: IntOrTuple = 1, dataFormat: KerasConfig.ImageDataFormat? = nil, name: String? = nil,
                trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        let pairs = checkedArguments(Self.self) { try padding.pairs(count: 2, argument: "padding") }
        self.padding = (pairs[0], pairs[1])
        self.dataFormat = dataFormat ?? K.imageDataFormat()
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: 4)]
    }

    /// The layer from its Keras 3 config (`padding`, `data_format`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let pairs = try config.pairs("padding", count: 2) ?? [(1, 1), (1, 1)]
        self.init(padding: SpatialPairs.literal(pairs), dataFormat: try LayerArguments.dataFormat(config),
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        K.spatial2dPadding(input, padding: padding, dataFormat: dataFormat)
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        var shape = inputShape
        let axes = SpatialPairs.spatialAxes(dataFormat, spatialRank: 2)
        for (axis, pair) in zip(axes, [padding.0, padding.1]) {
            shape[axis] = shape[axis].map { $0 + pair.0 + pair.1 }
        }
        return shape
    }

    public override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] { inputDTypes }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["padding"] = SpatialPairs.encode([padding.0, padding.1])
        config["data_format"] = LayerArguments.encode(dataFormat)
        return config
    }
}
