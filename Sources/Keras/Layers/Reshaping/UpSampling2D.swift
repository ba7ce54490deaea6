/// Upsamples the rows and columns of an image by integer factors: `(batch, rows, cols,
/// channels)` → `(batch, rows · size[0], cols · size[1], channels)` (channels last).
///
/// - Parameters:
///   - size: the row and column factors: an integer for both (2 by default) or `[rows, cols]`
///     (``IntOrTuple``).
///   - dataFormat: `nil` means `K.imageDataFormat()`.
///   - interpolation: `.nearest` repeats pixels; `.bilinear` interpolates linearly with
///     half-pixel centers, as `tf.image.resize`.
///
/// ```swift
/// let y = try UpSampling2D(size: [2, 3], interpolation: .bilinear)(Input(shape: [3, 2, 4]))  // (None, 6, 6, 4)
/// ```
///
/// Mirrors Keras's `keras.layers.UpSampling2D`.
public final class UpSampling2D: Layer {
    /// The row and column factors.
    public let size: [Int]
    public let dataFormat: KerasConfig.ImageDataFormat
    public let interpolation: Interpolation

    /// Creates the layer with row and column factors `size` (`2`, `[2, 3]`).
    public init(size: IntOrTuple = 2, dataFormat: KerasConfig.ImageDataFormat? = nil,
                interpolation: Interpolation = .nearest, name: String? = nil, trainable: Bool = true,
                dtype: DType? = nil, inputShape: [Int?]? = nil) {
        self.size = checkedArguments(Self.self) { try size.values(count: 2, argument: "size") }
        self.dataFormat = dataFormat ?? K.imageDataFormat()
        self.interpolation = interpolation
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: 4)]
    }

    /// The layer from its Keras 3 config (`size`, `data_format`, `interpolation`).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let factors = try config.sizes("size", count: 2) ?? [2, 2]
        let name = try config.string("interpolation") ?? "nearest"
        guard let interpolation = Interpolation(rawValue: name) else {
            throw KerasError(.unimplemented, "\(config.context): `interpolation`: \"\(name)\" is not supported; expected one of \(Interpolation.allCases.map(\.rawValue))")
        }
        self.init(size: IntOrTuple(factors), dataFormat: try LayerArguments.dataFormat(config),
                  interpolation: interpolation, name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        K.resizeImages(input, heightFactor: size[0], widthFactor: size[1], dataFormat: dataFormat,
                       interpolation: interpolation)
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        var shape = inputShape
        for (axis, factor) in zip(SpatialPairs.spatialAxes(dataFormat, spatialRank: 2), size) {
            shape[axis] = shape[axis].map { $0 * factor }
        }
        return shape
    }

    public override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] { inputDTypes }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["size"] = LayerConfig.ints(size)
        config["data_format"] = LayerArguments.encode(dataFormat)
        config["interpolation"] = .string(interpolation.rawValue)
        return config
    }
}
