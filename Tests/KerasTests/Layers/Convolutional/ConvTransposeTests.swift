import Testing
@testable import Keras

/// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose: hand-computed outputs (each input cell
/// scatters `x[i]·kernel` at `i·stride − padBefore`), Keras's output-length formula with and
/// without `outputPadding`, configs, errors and gradients.
@Suite struct ConvTransposeTests {
    @Test func stride2ValidScattersEachPixelTimesTheKernel() throws {
        // out[2i + a, 2j + b] = x[i, j] · k[a, b]: the 2×2 kernel tiles, scaled by each pixel.
        let layer = Conv2DTranspose(1, kernelSize: [2], strides: [2], useBias: false)
        let y = try outputWithWeights(layer, Tensor([1, 2, 3, 4] as [Float], shape: [1, 2, 2, 1]), [Tensor([1, 2, 3, 4] as [Float], shape: [2, 2, 1, 1])])
        expectValues(y, [1, 2, 2, 4,
                         3, 4, 6, 8,
                         3, 6, 4, 8,
                         9, 12, 12, 16], shape: [1, 4, 4, 1])
    }

    @Test func stride1ValidGrowsByKernelMinusOneAndAddsBias() throws {
        // x = [1, 2, 3], k = [1, 10]: out = [1, 10 + 2, 20 + 3, 30] + 0.5.
        let layer = Conv1DTranspose(1, kernelSize: [2])
        let y = try outputWithWeights(layer, Tensor([1, 2, 3] as [Float], shape: [1, 3, 1]),
                        [Tensor([1, 10] as [Float], shape: [2, 1, 1]), Tensor([0.5] as [Float], shape: [1])])
        expectValues(y, [1.5, 12.5, 23.5, 30.5], shape: [1, 4, 1])
    }

    @Test func samePaddingAndOutputPaddingFollowKeras3() throws {
        let x = Tensor([1, 2] as [Float], shape: [1, 2, 1])
        let kernel = Tensor([1, 10, 100] as [Float], shape: [3, 1, 1])
        // same, stride 2, no output_padding: length n·s = 4, P = max((n−1)s + k − L, 0) = 1, 0 before:
        // x0 at 0…2, x1 at 2…4 (4 cropped).
        let inferred = Conv1DTranspose(1, kernelSize: [3], strides: [2], padding: .same, useBias: false)
        expectValues(try outputWithWeights(inferred, x, [kernel]), [1, 10, 102, 20], shape: [1, 4, 1])
        // output_padding = 1: (n−1)s + k − 2·(k/2) + 1 = 4, same geometry.
        let padded = Conv1DTranspose(1, kernelSize: [3], strides: [2], padding: .same, outputPadding: [1], useBias: false)
        expectValues(try outputWithWeights(padded, x, [kernel]), [1, 10, 102, 20], shape: [1, 4, 1])
        // output_padding = 0: length 3, P = 2, one cell cropped before.
        let unpadded = Conv1DTranspose(1, kernelSize: [3], strides: [2], padding: .same, outputPadding: [0], useBias: false)
        expectValues(try outputWithWeights(unpadded, x, [kernel]), [10, 102, 20], shape: [1, 3, 1])
    }

    @Test func evenKernelSameWithZeroOutputPaddingMatchesKeras3() throws {
        // k = 4, s = 2, n = 3, output_padding 0: L = 2·2 + 4 − 4 = 4, P = 4, 2 cropped before — a length
        // no `same` forward convolution maps to 3 (TensorFlow's conv_transpose rejects it; Keras 3 on JAX
        // computes it, and so do we): [100+2, 1000+20, 200+3, 2000+30].
        let layer = Conv1DTranspose(1, kernelSize: [4], strides: [2], padding: .same, outputPadding: [0], useBias: false)
        let y = try outputWithWeights(layer, Tensor([1, 2, 3] as [Float], shape: [1, 3, 1]), [Tensor([1, 10, 100, 1000] as [Float], shape: [4, 1, 1])])
        expectValues(y, [102, 1020, 203, 2030], shape: [1, 4, 1])
    }

