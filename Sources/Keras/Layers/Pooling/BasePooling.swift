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
    /// unlike `K.pool2d`), sizes given as one value repeat on every axis.
    public init(rank: Int, mode: PoolMode, poolSize: [Int], strides: [Int]?, padding: Padding,
                dataFormat: KerasConfig.ImageDataFormat?, name: String?, trainable: Bool, dtype: DType?,
                inputShape: [Int?]?) {
        func expand(_ values: [Int], _ what: String) -> [Int] {
            if let problem = Pooling.sizeProblem(values, what, rank: rank) { preconditionFailure(problem) }
            return values.count == 1 ? Array(repeating: values[0], count: rank) : values
        }
        precondition(padding != .causal, "Pooling layers take `valid` or `same` padding, received causal")
        self.rank = rank
        self.mode = mode
        self.poolSize = expand(poolSize, "pool_size")
        self.strides = expand(strides ?? poolSize, "strides")
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

    /// Keras's complaint about a pool size or strides argument (one positive integer, or `rank`
    /// of them), or nil.
    static func sizeProblem(_ values: [Int], _ what: String, rank: Int) -> String? {
        (values.count == 1 || values.count == rank) && values.allSatisfy({ $0 > 0 }) ? nil
            : "The `\(what)` argument must be a tuple of \(rank) positive integers. Received \(what)=\(values)"
    }

    /// Reads a pooling layer's Keras 3 config and makes the layer with `make`.
    static func fromConfig(_ config: ConfigReader, rank: Int,
                           _ make: ([Int], [Int]?, Padding, KerasConfig.ImageDataFormat?, String?, Bool, DType?) -> Pooling) throws -> Pooling {
        let base = try config.layerBase()
        let poolSize = try config.required("pool_size", config.ints)
        let strides = try config.ints("strides")
        if let problem = sizeProblem(poolSize, "pool_size", rank: rank) ?? strides.flatMap({ sizeProblem($0, "strides", rank: rank) }) {
            throw KerasError(.invalidArgument, "\(config.context): \(problem)")
        }
        let paddingName = try config.string("padding") ?? "valid"
        guard let padding = Padding(rawValue: paddingName.lowercased()), padding != .causal else {
            throw KerasError(.invalidArgument, "\(config.context): `padding`: expected \"valid\" or \"same\", received \"\(paddingName)\"")
        }
        return make(poolSize, strides, padding, try LayerArguments.dataFormat(config),
                    base.name, base.trainable, base.dtype)
    }
}
