/// A 1-D transposed convolution, learned upsampling of sequences:
/// `output = activation(conv1d_transpose(input, kernel) + bias)`.
///
/// `kernel`: `(k, filters, inputChannels)`; `bias`: `(filters)`.
///
/// Input shape: `(batch, steps, channels)` (`channels_last`, the default) or `(batch, channels, steps)`.
/// Output shape: `(batch, newSteps, filters)`, `newSteps` as in ``Conv2DTranspose``.
///
/// ```swift
/// let y = try Conv1DTranspose(4, kernelSize: 3, strides: 2)(Input(shape: [5, 8]))   // (None, 11, 4)
/// ```
///
/// Mirrors Keras's `keras.layers.Conv1DTranspose` (alias `Convolution1DTranspose`).
public final class Conv1DTranspose: ConvTranspose {
    /// 1 spatial axis.
    public override class var spatialRank: Int { 1 }
}
