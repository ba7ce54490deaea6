/// Convolutions: `conv1d`, `conv2d`, `conv3d`, `depthwise_conv2d`, `separable_conv1d`,
/// `separable_conv2d`.
///
/// TensorFlow semantics: cross-correlation (the kernel is not flipped), kernels laid out
/// `(spatial…, inChannels, outChannels)` whatever the data format, `same` padding with the odd
/// cell after. Channels-first input is transposed to channels-last and back. Gradients go
/// through the backend's `convolutionBackwardInput` / `convolutionBackwardKernel`.
extension K {
    /// 1-D convolution of `x` `(batch, steps, in)` (or `(batch, in, steps)` channels-first)
    /// with `kernel` `(k, in, out)` → `(batch, newSteps, out)`.
    ///
    /// `padding: .causal` left-pads `dilationRate·(k − 1)` steps (channels-last only).
    ///
    /// Keras: `K.conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1)`.
    ///
    /// ```swift
    /// K.conv1d(Tensor([[[1], [2], [3]]]), Tensor([[[1]], [[1]]]))   // [[[3], [5]]]
    /// ```
    public static func conv1d(_ x: Tensor, _ kernel: Tensor, strides: Int = 1, padding: Padding = .valid,
                              dataFormat: KerasConfig.ImageDataFormat? = nil, dilationRate: Int = 1) -> Tensor {
        let op = "K.conv1d"
        precondition(padding != .causal || resolvedDataFormat(dataFormat) == .channelsLast,
                     "\(op): causal padding needs channels_last input")
        return convolution(x, kernel, strides: [strides], dilations: [dilationRate], padding: padding,
                           dataFormat: dataFormat, op: op)
    }

    /// 2-D convolution of `x` `(batch, rows, cols, in)` (or `(batch, in, rows, cols)`) with
    /// `kernel` `(kh, kw, in, out)` → `(batch, newRows, newCols, out)` (or channels-first).
    ///
    /// Keras: `K.conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1))`.
    ///
    /// ```swift
    /// let y = K.conv2d(x, kernel, strides: (2, 2), padding: .same)
    /// ```
    public static func conv2d(_ x: Tensor, _ kernel: Tensor, strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                              dataFormat: KerasConfig.ImageDataFormat? = nil, dilationRate: (Int, Int) = (1, 1)) -> Tensor {
        convolution(x, kernel, strides: [strides.0, strides.1], dilations: [dilationRate.0, dilationRate.1],
                    padding: padding, dataFormat: dataFormat, op: "K.conv2d")
    }

    /// 3-D convolution of `x` `(batch, d, h, w, in)` (or channels-first) with `kernel`
    /// `(kd, kh, kw, in, out)`.
    ///
    /// Keras: `K.conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None, dilation_rate=(1, 1, 1))`.
    ///
    /// ```swift
    /// let y = K.conv3d(volume, kernel, padding: .same)
    /// ```
    public static func conv3d(_ x: Tensor, _ kernel: Tensor, strides: (Int, Int, Int) = (1, 1, 1), padding: Padding = .valid,
                              dataFormat: KerasConfig.ImageDataFormat? = nil,
                              dilationRate: (Int, Int, Int) = (1, 1, 1)) -> Tensor {
        convolution(x, kernel, strides: [strides.0, strides.1, strides.2],
                    dilations: [dilationRate.0, dilationRate.1, dilationRate.2],
                    padding: padding, dataFormat: dataFormat, op: "K.conv3d")
    }

