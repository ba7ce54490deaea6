/// A 2-D transposed convolution ("deconvolution"), learned upsampling of images:
/// `output = activation(conv2d_transpose(input, kernel) + bias)`.
///
/// `kernel`: `(kh, kw, filters, inputChannels)` — filters before input channels; `bias`: `(filters)`.
///
/// Input shape: `(batch, rows, cols, channels)` (`channels_last`, the default) or `(batch, channels, rows, cols)`.
/// Output shape: `(batch, newRows, newCols, filters)` (or channels first), each spatial size `n·s + max(k' − s, 0)`
/// for `valid` and `n·s` for `same`; with `outputPadding` `(n − 1)·s + k' − 2·pad + outputPadding`
/// (`pad = k' / 2` for `same`, 0 for `valid`).
///
/// The initializers are ``ConvTranspose``'s: `Conv2DTranspose(filters, kernelSize:, strides:, padding:,
/// outputPadding:, dataFormat:, dilationRate:, activation:, useBias:, kernelInitializer:, …)`.
///
/// ```swift
/// let y = try Conv2DTranspose(32, kernelSize: 2, strides: 2, activation: "relu")(Input(shape: [10, 8, 128]))
/// // (None, 20, 16, 32)
/// ```
///
/// Mirrors Keras's `keras.layers.Conv2DTranspose` (alias `Convolution2DTranspose`).
public final class Conv2DTranspose: ConvTranspose {
    /// 2 spatial axes.
    public override class var spatialRank: Int { 2 }
}
