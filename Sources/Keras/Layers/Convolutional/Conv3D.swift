/// A 3-D convolution over volumes: `output = activation(conv3d(input, kernel) + bias)`.
///
/// `kernel`: `(kd, kh, kw, inputChannels / groups, filters)`; `bias`: `(filters)`.
///
/// Input shape: `(batch, depth, rows, cols, channels)` (`channels_last`, the default) or the channels-first layout.
/// Output shape: `(batch, newDepth, newRows, newCols, filters)`, each spatial size `ceil((n − k' + 1)/s)` for `valid` and
/// `ceil(n/s)` for `same`.
///
/// ```swift
/// let y = try Conv3D(8, kernelSize: 3)(Input(shape: [16, 16, 16, 1]))   // (None, 14, 14, 14, 8)
/// ```
///
/// The initializers are ``Conv``'s: `Conv3D(filters, kernelSize:, strides:, padding:, dataFormat:,
/// dilationRate:, groups:, activation:, useBias:, kernelInitializer:, …)`, and `init(config:)`.
///
/// Mirrors Keras's `keras.layers.Conv3D`.
public final class Conv3D: Conv {
    /// 3 spatial axes.
    public override class var spatialRank: Int { 3 }
}
