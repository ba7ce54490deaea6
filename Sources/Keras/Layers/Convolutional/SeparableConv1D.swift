/// A depthwise-separable 1-D convolution: a per-channel convolution over time then a pointwise
/// convolution mixing channels,
/// `output = activation(conv1d(depthwise_conv1d(input, depthwiseKernel), pointwiseKernel) + bias)`.
///
/// Weights: `depthwise_kernel` `(k, channels, depthMultiplier)`, `pointwise_kernel`
/// `(1, channels·depthMultiplier, filters)`, `bias` `(filters)`.
///
/// Input shape: `(batch, steps, channels)` (`channels_last`, the default) or `(batch, channels, steps)`.
/// Output shape: `(batch, newSteps, filters)`, `newSteps` as for ``Conv1D`` (no `causal` padding).
///
/// ```swift
/// let y = try SeparableConv1D(8, kernelSize: 3, depthMultiplier: 2)(Input(shape: [20, 4]))   // (None, 18, 8)
/// ```
///
/// Mirrors Keras's `keras.layers.SeparableConv1D` (alias `SeparableConvolution1D`).
public final class SeparableConv1D: SeparableConv {
    /// 1 spatial axis.
    public override class var spatialRank: Int { 1 }
}
