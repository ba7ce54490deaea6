extension K {
    /// Inverted dropout: each element is kept with probability `1 − level` and scaled by
    /// `1 / (1 − level)`, or set to zero; the expected value is unchanged.
    ///
    /// `noiseShape` draws one keep/drop decision per cell of a smaller shape that broadcasts to
    /// `x.shape` (e.g. `[batch, 1, features]` drops whole features for every time step); a
    /// `nil` entry takes `x`'s dimension. `seed` makes the mask reproducible (the numbers come
    /// from the core generator, the same on every backend, not TensorFlow's). `level` is in
    /// `[0, 1)`; `level == 0` returns `x`. Under ``DataParallel`` training a mask with one row
    /// per sample (no `noiseShape` entry for axis 0) is this rank's rows of the mask one process
    /// draws for the global batch, so dropout does not depend on how the batch is split.
    ///
    /// Keras: `K.dropout(x, level, noise_shape=None, seed=None)`.
    ///
    /// ```swift
    /// let y = K.dropout(x, level: 0.5, seed: 42)   // about half the elements doubled, the rest 0
    /// ```
    public static func dropout(_ x: Tensor, level: Double, noiseShape: [Int?]? = nil, seed: Int? = nil) -> Tensor {
        let op = "K.dropout"
        requireFloat(x, op)
        precondition(level >= 0 && level < 1, "\(op): level must be in [0, 1), received \(level)")
        if level == 0 { return x }
        var maskShape = x.shape
        if let noiseShape {
            precondition(noiseShape.count == x.rank,
                         "\(op): noise_shape \(noiseShape) must have one entry per axis of x \(x.shape)")
            maskShape = zip(noiseShape, x.shape).map { $0 ?? $1 }
            precondition(Shape.broadcast(maskShape, x.shape) == x.shape,
                         "\(op): noise_shape \(maskShape) does not broadcast to x \(x.shape)")
        }
        // Under DataParallel a rank draws its rows of the mask one process draws for the global
        // batch (when the mask has a row per sample: no noise-shape entry for axis 0).
        let perSample = noiseShape.map { $0.first.map { $0 == nil } ?? false } ?? true
        let offset = perSample ? BatchRows.current?.elementOffset(maskShape) ?? 0 : 0
        // Keep where the element's uniform sample u ≥ level, scaled by 1/(1 − level): drawn as
        // one mask of 0 and the scale (the same values as sampling u, comparing and scaling).
        let scaledMask = RandomGenerator(seed: seed).keepMask(shape: maskShape, dtype: x.dtype, level: level,
                                                              scale: 1 / (1 - level), elementOffset: offset)
        let y = K.kernels.multiply(x.detached, scaledMask)
        return y.recorded(from: [x]) { g in [K.kernels.multiply(g, scaledMask)] }
    }
}
