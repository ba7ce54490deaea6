/// A depthwise 1-D convolution: each input channel convolved over time on its own with
/// `depthMultiplier` kernels, `output = activation(depthwise_conv1d(input, kernel) + bias)`.
///
/// Weights: `kernel` `(k, channels, depthMultiplier)`, `bias` `(channels·depthMultiplier)`.
///
/// Input shape: `(batch, steps, channels)` (`channels_last`, the default) or `(batch, channels, steps)`.
/// Output shape: `(batch, newSteps, channels·depthMultiplier)`, `newSteps` as for ``Conv1D`` (no `causal` padding).
///
/// ```swift
/// let y = try DepthwiseConv1D(kernelSize: 3, depthMultiplier: 2)(Input(shape: [10, 4]))   // (None, 8, 8)
/// ```
///
/// Mirrors Keras's `keras.layers.DepthwiseConv1D`.
public final class DepthwiseConv1D: DepthwiseConv {
    /// 1 spatial axis.
    public override class var spatialRank: Int { 1 }
}
