/// Average pooling over 1 spatial axis: the mean of each `poolSize` window. With `same` padding the mean is over the real cells of each window.
///
/// Input shape: `(batch, steps, channels)` (`channels_last`) or the channels-first layout.
/// Output shape: each spatial size `ceil((n − k + 1)/s)` (`valid`) or `ceil(n/s)` (`same`).
///
/// ```swift
/// let y = try AveragePooling1D(poolSize: 3)(Input(shape: [9, 4]))   // (None, 3, 4)
/// ```
///
/// Mirrors Keras's `keras.layers.AveragePooling1D`.
public final class AveragePooling1D: Pooling {
    /// Creates the layer; `strides` default to `poolSize`.
    public init(poolSize: IntOrTuple = 2, strides: IntOrTuple? = nil, padding: Padding = .valid,
                dataFormat: KerasConfig.ImageDataFormat? = nil, name: String? = nil, trainable: Bool = true,
                dtype: DType? = nil, inputShape: [Int?]? = nil) {
        super.init(rank: 1, mode: .average, poolSize: poolSize, strides: strides, padding: padding, dataFormat: dataFormat,
                   name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    /// The layer from its Keras 3 config (`pool_size`, `strides`, `padding`, `data_format`).
    public static func fromConfig(_ config: ConfigReader) throws -> Layer {
        try Pooling.fromConfig(config, rank: 1) { pool, strides, padding, format, name, trainable, dtype in
            AveragePooling1D(poolSize: pool, strides: strides, padding: padding, dataFormat: format, name: name,
                  trainable: trainable, dtype: dtype)
        }
    }
}