    /// Depthwise 2-D convolution: each input channel `c` is convolved with its own
    /// `depthMultiplier` filters `depthwiseKernel[:, :, c, m]`, giving output channel
    /// `c·depthMultiplier + m`. `depthwiseKernel` is `(kh, kw, in, depthMultiplier)`; the output
    /// has `in·depthMultiplier` channels.
    ///
    /// Keras: `K.depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1))`.
    ///
    /// ```swift
    /// let y = K.depthwiseConv2d(x, depthwiseKernel, padding: .same)
    /// ```
    public static func depthwiseConv2d(_ x: Tensor, _ depthwiseKernel: Tensor, strides: (Int, Int) = (1, 1),
                                       padding: Padding = .valid, dataFormat: KerasConfig.ImageDataFormat? = nil,
                                       dilationRate: (Int, Int) = (1, 1)) -> Tensor {
        let op = "K.depthwise_conv2d"
        precondition(x.rank == 4 && depthwiseKernel.rank == 4,
                     "\(op): expected a 4-D input and a 4-D kernel, received \(x.shape) and \(depthwiseKernel.shape)")
        return inChannelsLast(x, dataFormat) { xl in
            depthwiseChannelsLast(xl, depthwiseKernel, strides: [strides.0, strides.1],
                                  dilations: [dilationRate.0, dilationRate.1], padding: padding, op: op)
        }
    }

    /// Depthwise-separable 2-D convolution: ``depthwiseConv2d(_:_:strides:padding:dataFormat:dilationRate:)``
    /// followed by a 1×1 convolution with `pointwiseKernel` `(1, 1, in·depthMultiplier, out)`.
    ///
    /// Keras: `K.separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1))`.
    ///
    /// ```swift
    /// let y = K.separableConv2d(x, depthwiseKernel, pointwiseKernel, padding: .same)
    /// ```
    public static func separableConv2d(_ x: Tensor, _ depthwiseKernel: Tensor, _ pointwiseKernel: Tensor,
                                       strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                                       dataFormat: KerasConfig.ImageDataFormat? = nil,
                                       dilationRate: (Int, Int) = (1, 1)) -> Tensor {
        let op = "K.separable_conv2d"
        precondition(x.rank == 4 && depthwiseKernel.rank == 4 && pointwiseKernel.rank == 4,
                     "\(op): expected 4-D input and kernels, received \(x.shape), \(depthwiseKernel.shape), \(pointwiseKernel.shape)")
        precondition(pointwiseKernel.shape[0] == 1 && pointwiseKernel.shape[1] == 1,
                     "\(op): the pointwise kernel must be (1, 1, in·depthMultiplier, out), received \(pointwiseKernel.shape)")
        return inChannelsLast(x, dataFormat) { xl in
            let depthwise = depthwiseChannelsLast(xl, depthwiseKernel, strides: [strides.0, strides.1],
                                                  dilations: [dilationRate.0, dilationRate.1], padding: padding, op: op)
            return convolutionChannelsLast(depthwise, pointwiseKernel, strides: [1, 1], dilations: [1, 1],
                                           padding: .valid, groups: 1, op: op)
        }
    }

    /// Depthwise-separable 1-D convolution: `depthwiseKernel` `(k, in, depthMultiplier)`,
    /// `pointwiseKernel` `(1, in·depthMultiplier, out)`.
    ///
    /// Keras: `K.separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid', data_format=None, dilation_rate=1)`.
    ///
    /// ```swift
    /// let y = K.separableConv1d(x, depthwiseKernel, pointwiseKernel)
    /// ```
    public static func separableConv1d(_ x: Tensor, _ depthwiseKernel: Tensor, _ pointwiseKernel: Tensor,
                                       strides: Int = 1, padding: Padding = .valid,
                                       dataFormat: KerasConfig.ImageDataFormat? = nil, dilationRate: Int = 1) -> Tensor {
        let op = "K.separable_conv1d"
        precondition(x.rank == 3 && depthwiseKernel.rank == 3 && pointwiseKernel.rank == 3,
                     "\(op): expected 3-D input and kernels, received \(x.shape), \(depthwiseKernel.shape), \(pointwiseKernel.shape)")
        precondition(pointwiseKernel.shape[0] == 1,
                     "\(op): the pointwise kernel must be (1, in·depthMultiplier, out), received \(pointwiseKernel.shape)")
        return inChannelsLast(x, dataFormat) { xl in
            let depthwise = depthwiseChannelsLast(xl, depthwiseKernel, strides: [strides], dilations: [dilationRate],
                                                  padding: padding, op: op)
            return convolutionChannelsLast(depthwise, pointwiseKernel, strides: [1], dilations: [1],
                                           padding: .valid, groups: 1, op: op)
        }
    }

    // MARK: Shared implementation

