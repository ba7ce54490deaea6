/// The N-dimensional pooling layer behind the `MaxPooling` and `AveragePooling` layers: the max
/// or the mean of each `poolSize` window, moved by `strides`.
///
/// Max pooling ignores padding; average pooling with `same` padding divides by the number of
/// real (not padded) cells in each window, as TensorFlow's `avg_pool` does.
///
/// Input shape: `(batch, spatial…, channels)` or `(batch, channels, spatial…)`.
/// Output shape: each spatial size `ceil((n − k + 1)/s)` (`valid`) or `ceil(n/s)` (`same`).
///
/// Mirrors Keras's `keras.layers` pooling base (`keras/src/layers/pooling/base_pooling.py`).
open class Pooling: Layer {
    public let mode: PoolMode
    public let poolSize: [Int]
    public let strides: [Int]
    public let padding: Padding
    public let dataFormat: KerasConfig.ImageDataFormat
    let rank: Int

    /// A pooling over `rank` spatial axes; `strides` default to `poolSize` (the layers' rule,
    /// unlike `K.pool2d`). Each size is an integer for every axis or one value per axis
    /// (``IntOrTuple``); a wrong form stops with the argument's name and the value received.
    public init(rank: Int, mode: PoolMode, poolSize: IntOrTuple, strides: IntOrTuple?, padding: Padding,
                dataFormat: KerasConfig.ImageDataFormat?, name: String?, trainable: Bool, dtype: DType?,
                inputShape: [Int?]?) {
        precondition(padding != .causal, "Pooling layers take `valid` or `same` padding, received causal")
        let (pool, steps) = checkedArguments(Self.self) {
            (try poolSize.values(count: rank, argument: "poolSize"),
             try (strides ?? poolSize).values(count: rank, argument: "strides"))
        }
        self.rank = rank
        self.mode = mode
        self.poolSize = pool
        self.strides = steps
        self.padding = padding
        self.dataFormat = dataFormat ?? KerasConfig.imageDataFormat
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        inputSpec = [InputSpec(rank: rank + 2)]
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        K.pooling(input, window: poolSize, strides: strides, padding: padding, dataFormat: dataFormat,
                  mode: mode, op: className)
    }

    open override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        guard inputShape.count == rank + 2 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): expected an input of rank \(rank + 2), received \(ShapeFormat.tuple(inputShape))")
        }
        let start = dataFormat == .channelsLast ? 1 : 2
        var shape = inputShape
        for i in 0..<rank {
            guard let n = inputShape[start + i] else { continue }
            let out = padding.outputLength(input: n, kernel: poolSize[i], stride: strides[i])
            guard out > 0 else {
                throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): the input \(ShapeFormat.tuple(inputShape)) is smaller than pool size \(poolSize) with \(padding.rawValue) padding")
            }
            shape[start + i] = out
        }
        return shape
    }

    open override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["pool_size"] = LayerConfig.ints(poolSize)
        config["padding"] = .string(padding.rawValue)
        config["strides"] = LayerConfig.ints(strides)
        config["data_format"] = LayerArguments.encode(dataFormat)
        return config
    }

    /// Reads a pooling layer's Keras 3 config over `rank` spatial axes and makes the layer with
    /// `make`; throws naming the layer and the key on bad values.
    static func fromConfig(_ config: ConfigReader, rank: Int,
                           _ make: (IntOrTuple, IntOrTuple, Padding, KerasConfig.ImageDataFormat?, String?, Bool, DType?) -> Pooling) throws -> Pooling {
        let base = try config.layerBase()
        let poolSize = try config.required("pool_size") { try config.sizes($0, count: rank) }
        let strides = try config.sizes("strides", count: rank) ?? poolSize
        let paddingName = try config.string("padding") ?? "valid"
        guard let padding = Padding(rawValue: paddingName.lowercased()), padding != .causal else {
            throw KerasError(.invalidArgument, "\(config.context): `padding`: expected \"valid\" or \"same\", received \"\(paddingName)\"")
        }
        return make(IntOrTuple(poolSize), IntOrTuple(strides), padding, try LayerArguments.dataFormat(config),
                    base.name, base.trainable, base.dtype)
    }
}
