import Testing
@testable import Keras

/// DepthwiseConv1D/2D and SeparableConv1D/2D: hand-computed outputs (channel-major depthwise
/// outputs, then the pointwise mix), shapes, weights, configs, errors and gradients.
@Suite struct DepthwiseSeparableConvTests {
    /// Channels c0 = [[1, 2], [3, 4]] and c1 = [[5, 6], [7, 8]] as a (1, 2, 2, 2) channels-last image.
    let image = Tensor([1, 5, 2, 6, 3, 7, 4, 8] as [Float], shape: [1, 2, 2, 2])
    /// A (2, 2, 2, 2) depthwise kernel: (c0, m0) all ones, (c0, m1) the top-left tap, (c1, m0) all
    /// ones, (c1, m1) the bottom-right tap — giving [10, 1, 26, 8] on `image`.
    let depthwiseKernel = Tensor([1, 1, 1, 0,  1, 0, 1, 0,  1, 0, 1, 0,  1, 0, 1, 1] as [Float], shape: [2, 2, 2, 2])

    @Test func depthwiseOutputsAreChannelMajorWithBias() throws {
        let layer = DepthwiseConv2D(kernelSize: [2], depthMultiplier: 2)
        let y = try outputWithWeights(layer, image, [depthwiseKernel, Tensor([0.1, 0.2, 0.3, 0.4] as [Float], shape: [4])])
        expectValues(y, [10.1, 1.2, 26.3, 8.4], shape: [1, 1, 1, 4])
    }

    @Test func separableMixesTheDepthwiseOutputsPointwise() throws {
        // Pointwise columns f0 = [1, 1, 1, 1] → 45 and f1 = [1, 0, −1, 0] → −16, then bias [0.5, −0.5].
        let layer = SeparableConv2D(2, kernelSize: [2], depthMultiplier: 2)
        let pointwise = Tensor([1, 1, 1, 0, 1, -1, 1, 0] as [Float], shape: [1, 1, 4, 2])
        let y = try outputWithWeights(layer, image, [depthwiseKernel, pointwise, Tensor([0.5, -0.5] as [Float], shape: [2])])
        expectValues(y, [45.5, -16.5], shape: [1, 1, 1, 2])
    }

    @Test func oneDimensionalLayersSlideOverTime() throws {
        // Channels [1, 2, 3] and [10, 20, 30]; kernels (c0) [1, −1] and (c1) [2, 0]: [−1, −1] and [20, 40].
        let x = Tensor([1, 10, 2, 20, 3, 30] as [Float], shape: [1, 3, 2])
        let kernel = Tensor([1, 2, -1, 0] as [Float], shape: [2, 2, 1])
        let depthwise = DepthwiseConv1D(kernelSize: [2], useBias: false)
        expectValues(try outputWithWeights(depthwise, x, [kernel]), [-1, 20, -1, 40], shape: [1, 2, 2])
        // Pointwise sums both channels: [19, 39].
        let separable = SeparableConv1D(1, kernelSize: [2], useBias: false)
        expectValues(try outputWithWeights(separable, x, [kernel, Tensor([1, 1] as [Float], shape: [1, 2, 1])]), [19, 39],
                     shape: [1, 2, 1])
    }

    @Test func stridedSameAndDilatedDepthwiseMatchThePerChannelConvolution() throws {
        let x = randomTensor([2, 7, 6, 3], seed: 21)
        for (strides, padding, dilation) in [([2, 2], Padding.same, [1, 1]), ([1, 1], .valid, [2, 2]), ([2, 1], .valid, [1, 1])] {
            let layer = DepthwiseConv2D(kernelSize: [3, 2], strides: IntOrTuple(strides), padding: padding, depthMultiplier: 2,
                                        dilationRate: IntOrTuple(dilation), useBias: false, dtype: .float64)
            let y = try layer(x)
            let kernel = layer.kernel!.numpy
            for c in 0..<3 {
                let xc = K.slice(x, start: [0, 0, 0, c], size: [2, 7, 6, 1])
                let kc = K.slice(kernel, start: [0, 0, c, 0], size: [3, 2, 1, 2])
                let expected = K.conv2d(xc, kc, strides: (strides[0], strides[1]), padding: padding,
                                        dilationRate: (dilation[0], dilation[1]))
                let got = K.slice(y, start: [0, 0, 0, 2 * c], size: expected.shape.dropLast() + [2])
                expectValues(got, expected.doubles, shape: expected.shape, tolerance: 1e-12)
            }
        }
    }

