/// A 3-D transposed convolution, learned upsampling of volumes:
/// `output = activation(conv3d_transpose(input, kernel) + bias)`.
///
/// `kernel`: `(kd, kh, kw, filters, inputChannels)`; `bias`: `(filters)`.
///
/// Input shape: `(batch, depth, rows, cols, channels)` (`channels_last`, the default) or channels first.
/// Output shape: `(batch, newDepth, newRows, newCols, filters)`, each size as in ``Conv2DTranspose``.
///
/// ```swift
/// let y = try Conv3DTranspose(2, kernelSize: 2, strides: 2, padding: .same)(Input(shape: [4, 4, 4, 3]))
/// // (None, 8, 8, 8, 2)
/// ```
///
/// Mirrors Keras's `keras.layers.Conv3DTranspose` (alias `Convolution3DTranspose`).
public final class Conv3DTranspose: ConvTranspose {
    /// 3 spatial axes.
    public override class var spatialRank: Int { 3 }
}
