/// A depthwise 2-D convolution: each input channel convolved on its own with `depthMultiplier`
/// kernels, `output = activation(depthwise_conv2d(input, kernel) + bias)`; output channel
/// `c·depthMultiplier + m` comes from input channel `c` and kernel `m`.
///
/// Weights: `kernel` `(kh, kw, channels, depthMultiplier)`, `bias` `(channels·depthMultiplier)`.
///
/// Input shape: `(batch, rows, cols, channels)` (`channels_last`, the default) or `(batch, channels, rows, cols)`.
/// Output shape: `(batch, newRows, newCols, channels·depthMultiplier)`, each spatial size `ceil((n − k' + 1)/s)`
/// for `valid` and `ceil(n/s)` for `same`.
///
/// The initializers are ``DepthwiseConv``'s: `DepthwiseConv2D(kernelSize:, strides:, padding:,
/// depthMultiplier:, dataFormat:, dilationRate:, activation:, useBias:, depthwiseInitializer:, …)`.
///
/// ```swift
/// let y = try DepthwiseConv2D(kernelSize: 3, depthMultiplier: 3, activation: "relu")(Input(shape: [10, 10, 12]))
/// // (None, 8, 8, 36)
/// ```
///
/// Mirrors Keras's `keras.layers.DepthwiseConv2D`.
public final class DepthwiseConv2D: DepthwiseConv {
    /// 2 spatial axes.
    public override class var spatialRank: Int { 2 }
}