    @Test func dilatedKernelSpreadsItsTaps() throws {
        // k = [1, 10] dilated by 2 is [1, 0, 10]: out = [1, 2, 10 + 3, 20, 30].
        let layer = Conv1DTranspose(1, kernelSize: [2], dilationRate: [2], useBias: false)
        let y = try outputWithWeights(layer, Tensor([1, 2, 3] as [Float], shape: [1, 3, 1]), [Tensor([1, 10] as [Float], shape: [2, 1, 1])])
        expectValues(y, [1, 2, 13, 20, 30], shape: [1, 5, 1])
    }

    @Test func channelsFirstIsTheTransposedChannelsLast() throws {
        let x = randomTensor([2, 3, 4, 3], dtype: .float32, seed: 7)
        let last = Conv2DTranspose(2, kernelSize: [3, 2], strides: [2, 1], padding: .same, outputPadding: [1, 0])
        let yLast = try last(x)
        let first = Conv2DTranspose(2, kernelSize: [3, 2], strides: [2, 1], padding: .same, outputPadding: [1, 0],
                                    dataFormat: .channelsFirst)
        _ = try first(K.permuteDimensions(x, [0, 3, 1, 2]))
        try first.setWeights(last.getWeights())
        let yFirst = try first(K.permuteDimensions(x, [0, 3, 1, 2]))
        #expect(yFirst.shape == [2, 2, 6, 3])   // cols: (4 − 1)·1 + 2 − 2·1 + 0
        expectValues(K.permuteDimensions(yFirst, [0, 2, 3, 1]), yLast.doubles, shape: yLast.shape)
    }

    @Test func symbolicAndEagerShapesAgreeWithTheKerasFormula() throws {
        // (kernel, stride, padding, outputPadding, dilation, n) → expected length, from
        // compute_conv_transpose_output_length.
        let cases: [(Int, Int, Padding, Int?, Int, Int, Int)] = [
            (3, 1, .valid, nil, 1, 5, 7), (3, 2, .valid, nil, 1, 5, 11), (2, 3, .valid, nil, 1, 4, 12),
            (3, 1, .same, nil, 1, 5, 5), (3, 2, .same, nil, 1, 5, 10), (4, 2, .same, nil, 1, 3, 6),
            (3, 2, .valid, 1, 1, 5, 12), (3, 2, .same, 0, 1, 5, 9), (3, 2, .same, 1, 1, 5, 10),
            (4, 2, .same, 0, 1, 3, 4), (4, 3, .same, 2, 1, 3, 8), (1, 3, .same, 2, 1, 2, 6),
            (3, 1, .valid, nil, 2, 4, 8), (3, 1, .same, nil, 2, 4, 4), (2, 1, .same, 0, 3, 4, 3),
        ]
        for (k, s, p, op, d, n, expected) in cases {
            #expect(p.transposedOutputLength(input: n, kernel: k, stride: s, dilation: d, outputPadding: op) == expected)
            let layer = Conv1DTranspose(2, kernelSize: IntOrTuple(k), strides: IntOrTuple(s), padding: p,
                                        outputPadding: op.map { IntOrTuple($0) }, dilationRate: IntOrTuple(d))
            #expect(try layer(Input(shape: [n, 3])).shape == [nil, expected, 2], "k=\(k) s=\(s) \(p) op=\(String(describing: op)) d=\(d)")
            #expect(try layer(randomTensor([2, n, 3], dtype: .float32, seed: 1)).shape == [2, expected, 2])
        }
        #expect(try Conv2DTranspose(4, kernelSize: [3], strides: [2], padding: .same)(Input(shape: [5, 6, 3])).shape == [nil, 10, 12, 4])
        #expect(try Conv2DTranspose(4, kernelSize: [3], dataFormat: .channelsFirst)(Input(shape: [3, 5, 6])).shape == [nil, 4, 7, 8])
        #expect(try Conv3DTranspose(2, kernelSize: [2], strides: [2])(Input(shape: [3, 4, 5, 1])).shape == [nil, 6, 8, 10, 2])
        #expect(try Conv3DTranspose(2, kernelSize: [2], strides: [2])(randomTensor([1, 3, 4, 5, 1], dtype: .float32)).shape == [1, 6, 8, 10, 2])
    }

    @Test func weightsAreKernelFiltersBeforeInputsThenBias() throws {
        let layer = Conv2DTranspose(5, kernelSize: [3, 2])
        _ = try layer(Input(shape: [4, 4, 7]))
        #expect(layer.weights.map { $0.name.split(separator: "/").last.map(String.init) } == ["kernel", "bias"])
        #expect(layer.weights.map(\.shape) == [[3, 2, 5, 7], [5]])
        #expect(try layer.countParams() == 3 * 2 * 5 * 7 + 5)
    }

