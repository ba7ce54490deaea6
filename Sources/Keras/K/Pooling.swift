import KerasKernelTypes
/// Pooling: `pool2d`, `pool3d` (max or average over sliding windows).
///
/// Max pooling ignores padded cells; average pooling with `same` padding divides by the number
/// of real cells in each window (TensorFlow's `avg_pool`). Note the backend default stride is 1
/// in every direction, unlike the pooling layers, whose default stride is the pool size.
extension K {
    /// 2-D max or average pooling of `x` `(batch, rows, cols, channels)` (or channels-first).
    ///
    /// Keras: `K.pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max')`
    /// (`pool_mode` `'avg'` is `.average`).
    ///
    /// ```swift
    /// let x = Tensor((0..<9).map(Float.init), shape: [1, 3, 3, 1])
    /// K.pool2d(x, poolSize: (2, 2), strides: (2, 2), padding: .same, poolMode: .average)
    /// // [[[[2], [3.5]], [[6.5], [8]]]]
    /// ```
    public static func pool2d(_ x: Tensor, poolSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                              dataFormat: KerasConfig.ImageDataFormat? = nil, poolMode: PoolMode = .max) -> Tensor {
        pooling(x, window: [poolSize.0, poolSize.1], strides: [strides.0, strides.1], padding: padding,
                dataFormat: dataFormat, mode: poolMode, op: "K.pool2d")
    }

    /// 3-D max or average pooling of `x` `(batch, d, h, w, channels)` (or channels-first).
    ///
    /// Keras: `K.pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None, pool_mode='max')`.
    ///
    /// ```swift
    /// let y = K.pool3d(volume, poolSize: (2, 2, 2), strides: (2, 2, 2))
    /// ```
    public static func pool3d(_ x: Tensor, poolSize: (Int, Int, Int), strides: (Int, Int, Int) = (1, 1, 1),
                              padding: Padding = .valid, dataFormat: KerasConfig.ImageDataFormat? = nil,
                              poolMode: PoolMode = .max) -> Tensor {
        pooling(x, window: [poolSize.0, poolSize.1, poolSize.2], strides: [strides.0, strides.1, strides.2],
                padding: padding, dataFormat: dataFormat, mode: poolMode, op: "K.pool3d")
    }

    /// Pooling with any number of spatial axes, in either data format, with its gradient.
    static func pooling(_ x: Tensor, window: [Int], strides: [Int], padding: Padding,
                        dataFormat: KerasConfig.ImageDataFormat?, mode: PoolMode, op: String) -> Tensor {
        let n = window.count
        requireFloat(x, op)
        precondition(x.rank == n + 2, "\(op): expected a rank-\(n + 2) input, received \(x.shape)")
        precondition(padding != .causal, "\(op): padding must be valid or same, received causal")
        requirePositive(window, op, "pool_size")
        requirePositive(strides, op, "strides")
        return inChannelsLast(x, dataFormat) { xl in
            var before: [Int] = [], after: [Int] = []
            for i in 0..<n {
                let pad = padding.amounts(input: xl.shape[i + 1], kernel: window[i], stride: strides[i])
                precondition(xl.shape[i + 1] + pad.before + pad.after >= window[i],
                             "\(op): spatial size \(xl.shape[i + 1]) is smaller than the pool size \(window[i]) with \(padding) padding (input \(x.shape))")
                before.append(pad.before)
                after.append(pad.after)
            }
            let params = PoolingParameters(mode: mode, window: window, strides: strides,
                                           paddingBefore: before, paddingAfter: after)
            let xd = xl.detached
            let y = backend.pool(xd, params)
            return y.recorded(from: [xl]) { g in [K.kernels.backend.poolBackward(xd, g, params)] }
        }
    }
}
