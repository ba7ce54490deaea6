/// Locally connected ("unshared") convolutions: `local_conv1d`, `local_conv2d`. Every output
/// position has its own kernel, so a kernel is `(positions, windowFeatures, filters)`.
extension K {
    /// 1-D unshared convolution of `inputs` `(batch, steps, in)` (or `(batch, in, steps)`)
    /// with `kernel` `(outputSteps, kernelSize·in, filters)` → `(batch, outputSteps, filters)`
    /// (or `(batch, filters, outputSteps)`). Windows start at `i·strides` (no padding).
    ///
    /// The window features are ordered `(k, in)` for channels-last input and `(in, k)` for
    /// channels-first input, as Keras flattens them.
    ///
    /// Keras: `K.local_conv1d(inputs, kernel, kernel_size, strides, data_format=None)`.
    ///
    /// ```swift
    /// let y = K.localConv1d(x, kernel, kernelSize: 3, strides: 1)
    /// ```
    public static func localConv1d(_ inputs: Tensor, _ kernel: Tensor, kernelSize: Int, strides: Int,
                                   dataFormat: KerasConfig.ImageDataFormat? = nil) -> Tensor {
        localConvolution(inputs, kernel, kernelSize: [kernelSize], strides: [strides],
                         outputShape: [kernel.rank == 3 ? kernel.shape[0] : 0], dataFormat: dataFormat, op: "K.local_conv1d")
    }

    /// 2-D unshared convolution of `inputs` `(batch, rows, cols, in)` (or channels-first) with
    /// `kernel` `(outRows·outCols, kh·kw·in, filters)` → `(batch, outRows, outCols, filters)`
    /// (or `(batch, filters, outRows, outCols)`).
    ///
    /// Keras: `K.local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None)`.
    ///
    /// ```swift
    /// let y = K.localConv2d(x, kernel, kernelSize: (3, 3), strides: (1, 1), outputShape: (4, 4))
    /// ```
    public static func localConv2d(_ inputs: Tensor, _ kernel: Tensor, kernelSize: (Int, Int), strides: (Int, Int),
                                   outputShape: (Int, Int), dataFormat: KerasConfig.ImageDataFormat? = nil) -> Tensor {
        localConvolution(inputs, kernel, kernelSize: [kernelSize.0, kernelSize.1], strides: [strides.0, strides.1],
                         outputShape: [outputShape.0, outputShape.1], dataFormat: dataFormat, op: "K.local_conv2d")
    }

    /// The unshared convolution: one gather collects every window's features `(batch, P·F)`,
    /// a batched matmul with the per-position kernels gives the outputs; the gradient scatters
    /// the window gradients back (overlapping windows add up).
    static func localConvolution(_ inputs: Tensor, _ kernel: Tensor, kernelSize: [Int], strides: [Int],
                                 outputShape: [Int], dataFormat: KerasConfig.ImageDataFormat?, op: String) -> Tensor {
        let n = kernelSize.count
        requireFloat(inputs, op, "inputs")
        requireSameDType(inputs, kernel, op, ("inputs", "kernel"))
        precondition(inputs.rank == n + 2, "\(op): expected a rank-\(n + 2) input, received \(inputs.shape)")
        requirePositive(kernelSize, op, "kernel_size")
        requirePositive(strides, op, "strides")
        let channelsFirst = resolvedDataFormat(dataFormat) == .channelsFirst
        let batch = inputs.shape[0]
        let channels = channelsFirst ? inputs.shape[1] : inputs.shape[n + 1]
        let spatial = channelsFirst ? Array(inputs.shape[2...]) : Array(inputs.shape[1...n])
        let positions = outputShape.reduce(1, *)
        let features = kernelSize.reduce(1, *) * channels
        precondition(kernel.rank == 3 && kernel.shape[0] == positions && kernel.shape[1] == features,
                     "\(op): kernel must be (\(positions), \(features), filters) for output \(outputShape), kernel \(kernelSize) and \(channels) channels, received \(kernel.shape)")
        for i in 0..<n {
            precondition(outputShape[i] >= 1 && (outputShape[i] - 1) * strides[i] + kernelSize[i] <= spatial[i],
                         "\(op): an output of \(outputShape[i]) positions with kernel \(kernelSize[i]) and stride \(strides[i]) does not fit \(spatial[i]) input cells on spatial axis \(i)")
        }
        let filters = kernel.shape[2]
        let indices = localWindowIndices(spatial: spatial, channels: channels, kernelSize: kernelSize, strides: strides,
                                         outputShape: outputShape, channelsFirst: channelsFirst)
        let flat = inputs.detached.reshapedStorage(to: [batch, inputs.count / Swift.max(batch, 1)])
        let kd = kernel.detached
        // (batch, P·F) → (P, batch, F)
        let windows = backend.transpose(backend.gather(flat, indices: indices, axis: 1).reshapedStorage(to: [batch, positions, features]),
                                        permutation: [1, 0, 2])
        let products = backend.matmul(windows, kd, transposeA: false, transposeB: false)   // (P, batch, filters)
        // (P, batch, filters) → (out…, batch, filters) → (batch, out…, filters) or (batch, filters, out…)
        let gridded = products.reshapedStorage(to: outputShape + [batch, filters])
        let permutation = channelsFirst ? [n, n + 1] + Array(0..<n) : [n] + Array(0..<n) + [n + 1]
        let y = backend.transpose(gridded, permutation: permutation)
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        let inputShape = inputs.shape, flatShape = flat.shape
        return y.recorded(from: [inputs, kernel]) { g in
            let b = K.kernels.backend
            let gp = b.transpose(g, permutation: inverse).reshapedStorage(to: [positions, batch, filters])
            let dKernel = b.matmul(windows, gp, transposeA: true, transposeB: false)          // (P, F, filters)
            let dWindows = b.matmul(gp, kd, transposeA: false, transposeB: true)              // (P, batch, F)
            let dFlat = b.scatterAdd(b.transpose(dWindows, permutation: [1, 0, 2]).reshapedStorage(to: [batch, positions * features]),
                                     indices: indices, axis: 1, shape: flatShape)
            return [dFlat.reshapedStorage(to: inputShape), dKernel]
        }
    }

    /// For each output position and window feature, the index into the flattened per-sample
    /// input (`int64`, `P·F` entries), in Keras's feature order.
    private static func localWindowIndices(spatial: [Int], channels: Int, kernelSize: [Int], strides: [Int],
                                           outputShape: [Int], channelsFirst: Bool) -> Tensor {
        let n = spatial.count
        let spatialStrides = Shape.strides(of: spatial)
        let spatialCount = spatial.reduce(1, *)
        let windowOffsets = cartesian(kernelSize)
        var indices: [Int64] = []
        indices.reserveCapacity(outputShape.reduce(1, *) * windowOffsets.count * channels)
        for position in cartesian(outputShape) {
            func cell(_ offset: [Int]) -> Int {
                (0..<n).reduce(0) { $0 + (position[$1] * strides[$1] + offset[$1]) * spatialStrides[$1] }
            }
            if channelsFirst {
                for c in 0..<channels { for offset in windowOffsets { indices.append(Int64(c * spatialCount + cell(offset))) } }
            } else {
                for offset in windowOffsets { for c in 0..<channels { indices.append(Int64(cell(offset) * channels + c)) } }
            }
        }
        return Tensor(indices, shape: [indices.count])
    }

    /// Every index of a grid of `shape`, in row-major order.
    private static func cartesian(_ shape: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for size in shape { result = result.flatMap { prefix in (0..<size).map { prefix + [$0] } } }
        return result
    }
}