    @Test func configRoundTripsWithKeras3Keys() throws {
        let layer = Conv2DTranspose(3, kernelSize: [3, 2], strides: [2, 2], padding: .same, outputPadding: [1, 0],
                                    activation: "relu", kernelRegularizer: .l2(0.01), kernelConstraint: .nonNeg)
        let config = layer.getConfig()
        for key in ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias",
                    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                    "activity_regularizer", "kernel_constraint", "bias_constraint", "output_padding"] {
            #expect(config[key] != nil, "missing \(key)")
        }
        #expect(config["groups"] == nil)
        #expect(config["kernel_size"] == LayerConfig.ints([3, 2]))
        try expectConfigRoundTrip(layer)
        try expectConfigRoundTrip(Conv1DTranspose(2, kernelSize: [3]))
        try expectConfigRoundTrip(Conv3DTranspose(2, kernelSize: [3], dataFormat: .channelsFirst, useBias: false))
        // Keras 3's own config has no `output_padding`; the alias name resolves too.
        var keras = Conv2DTranspose(2, kernelSize: [3]).getConfig()
        keras["output_padding"] = nil
        let rebuilt = try LayerRegistry.layer(className: "Convolution2DTranspose", config: keras)
        #expect(rebuilt is Conv2DTranspose && (rebuilt as! Conv2DTranspose).outputPadding == nil)
    }

    @Test func badConfigValuesThrowNamingTheLayer() throws {
        var config = Conv2DTranspose(2, kernelSize: [3], name: "up").getConfig()
        config["strides"] = LayerConfig.ints([2, 2])
        config["output_padding"] = LayerConfig.ints([2, 1])
        expectKerasError("up", "`output_padding` must be < `strides`") {
            _ = try LayerRegistry.layer(className: "Conv2DTranspose", config: config)
        }
        config["output_padding"] = nil
        config["dilation_rate"] = LayerConfig.ints([2, 2])
        expectKerasError("up", "dilation_rate > 1") { _ = try LayerRegistry.layer(className: "Conv2DTranspose", config: config) }
        config["dilation_rate"] = LayerConfig.ints([1, 1])
        config["kernel_size"] = LayerConfig.ints([3, 3, 3])
        expectKerasError("up", "`kernel_size` expects an integer or a list of 2 integers") {
            _ = try LayerRegistry.layer(className: "Conv2DTranspose", config: config)
        }
        config["kernel_size"] = LayerConfig.ints([3, 3])
        config["padding"] = .string("causal")
        expectKerasError("up", "padding") { _ = try LayerRegistry.layer(className: "Conv2DTranspose", config: config) }
        config["padding"] = .string("same")
        config["filters"] = .number(0)
        expectKerasError("up", "filters=0") { _ = try LayerRegistry.layer(className: "Conv2DTranspose", config: config) }
    }

    @Test func badInputsThrowNamingTheLayer() throws {
        let layer = Conv2DTranspose(2, kernelSize: [3], name: "deconv")
        expectKerasError("deconv", "min_ndim=4") { _ = try layer(Input(shape: [5, 3])) }
        _ = try layer(Input(shape: [5, 5, 3]))
        expectKerasError("deconv") { _ = try layer(Input(shape: [5, 5, 4])) }
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let strided = Conv2DTranspose(2, kernelSize: [3, 2], strides: [2, 1], padding: .same, outputPadding: [1, 0],
                                      activation: "tanh", dtype: .float64)
        try checkLayerGradients(strided, [randomTensor([1, 2, 3, 2], seed: 11)])
        let evenKernel = Conv1DTranspose(2, kernelSize: [4], strides: [2], padding: .same, outputPadding: [0], dtype: .float64)
        try checkLayerGradients(evenKernel, [randomTensor([2, 3, 2], seed: 12)])
        let dilatedFirst = Conv2DTranspose(2, kernelSize: [2], dataFormat: .channelsFirst, dilationRate: [2], dtype: .float64)
        try checkLayerGradients(dilatedFirst, [randomTensor([1, 2, 3, 3], seed: 13)])
    }
}
