/// A 1-D convolution over time: `output = activation(conv1d(input, kernel) + bias)`.
///
/// `kernel`: `(k, inputChannels / groups, filters)`; `bias`: `(filters)`.
///
/// Input shape: `(batch, steps, channels)` (`channels_last`, the default) or the channels-first layout.
/// Output shape: `(batch, newSteps, filters)`, each spatial size `ceil((n − k' + 1)/s)` for `valid` and
/// `ceil(n/s)` for `same` and `causal` (left padding so output `t` sees inputs up to `t`).
///
/// ```swift
/// let y = try Conv1D(32, kernelSize: 3, padding: .causal)(Input(shape: [100, 8]))   // (None, 100, 32)
/// ```
///
/// The initializers are ``Conv``'s: `Conv1D(filters, kernelSize:, strides:, padding:, dataFormat:,
/// dilationRate:, groups:, activation:, useBias:, kernelInitializer:, …)`, and `init(config:)`.
///
/// Mirrors Keras's `keras.layers.Conv1D`.
public final class Conv1D: Conv {
    /// 1 spatial axis.
    public override class var spatialRank: Int { 1 }
}
