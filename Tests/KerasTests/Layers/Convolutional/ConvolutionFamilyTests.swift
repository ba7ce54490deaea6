import Testing
@testable import Keras

/// The shared convolution base: Conv1D/2D/3D keep their initializers, every family reads its
/// config through one place and rejects bad values with a KerasError naming the layer, and the
/// registry knows every class and alias.
@Suite struct ConvolutionFamilyTests {
    @Test func convInitializersKeepTheirKerasArguments() throws {
        let conv = Conv2D(4, kernelSize: [3, 2], strides: [1], padding: .same, dataFormat: .channelsLast, dilationRate: [2],
                          groups: 2, activation: "relu", useBias: false, kernelInitializer: .zeros, biasInitializer: .ones,
                          kernelRegularizer: .l2(0.1), biasRegularizer: nil, kernelConstraint: .nonNeg, biasConstraint: nil,
                          name: "c", trainable: false, dtype: .float64, inputShape: [5, 5, 2])
        #expect(conv.rank == 2 && conv.kernelSize == [3, 2] && conv.strides == [1, 1] && conv.dilationRate == [2, 2])
        #expect(conv.groups == 2 && conv.name == "c" && !conv.trainable && conv.dtype == .float64)
        #expect(Conv1D(2, kernelSize: [3]).kernelSize == [3] && Conv3D(2, kernelSize: [3]).kernelSize == [3, 3, 3])
        #expect(Conv1D.spatialRank == 1 && Conv3DTranspose.spatialRank == 3 && DepthwiseConv1D.spatialRank == 1)
    }

    @Test func convolutionForwardValueIsTheHandComputedCrossCorrelation() throws {
        // x = [1, 2, 3, 4], k = [1, 10] (no flip): [21, 32, 43] + 1.
        let layer = Conv1D(1, kernelSize: [2])
        let y = try outputWithWeights(layer, Tensor([1, 2, 3, 4] as [Float], shape: [1, 4, 1]),
                                      [Tensor([1, 10] as [Float], shape: [2, 1, 1]), Tensor([1] as [Float], shape: [1])])
        expectValues(y, [22, 33, 44], shape: [1, 3, 1])
    }

    @Test func everyClassAndAliasIsRegistered() throws {
        let classes = ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
                       "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
                       "Convolution2DTranspose", "SeparableConvolution1D"]
        for name in classes { #expect(LayerRegistry.contains(name), "\(name)") }
    }

    @Test func badConvConfigValuesThrowInsteadOfTrapping() throws {
        let base = Conv2D(4, kernelSize: [3], name: "conv").getConfig()
        let cases: [(String, JSONValue, String)] = [
            ("kernel_size", LayerConfig.ints([3, 3, 3]), "`kernel_size` expects an integer or a list of 2 integers"),
            ("kernel_size", LayerConfig.ints([3, 0]), "value > 0"),
            ("dilation_rate", LayerConfig.ints([2, 2]), "dilation_rate > 1"),   // with strides below
            ("groups", .number(3), "divisible by the number of groups"),
            ("padding", .string("causal"), "padding"),
            ("padding", .string("full"), "padding"),
            ("filters", .number(0), "filters=0"),
        ]
        for (key, value, fragment) in cases {
            var config = base
            config[key] = value
            if key == "dilation_rate" { config["strides"] = LayerConfig.ints([2, 1]) }
            expectKerasError("conv", fragment) { _ = try LayerRegistry.layer(className: "Conv2D", config: config) }
        }
        var causal = Conv1D(2, kernelSize: [3], padding: .causal).getConfig()
        causal["name"] = .string("causal_conv")
        #expect(try (LayerRegistry.layer(className: "Conv1D", config: causal) as! Conv1D).padding == .causal)
    }

    @Test func groupsThatDoNotDivideTheInputChannelsThrowAtBuild() throws {
        expectKerasError("grouped", "groups=2") { _ = try Conv2D(4, kernelSize: [1], groups: 2, name: "grouped")(Input(shape: [3, 3, 3])) }
    }
}
