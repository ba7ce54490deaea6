/// Transposed convolutions (`conv2d_transpose`, `conv3d_transpose`): the gradient of a
/// convolution with respect to its input, used as an upsampling layer.
extension K {
    /// 2-D transposed convolution of `x` `(batch, rows, cols, in)` with `kernel`
    /// `(kh, kw, out, in)` — note **out before in** — giving a tensor of `outputShape`
    /// `(batch, newRows, newCols, out)` (channels-first: `(batch, out, newRows, newCols)`).
    ///
    /// It is the adjoint of `conv2d` from an input of `outputShape` with the same kernel,
    /// strides, padding and dilation, so a `conv2d` of `outputShape` must produce `x`'s spatial
    /// size. A `nil` batch entry is taken from `x`.
    ///
    /// Keras: `K.conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1))`.
    ///
    /// ```swift
    /// // (2, 3, 4, 3) → (2, 6, 8, 2)
    /// let y = K.conv2dTranspose(x, kernel, outputShape: [nil, 6, 8, 2], strides: (2, 2), padding: .same)
    /// ```
    public static func conv2dTranspose(_ x: Tensor, _ kernel: Tensor, outputShape: [Int?], strides: (Int, Int) = (1, 1),
                                       padding: Padding = .valid, dataFormat: KerasConfig.ImageDataFormat? = nil,
                                       dilationRate: (Int, Int) = (1, 1)) -> Tensor {
        transposedConvolution(x, kernel, outputShape: outputShape, strides: [strides.0, strides.1],
                              dilations: [dilationRate.0, dilationRate.1], padding: padding,
                              dataFormat: dataFormat, op: "K.conv2d_transpose")
    }

    /// 3-D transposed convolution: `kernel` `(kd, kh, kw, out, in)`, `outputShape`
    /// `(batch, d, h, w, out)` (or channels-first).
    ///
    /// Keras: `K.conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid', data_format=None)`.
    ///
    /// ```swift
    /// let y = K.conv3dTranspose(x, kernel, outputShape: [nil, 4, 4, 4, 8], strides: (2, 2, 2), padding: .same)
    /// ```
    public static func conv3dTranspose(_ x: Tensor, _ kernel: Tensor, outputShape: [Int?],
                                       strides: (Int, Int, Int) = (1, 1, 1), padding: Padding = .valid,
                                       dataFormat: KerasConfig.ImageDataFormat? = nil) -> Tensor {
        transposedConvolution(x, kernel, outputShape: outputShape, strides: [strides.0, strides.1, strides.2],
                              dilations: [1, 1, 1], padding: padding, dataFormat: dataFormat, op: "K.conv3d_transpose")
    }

    /// A transposed convolution in either data format.
    static func transposedConvolution(_ x: Tensor, _ kernel: Tensor, outputShape: [Int?], strides: [Int],
                                      dilations: [Int], padding: Padding, dataFormat: KerasConfig.ImageDataFormat?,
                                      op: String) -> Tensor {
        let n = strides.count
        precondition(x.rank == n + 2 && kernel.rank == n + 2,
                     "\(op): expected a rank-\(n + 2) input and kernel, received \(x.shape) and \(kernel.shape)")
        precondition(outputShape.count == n + 2,
                     "\(op): output_shape must have \(n + 2) entries, received \(outputShape.count)")
        precondition(padding != .causal, "\(op): padding must be valid or same, received causal")
        let format = resolvedDataFormat(dataFormat)
        let batch = outputShape[0] ?? x.shape[0]
        let rest = outputShape.dropFirst().map { dim -> Int in
            guard let dim, dim >= 0 else { preconditionFailure("\(op): output_shape \(outputShape) must be known beyond the batch") }
            return dim
        }
        let fullShape = [batch] + rest
        let target = format == .channelsFirst ? channelsLastShape(fullShape) : fullShape
        return inChannelsLast(x, format) { xl in
            transposedConvolutionChannelsLast(xl, kernel, outputShape: target, strides: strides, dilations: dilations,
                                              padding: padding, op: op)
        }
    }

