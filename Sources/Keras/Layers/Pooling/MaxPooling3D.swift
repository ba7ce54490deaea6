/// Max pooling over 3 spatial axes: the maximum of each `poolSize` window. Padding cells never win.
///
/// Input shape: `(batch, depth, rows, cols, channels)` (`channels_last`) or the channels-first layout.
/// Output shape: each spatial size `ceil((n − k + 1)/s)` (`valid`) or `ceil(n/s)` (`same`).
///
/// ```swift
/// let y = try MaxPooling3D(poolSize: 2)(Input(shape: [8, 8, 8, 1]))   // (None, 4, 4, 4, 1)
/// ```
///
/// Mirrors Keras's `keras.layers.MaxPooling3D`.
public final class MaxPooling3D: Pooling {
    /// Creates the layer; `strides` default to `poolSize`.
    public init(poolSize: IntOrTuple = 2, strides: IntOrTuple? = nil, padding: Padding = .valid,
                dataFormat: KerasConfig.ImageDataFormat? = nil, name: String? = nil, trainable: Bool = true,
                dtype: DType? = nil, inputShape: [Int?]? = nil) {
        super.init(rank: 3, mode: .max, poolSize: poolSize, strides: strides, padding: padding, dataFormat: dataFormat,
                   name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    /// The layer from its Keras 3 config (`pool_size`, `strides`, `padding`, `data_format`).
    public static func fromConfig(_ config: ConfigReader) throws -> Layer {
        try Pooling.fromConfig(config, rank: 3) { pool, strides, padding, format, name, trainable, dtype in
            MaxPooling3D(poolSize: pool, strides: strides, padding: padding, dataFormat: format, name: name,
                  trainable: trainable, dtype: dtype)
        }
    }
}