    /// A convolution in either data format.
    static func convolution(_ x: Tensor, _ kernel: Tensor, strides: [Int], dilations: [Int], padding: Padding,
                            dataFormat: KerasConfig.ImageDataFormat?, op: String) -> Tensor {
        let n = strides.count
        precondition(x.rank == n + 2 && kernel.rank == n + 2,
                     "\(op): expected a rank-\(n + 2) input and kernel, received \(x.shape) and \(kernel.shape)")
        return inChannelsLast(x, dataFormat) { xl in
            convolutionChannelsLast(xl, kernel, strides: strides, dilations: dilations, padding: padding, groups: 1, op: op)
        }
    }

    /// Depthwise convolution on channels-last input: the kernel `(k…, in, m)` viewed as
    /// `(k…, 1, in·m)` with one group per input channel.
    static func depthwiseChannelsLast(_ x: Tensor, _ kernel: Tensor, strides: [Int], dilations: [Int],
                                      padding: Padding, op: String) -> Tensor {
        let n = strides.count
        let channels = x.shape[n + 1]
        precondition(kernel.shape[n] == channels,
                     "\(op): the depthwise kernel \(kernel.shape) expects \(kernel.shape[n]) input channels, the input \(x.shape) has \(channels)")
        let multiplier = kernel.shape[n + 1]
        let grouped = reshape(kernel, Array(kernel.shape.prefix(n)) + [1, channels * multiplier])
        return convolutionChannelsLast(x, grouped, strides: strides, dilations: dilations, padding: padding,
                                       groups: channels, op: op)
    }

    /// The convolution kernel call on channels-last tensors, with its gradient.
    static func convolutionChannelsLast(_ x: Tensor, _ kernel: Tensor, strides: [Int], dilations: [Int],
                                        padding: Padding, groups: Int, op: String) -> Tensor {
        let params = convolutionParameters(input: x.shape, kernel: kernel.shape, strides: strides, dilations: dilations,
                                           padding: padding, groups: groups, op: op)
        requireFloat(x, op)
        requireSameDType(x, kernel, op, ("x", "kernel"))
        let xd = x.detached, kd = kernel.detached
        let y = backend.convolution(xd, kernel: kd, params)
        return y.recorded(from: [x, kernel]) { g in
            [K.kernels.backend.convolutionBackwardInput(g, kernel: kd, inputShape: xd.shape, params),
             K.kernels.backend.convolutionBackwardKernel(xd, g, kernelShape: kd.shape, params)]
        }
    }

    /// Validates a channels-last convolution and computes its geometry.
    static func convolutionParameters(input: [Int], kernel: [Int], strides: [Int], dilations: [Int],
                                      padding: Padding, groups: Int, op: String) -> ConvolutionParameters {
        let n = strides.count
        precondition(input.count == n + 2 && kernel.count == n + 2,
                     "\(op): expected a rank-\(n + 2) input and kernel, received \(input) and \(kernel)")
        requirePositive(strides, op, "strides")
        requirePositive(dilations, op, "dilation_rate")
        precondition(padding != .causal || n == 1, "\(op): causal padding is only for 1-D convolutions")
        precondition(kernel[n] * groups == input[n + 1],
                     "\(op): the kernel \(kernel) expects \(kernel[n] * groups) input channels, the input \(input) has \(input[n + 1])")
        precondition(kernel[n + 1] % groups == 0, "\(op): \(kernel[n + 1]) output channels do not split into \(groups) groups")
        var before: [Int] = [], after: [Int] = []
        for i in 0..<n {
            let pad = padding.amounts(input: input[i + 1], kernel: kernel[i], stride: strides[i], dilation: dilations[i])
            let effective = Padding.effectiveKernelSize(kernel[i], dilation: dilations[i])
            precondition(input[i + 1] + pad.before + pad.after >= effective,
                         "\(op): spatial size \(input[i + 1]) on axis \(i + 1) is smaller than the kernel extent \(effective) with \(padding) padding (input \(input), kernel \(kernel))")
            before.append(pad.before)
            after.append(pad.after)
        }
        return ConvolutionParameters(strides: strides, dilations: dilations, paddingBefore: before,
                                     paddingAfter: after, groups: groups)
    }
}