    @Test func channelsFirstIsTheTransposedChannelsLast() throws {
        let x = randomTensor([2, 5, 4, 3], dtype: .float32, seed: 22)
        let xFirst = K.permuteDimensions(x, [0, 3, 1, 2])
        let pairs: [(Layer, Layer)] = [
            (SeparableConv2D(4, kernelSize: [3], padding: .same, depthMultiplier: 2),
             SeparableConv2D(4, kernelSize: [3], padding: .same, dataFormat: .channelsFirst, depthMultiplier: 2)),
            (DepthwiseConv2D(kernelSize: [2], strides: [2], depthMultiplier: 3),
             DepthwiseConv2D(kernelSize: [2], strides: [2], depthMultiplier: 3, dataFormat: .channelsFirst)),
        ]
        for (last, first) in pairs {
            let yLast = try last(x)
            _ = try first(xFirst)
            try first.setWeights(last.getWeights())
            expectValues(K.permuteDimensions(try first(xFirst), [0, 2, 3, 1]), yLast.doubles, shape: yLast.shape)
        }
    }

    @Test func symbolicAndEagerShapesAgreeForEveryPaddingStrideAndDilation() throws {
        for padding in [Padding.valid, .same] {
            for (strides, dilation) in [([1, 1], [1, 1]), ([2, 2], [1, 1]), ([3, 2], [1, 1]), ([1, 1], [2, 3])] {
                let rows = (padding == .valid ? (9 - ((3 - 1) * dilation[0] + 1)) / strides[0] + 1 : (9 + strides[0] - 1) / strides[0])
                let cols = (padding == .valid ? (8 - ((2 - 1) * dilation[1] + 1)) / strides[1] + 1 : (8 + strides[1] - 1) / strides[1])
                let layers: [(Layer, Int)] = [
                    (DepthwiseConv2D(kernelSize: [3, 2], strides: IntOrTuple(strides), padding: padding, depthMultiplier: 2, dilationRate: IntOrTuple(dilation)), 6),
                    (SeparableConv2D(5, kernelSize: [3, 2], strides: IntOrTuple(strides), padding: padding, dilationRate: IntOrTuple(dilation)), 5),
                ]
                for (layer, channels) in layers {
                    #expect(try layer(Input(shape: [9, 8, 3])).shape == [nil, rows, cols, channels], "\(layer.className) \(padding) \(strides) \(dilation)")
                    #expect(try layer(randomTensor([2, 9, 8, 3], dtype: .float32)).shape == [2, rows, cols, channels])
                }
            }
        }
        #expect(try DepthwiseConv1D(kernelSize: [3], strides: [2], padding: .same, depthMultiplier: 4)(Input(shape: [9, 2])).shape == [nil, 5, 8])
        #expect(try SeparableConv1D(3, kernelSize: [3], dataFormat: .channelsFirst, dilationRate: [2])(Input(shape: [2, 9])).shape == [nil, 3, 5])
        #expect(try DepthwiseConv2D(kernelSize: [3], dataFormat: .channelsFirst)(Input(shape: [4, 6, 7])).shape == [nil, 4, 4, 5])
    }

    @Test func weightsNamesShapesAndParameterCountsMatchKeras() throws {
        let separable = SeparableConv2D(64, kernelSize: [3], padding: .same)
        _ = try separable(Input(shape: [32, 32, 16]))
        #expect(separable.weights.map { $0.name.split(separator: "/").last.map(String.init) } == ["depthwise_kernel", "pointwise_kernel", "bias"])
        #expect(separable.weights.map(\.shape) == [[3, 3, 16, 1], [1, 1, 16, 64], [64]])
        #expect(try separable.countParams() == 1232)
        let depthwise = DepthwiseConv2D(kernelSize: [3], depthMultiplier: 3)
        _ = try depthwise(Input(shape: [10, 10, 12]))
        #expect(depthwise.weights.map { $0.name.split(separator: "/").last.map(String.init) } == ["kernel", "bias"])
        #expect(depthwise.weights.map(\.shape) == [[3, 3, 12, 3], [36]])
        #expect(try depthwise.countParams() == 360)
        // Separable: 3·3·3·2 + 6·4 = 78 (no bias); depthwise on 4 channels: 2·2·4 + 4 = 20.
        let model = try Sequential([SeparableConv2D(4, kernelSize: [3], depthMultiplier: 2, useBias: false, inputShape: [8, 8, 3]),
                                    DepthwiseConv2D(kernelSize: [2])])
        #expect(model.summaryLines(style: .keras2).contains("Total params: 98"), "\(model.summaryLines(style: .keras2))")
    }

