/// A depthwise-separable 2-D convolution: a per-channel (depthwise) spatial convolution then a
/// 1×1 (pointwise) convolution mixing channels,
/// `output = activation(conv2d(depthwise_conv2d(input, depthwiseKernel), pointwiseKernel) + bias)`.
///
/// Weights: `depthwise_kernel` `(kh, kw, channels, depthMultiplier)`, `pointwise_kernel`
/// `(1, 1, channels·depthMultiplier, filters)`, `bias` `(filters)`.
///
/// Input shape: `(batch, rows, cols, channels)` (`channels_last`, the default) or `(batch, channels, rows, cols)`.
/// Output shape: `(batch, newRows, newCols, filters)`, each spatial size `ceil((n − k' + 1)/s)` for `valid`
/// and `ceil(n/s)` for `same`.
///
/// The initializers are ``SeparableConv``'s: `SeparableConv2D(filters, kernelSize:, strides:, padding:,
/// dataFormat:, dilationRate:, depthMultiplier:, activation:, useBias:, depthwiseInitializer:, …)`.
///
/// ```swift
/// let y = try SeparableConv2D(64, kernelSize: 3, padding: .same, activation: "relu")(Input(shape: [32, 32, 16]))
/// // (None, 32, 32, 64); 16·9 + 16·64 + 64 = 1232 parameters
/// ```
///
/// Mirrors Keras's `keras.layers.SeparableConv2D` (alias `SeparableConvolution2D`).
public final class SeparableConv2D: SeparableConv {
    /// 2 spatial axes.
    public override class var spatialRank: Int { 2 }
}