    /// The transposed convolution on channels-last tensors, with its gradient.
    static func transposedConvolutionChannelsLast(_ x: Tensor, _ kernel: Tensor, outputShape: [Int], strides: [Int],
                                                  dilations: [Int], padding: Padding, op: String) -> Tensor {
        let n = strides.count
        requireFloat(x, op)
        requireSameDType(x, kernel, op, ("x", "kernel"))
        precondition(outputShape[0] == x.shape[0],
                     "\(op): output_shape batch \(outputShape[0]) differs from the input batch \(x.shape[0])")
        precondition(kernel.shape[n + 1] == x.shape[n + 1],
                     "\(op): the kernel \(kernel.shape) (…, out, in) expects \(kernel.shape[n + 1]) input channels, the input \(x.shape) has \(x.shape[n + 1])")
        precondition(kernel.shape[n] == outputShape[n + 1],
                     "\(op): the kernel \(kernel.shape) (…, out, in) makes \(kernel.shape[n]) channels, output_shape \(outputShape) asks for \(outputShape[n + 1])")
        // The forward convolution goes from `outputShape` to `x`; its padding follows from those sizes.
        requirePositive(strides, op, "strides")
        requirePositive(dilations, op, "dilation_rate")
        var before: [Int] = [], after: [Int] = []
        for i in 0..<n {
            let size = outputShape[i + 1]
            let expected = padding.outputLength(input: size, kernel: kernel.shape[i], stride: strides[i], dilation: dilations[i])
            precondition(expected == x.shape[i + 1],
                         "\(op): output_shape \(outputShape) is inconsistent with the input \(x.shape): a \(padding) convolution of size \(size) with kernel \(kernel.shape[i]), stride \(strides[i]) gives \(expected), not \(x.shape[i + 1]) (axis \(i + 1))")
            let pad = padding.amounts(input: size, kernel: kernel.shape[i], stride: strides[i], dilation: dilations[i])
            before.append(pad.before)
            after.append(pad.after)
        }
        let params = ConvolutionParameters(strides: strides, dilations: dilations, paddingBefore: before, paddingAfter: after)
        return transposedConvolutionChannelsLast(x, kernel, outputShape: outputShape, params, op: op)
    }

    /// The transposed convolution on channels-last tensors with explicit geometry: the adjoint
    /// of the convolution `params` from `outputShape` to `x`'s shape, with its gradient. The
    /// caller guarantees that geometry (used by the transposed convolution layers, whose Keras 3
    /// `output_padding` sizes need not follow from a `same`/`valid` forward convolution).
    static func transposedConvolutionChannelsLast(_ x: Tensor, _ kernel: Tensor, outputShape: [Int],
                                                  _ params: ConvolutionParameters, op: String) -> Tensor {
        let n = params.spatialRank
        requireFloat(x, op)
        requireSameDType(x, kernel, op, ("x", "kernel"))
        precondition(x.rank == n + 2 && kernel.rank == n + 2 && outputShape.count == n + 2,
                     "\(op): expected a rank-\(n + 2) input, kernel and output shape, received \(x.shape), \(kernel.shape), \(outputShape)")
        precondition(kernel.shape[n + 1] == x.shape[n + 1] && kernel.shape[n] == outputShape[n + 1],
                     "\(op): the kernel \(kernel.shape) (…, out, in) does not fit the input \(x.shape) and output shape \(outputShape)")
        let xd = x.detached, kd = kernel.detached
        let y = backend.convolutionBackwardInput(xd, kernel: kd, inputShape: outputShape, params)
        return y.recorded(from: [x, kernel]) { g in
            // The adjoint of the adjoint is the convolution; the kernel gradient swaps roles.
            [K.kernels.backend.convolution(g, kernel: kd, params),
             K.kernels.backend.convolutionBackwardKernel(g, xd, kernelShape: kd.shape, params)]
        }
    }
}