    @Test func configsRoundTripWithKeras3Keys() throws {
        let separable = SeparableConv2D(3, kernelSize: [3, 2], strides: [2, 1], padding: .same, depthMultiplier: 2,
                                        activation: "relu", depthwiseRegularizer: .l2(0.01), pointwiseConstraint: .nonNeg)
        let config = separable.getConfig()
        for key in ["filters", "depth_multiplier", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                    "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
                    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
                    "depthwise_constraint", "pointwise_constraint", "bias_constraint"] {
            #expect(config[key] != nil, "SeparableConv2D misses \(key)")
        }
        let depthwise = DepthwiseConv2D(kernelSize: [3], depthMultiplier: 4, dataFormat: .channelsFirst, useBias: false)
        for key in ["depth_multiplier", "kernel_size", "depthwise_initializer", "depthwise_regularizer", "depthwise_constraint"] {
            #expect(depthwise.getConfig()[key] != nil, "DepthwiseConv2D misses \(key)")
        }
        #expect(depthwise.getConfig()["filters"] == nil)
        for layer: Layer in [separable, depthwise, SeparableConv1D(2, kernelSize: [3]), DepthwiseConv1D(kernelSize: [5], strides: [2])] {
            try expectConfigRoundTrip(layer)
        }
        #expect(try LayerRegistry.layer(className: "SeparableConvolution2D", config: separable.getConfig()) is SeparableConv2D)
    }

    @Test func badConfigValuesThrowNamingTheLayer() throws {
        var config = DepthwiseConv2D(kernelSize: [3], name: "dw").getConfig()
        config["depth_multiplier"] = .number(0)
        expectKerasError("dw", "depth_multiplier=0") { _ = try LayerRegistry.layer(className: "DepthwiseConv2D", config: config) }
        config["depth_multiplier"] = .number(1)
        config["strides"] = LayerConfig.ints([0, 1])
        expectKerasError("dw", "`strides`", "value > 0") { _ = try LayerRegistry.layer(className: "DepthwiseConv2D", config: config) }
        var separable = SeparableConv1D(2, kernelSize: [3], name: "sep").getConfig()
        separable["padding"] = .string("causal")
        expectKerasError("sep", "padding") { _ = try LayerRegistry.layer(className: "SeparableConv1D", config: separable) }
        separable["padding"] = .string("valid")
        separable["filters"] = .number(-1)
        expectKerasError("sep", "filters=-1") { _ = try LayerRegistry.layer(className: "SeparableConv1D", config: separable) }
    }

    @Test func badInputsThrowNamingTheLayer() throws {
        let depthwise = DepthwiseConv2D(kernelSize: [3], name: "dw")
        expectKerasError("dw") { _ = try depthwise(Input(shape: [8, 3])) }
        _ = try depthwise(Input(shape: [8, 8, 3]))
        expectKerasError("dw") { _ = try depthwise(Input(shape: [8, 8, 2])) }
        let separable = SeparableConv2D(2, kernelSize: [5], name: "sep")
        expectKerasError("sep", "too small") { _ = try separable(Input(shape: [3, 8, 2])) }
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        try checkLayerGradients(DepthwiseConv2D(kernelSize: [2], strides: [2], padding: .same, depthMultiplier: 2,
                                                activation: "tanh", dtype: .float64), [randomTensor([1, 3, 3, 2], seed: 31)])
        try checkLayerGradients(SeparableConv2D(2, kernelSize: [2], dataFormat: .channelsFirst, dilationRate: [2],
                                                depthMultiplier: 2, dtype: .float64), [randomTensor([1, 2, 4, 3], seed: 32)])
        try checkLayerGradients(SeparableConv1D(3, kernelSize: [3], padding: .same, dtype: .float64), [randomTensor([2, 4, 2], seed: 33)])
        try checkLayerGradients(DepthwiseConv1D(kernelSize: [2], dilationRate: [2], dtype: .float64), [randomTensor([1, 5, 2], seed: 34)])
    }
}
