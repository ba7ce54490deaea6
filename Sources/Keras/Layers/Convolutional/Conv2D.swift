/// A 2-D convolution over images: `output = activation(conv2d(input, kernel) + bias)`.
///
/// `kernel`: `(kh, kw, inputChannels / groups, filters)`; `bias`: `(filters)`.
///
/// Input shape: `(batch, rows, cols, channels)` (`channels_last`, the default) or the channels-first layout.
/// Output shape: `(batch, newRows, newCols, filters)`, each spatial size `ceil((n − k' + 1)/s)` for `valid` and
/// `ceil(n/s)` for `same`.
///
/// ```swift
/// let y = try Conv2D(64, kernelSize: 3, padding: .same, activation: "relu")(Input(shape: [28, 28, 1]))
/// let z = try Conv2D(8, kernelSize: [3, 5], strides: [1, 2])(y)      // (None, 26, 12, 8)
/// ```
///
/// The initializers are ``Conv``'s: `Conv2D(filters, kernelSize:, strides:, padding:, dataFormat:,
/// dilationRate:, groups:, activation:, useBias:, kernelInitializer:, …)`, and `init(config:)`.
///
/// Mirrors Keras's `keras.layers.Conv2D`.
public final class Conv2D: Conv {
    /// 2 spatial axes.
    public override class var spatialRank: Int { 2 }
}
