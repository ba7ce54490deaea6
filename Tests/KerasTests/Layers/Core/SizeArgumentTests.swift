import Testing
@testable import Keras

/// Size arguments (issue 16, item 4): every size, stride, dilation, pool, upsampling, padding and
/// cropping argument takes one ``IntOrTuple``: an integer for every axis or one value per axis
/// (and, for padding and cropping, one `[before, after]` pair per axis), as Keras's `int or
/// tuple` arguments do.
@Suite struct SizeArgumentTests {
    // MARK: The conversion

    @Test func anIntegerRepeatsOnEveryAxisAndAListGivesOneValuePerAxis() throws {
        #expect(try IntOrTuple(3).values(count: 2, argument: "kernelSize") == [3, 3])
        #expect(try (3 as IntOrTuple).values(count: 3, argument: "kernelSize") == [3, 3, 3])
        #expect(try ([3, 5] as IntOrTuple).values(count: 2, argument: "kernelSize") == [3, 5])
        #expect(try IntOrTuple([2, 1, 4]).values(count: 3, argument: "strides") == [2, 1, 4])
        #expect(try ([0, 1] as IntOrTuple).values(count: 2, argument: "outputPadding", allowZero: true) == [0, 1])
        // A one-element list is its integer, as SwiftKeras has always read `kernelSize: [3]`.
        #expect(try ([3] as IntOrTuple).values(count: 2, argument: "kernelSize") == [3, 3])
    }

    @Test func aWrongLengthOrAValueOutOfRangeThrowsNamingTheArgument() throws {
        expectKerasError("`kernelSize` expects an integer or a list of 2 integers (one per spatial axis), received [3, 3, 3]") {
            _ = try ([3, 3, 3] as IntOrTuple).values(count: 2, argument: "kernelSize")
        }
        expectKerasError("`poolSize` expects an integer or a list of 3 integers", "received [2, 2]") {
            _ = try ([2, 2] as IntOrTuple).values(count: 3, argument: "poolSize")
        }
        expectKerasError("`kernelSize`", "received [[1, 1], [2, 2]]") {
            _ = try ([[1, 1], [2, 2]] as IntOrTuple).values(count: 2, argument: "kernelSize")
        }
        expectKerasError("`strides`", "received [2, 0]", "including 0", "value > 0") {
            _ = try ([2, 0] as IntOrTuple).values(count: 2, argument: "strides")
        }
        expectKerasError("`outputPadding`", "value >= 0") {
            _ = try (-1 as IntOrTuple).values(count: 2, argument: "outputPadding", allowZero: true)
        }
    }

    @Test func paddingTakesAnIntegerOneIntegerPerAxisOrOnePairPerAxis() throws {
        func pairs(_ value: IntOrTuple, _ count: Int) throws -> [[Int]] {
            try value.pairs(count: count, argument: "padding").map { [$0.0, $0.1] }
        }
        #expect(try pairs(1, 2) == [[1, 1], [1, 1]])
        #expect(try pairs([1, 2], 2) == [[1, 1], [2, 2]])
        #expect(try pairs([[1, 0], [2, 3]], 2) == [[1, 0], [2, 3]])
        #expect(try pairs([[1, 0], 2], 2) == [[1, 0], [2, 2]])   // Keras's ((1, 0), 2)
        #expect(try pairs([1, 2], 1) == [[1, 2]])                // 1-D: the pair itself
        #expect(try pairs([[1, 2]], 1) == [[1, 2]])
        #expect(try pairs(IntOrTuple([[4, 5]]), 1) == [[4, 5]])
        expectKerasError("`padding` expects an integer, a list of 2 integers (one per axis, both sides) or 2 [before, after] pairs",
                         "received [[1, 1], [2, 2], [3, 3]]") { _ = try pairs([[1, 1], [2, 2], [3, 3]], 2) }
        expectKerasError("`padding`", "received [[1, 2, 3], [0, 0]]") { _ = try pairs([[1, 2, 3], [0, 0]], 2) }
        expectKerasError("`padding`", ">= 0", "received [1, -1]") { _ = try pairs([1, -1], 2) }
        expectKerasError("`padding` expects an integer or a [before, after] pair", "received [1, 2, 3]") { _ = try pairs([1, 2, 3], 1) }
    }

    @Test func descriptionsUseSwiftsArraySpelling() {
        #expect((3 as IntOrTuple).description == "3")
        #expect(([3, 5] as IntOrTuple).description == "[3, 5]")
        #expect(([[1, 1], [2, 2]] as IntOrTuple).description == "[[1, 1], [2, 2]]")
        #expect(IntOrTuple(4) == .int(4) && IntOrTuple([1, 2]) == [1, 2])
    }

    // MARK: Every layer family: the integer form is the per-axis form

    /// Builds both layers on `input`, gives the second the first's weights, and expects the same
    /// output shape (`shape`), the same numbers and the same config apart from the name.
    private func expectSameLayer(_ a: Layer, _ b: Layer, input: [Int], shape: [Int],
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let x = randomTensor(input, dtype: .float32, seed: 7)
        let ya = try a(x)
        _ = try b(x)
        try b.setWeights(a.getWeights())
        let yb = try b(x)
        #expect(ya.shape == shape, "\(a.className): \(ya.shape)", sourceLocation: sourceLocation)
        #expect(yb.shape == shape, "\(b.className): \(yb.shape)", sourceLocation: sourceLocation)
        #expect(ya.doubles == yb.doubles, "\(a.className): the two forms give different numbers", sourceLocation: sourceLocation)
        #expect(ya.doubles.contains { $0 != 0 }, "\(a.className): all zeros", sourceLocation: sourceLocation)
        var ca = a.getConfig(), cb = b.getConfig()
        ca["name"] = nil
        cb["name"] = nil
        #expect(ca == cb, "\(a.className): \(ca) vs \(cb)", sourceLocation: sourceLocation)
        let symbolic = try a(Input(shape: input.dropFirst().map { $0 }))
        #expect(symbolic.shape == [nil] + shape.dropFirst().map { $0 }, sourceLocation: sourceLocation)
    }

    @Test func convolutionsTakeEitherForm() throws {
        try expectSameLayer(Conv1D(2, kernelSize: 3, strides: 2), Conv1D(2, kernelSize: [3], strides: [2]),
                            input: [2, 9, 3], shape: [2, 4, 2])
        try expectSameLayer(Conv2D(2, kernelSize: 3, strides: 2), Conv2D(2, kernelSize: [3, 3], strides: [2, 2]),
                            input: [2, 7, 7, 3], shape: [2, 3, 3, 2])
        try expectSameLayer(Conv2D(2, kernelSize: 2, padding: .same, dilationRate: 2),
                            Conv2D(2, kernelSize: [2, 2], padding: .same, dilationRate: [2, 2]),
                            input: [1, 5, 6, 2], shape: [1, 5, 6, 2])
        try expectSameLayer(Conv3D(2, kernelSize: 2, strides: 2), Conv3D(2, kernelSize: [2, 2, 2], strides: [2, 2, 2]),
                            input: [1, 4, 4, 4, 2], shape: [1, 2, 2, 2, 2])
    }

    @Test func transposedConvolutionsTakeEitherForm() throws {
        try expectSameLayer(Conv1DTranspose(2, kernelSize: 3, strides: 2, outputPadding: 1),
                            Conv1DTranspose(2, kernelSize: [3], strides: [2], outputPadding: [1]),
                            input: [2, 4, 3], shape: [2, 10, 2])
        try expectSameLayer(Conv2DTranspose(2, kernelSize: 3, strides: 2),
                            Conv2DTranspose(2, kernelSize: [3, 3], strides: [2, 2]),
                            input: [1, 3, 4, 2], shape: [1, 7, 9, 2])
        try expectSameLayer(Conv2DTranspose(2, kernelSize: 3, strides: 2, outputPadding: 1),
                            Conv2DTranspose(2, kernelSize: [3, 3], strides: [2, 2], outputPadding: [1, 1]),
                            input: [1, 3, 4, 2], shape: [1, 8, 10, 2])
        try expectSameLayer(Conv3DTranspose(1, kernelSize: 2, strides: 2),
                            Conv3DTranspose(1, kernelSize: [2, 2, 2], strides: [2, 2, 2]),
                            input: [1, 2, 3, 2, 2], shape: [1, 4, 6, 4, 1])
    }

    @Test func separableAndDepthwiseConvolutionsTakeEitherForm() throws {
        try expectSameLayer(SeparableConv1D(2, kernelSize: 3, dilationRate: 2),
                            SeparableConv1D(2, kernelSize: [3], dilationRate: [2]), input: [2, 8, 3], shape: [2, 4, 2])
        try expectSameLayer(SeparableConv2D(2, kernelSize: 3, strides: 2),
                            SeparableConv2D(2, kernelSize: [3, 3], strides: [2, 2]), input: [1, 7, 5, 3], shape: [1, 3, 2, 2])
        try expectSameLayer(DepthwiseConv1D(kernelSize: 2, strides: 2, depthMultiplier: 2),
                            DepthwiseConv1D(kernelSize: [2], strides: [2], depthMultiplier: 2), input: [2, 6, 3], shape: [2, 3, 6])
        try expectSameLayer(DepthwiseConv2D(kernelSize: 3, dilationRate: 2),
                            DepthwiseConv2D(kernelSize: [3, 3], dilationRate: [2, 2]), input: [1, 6, 7, 2], shape: [1, 2, 3, 2])
    }

    @Test func poolingTakesEitherForm() throws {
        try expectSameLayer(MaxPooling1D(poolSize: 2, strides: 1), MaxPooling1D(poolSize: [2], strides: [1]),
                            input: [2, 5, 3], shape: [2, 4, 3])
        try expectSameLayer(MaxPooling2D(poolSize: 2), MaxPooling2D(poolSize: [2, 2]), input: [1, 6, 5, 2], shape: [1, 3, 2, 2])
        try expectSameLayer(MaxPooling3D(poolSize: 2, strides: 1, padding: .same),
                            MaxPooling3D(poolSize: [2, 2, 2], strides: [1, 1, 1], padding: .same),
                            input: [1, 3, 3, 3, 1], shape: [1, 3, 3, 3, 1])
        try expectSameLayer(AveragePooling1D(poolSize: 3), AveragePooling1D(poolSize: [3]), input: [2, 7, 2], shape: [2, 2, 2])
        try expectSameLayer(AveragePooling2D(poolSize: 2, strides: 1), AveragePooling2D(poolSize: [2, 2], strides: [1, 1]),
                            input: [1, 3, 4, 2], shape: [1, 2, 3, 2])
        try expectSameLayer(AveragePooling3D(poolSize: 2), AveragePooling3D(poolSize: [2, 2, 2]),
                            input: [1, 4, 4, 2, 1], shape: [1, 2, 2, 1, 1])
        // Mixed: an integer pool, per-axis strides.
        try expectSameLayer(MaxPooling2D(poolSize: 2, strides: [1, 2]), MaxPooling2D(poolSize: [2, 2], strides: [1, 2]),
                            input: [1, 4, 6, 1], shape: [1, 3, 3, 1])
    }

    @Test func upsamplingPaddingAndCroppingTakeEitherForm() throws {
        try expectSameLayer(UpSampling1D(size: 3), UpSampling1D(size: [3]), input: [2, 2, 3], shape: [2, 6, 3])
        try expectSameLayer(UpSampling2D(size: 2), UpSampling2D(size: [2, 2]), input: [1, 2, 3, 1], shape: [1, 4, 6, 1])
        try expectSameLayer(ZeroPadding1D(padding: 2), ZeroPadding1D(padding: [2, 2]), input: [2, 3, 2], shape: [2, 7, 2])
        try expectSameLayer(ZeroPadding1D(padding: [1, 2]), ZeroPadding1D(padding: [[1, 2]]), input: [2, 3, 2], shape: [2, 6, 2])
        try expectSameLayer(ZeroPadding2D(padding: 1), ZeroPadding2D(padding: [[1, 1], [1, 1]]),
                            input: [1, 2, 3, 1], shape: [1, 4, 5, 1])
        try expectSameLayer(ZeroPadding2D(padding: [1, 2]), ZeroPadding2D(padding: [[1, 1], [2, 2]]),
                            input: [1, 2, 3, 1], shape: [1, 4, 7, 1])
        try expectSameLayer(Cropping1D(cropping: 1), Cropping1D(cropping: [1, 1]), input: [2, 5, 2], shape: [2, 3, 2])
        try expectSameLayer(Cropping2D(cropping: 1), Cropping2D(cropping: [[1, 1], [1, 1]]), input: [1, 4, 5, 1], shape: [1, 2, 3, 1])
        try expectSameLayer(Cropping2D(cropping: [1, 2]), Cropping2D(cropping: [[1, 1], [2, 2]]),
                            input: [1, 4, 5, 1], shape: [1, 2, 1, 1])
    }

    // MARK: Wrong forms

    @Test func configsWithAWrongLengthThrowNamingTheLayerAndTheKey() throws {
        expectKerasError("layer \"pool\" (MaxPooling2D)", "`pool_size` expects an integer or a list of 2 integers", "received [2, 2, 2]") {
            _ = try LayerRegistry.layer(className: "MaxPooling2D", config: ["name": .string("pool"), "pool_size": LayerConfig.ints([2, 2, 2])])
        }
        expectKerasError("layer \"pool\" (MaxPooling1D)", "`strides`", "value > 0") {
            _ = try LayerRegistry.layer(className: "MaxPooling1D",
                                        config: ["name": .string("pool"), "pool_size": .number(2), "strides": LayerConfig.ints([0])])
        }
        expectKerasError("UpSampling2D", "`size` expects an integer or a list of 2 integers") {
            _ = try LayerRegistry.layer(className: "UpSampling2D", config: ["size": LayerConfig.ints([2, 2, 2])])
        }
        expectKerasError("Conv3DTranspose", "`output_padding` expects", "received [1, 1]") {
            _ = try LayerRegistry.layer(className: "Conv3DTranspose", config: [
                "filters": .number(1), "kernel_size": .number(3), "strides": .number(2), "output_padding": LayerConfig.ints([1, 1]),
            ])
        }
        expectKerasError("Cropping2D", "`cropping` expects", "received [[1, 1], [2, 2], [3, 3]]") {
            _ = try LayerRegistry.layer(className: "Cropping2D", config: ["cropping": .array([
                LayerConfig.ints([1, 1]), LayerConfig.ints([2, 2]), LayerConfig.ints([3, 3]),
            ])])
        }
        // Keras writes full tuples; an integer in a config is read as every axis, as Keras does.
        let conv = try #require(try LayerRegistry.layer(className: "Conv2D", config: ["filters": .number(4), "kernel_size": .number(3)]) as? Conv2D)
        #expect(conv.kernelSize == [3, 3] && conv.strides == [1, 1] && conv.dilationRate == [1, 1])
        #expect(conv.getConfig()["kernel_size"] == LayerConfig.ints([3, 3]))
    }

    @Test func aConvolutionWithAWrongLengthStopsWithTheMessage() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(8, kernelSize: [3, 3, 3])
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("Conv2D: `kernelSize` expects an integer or a list of 2 integers (one per spatial axis), received [3, 3, 3]"))
    }

    @Test func aPoolingWithAWrongLengthStopsWithTheMessage() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPooling2D(poolSize: 2, strides: [2, 2, 2])
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("MaxPooling2D: `strides` expects an integer or a list of 2 integers (one per spatial axis), received [2, 2, 2]"))
    }

    @Test func aPaddingWithThreePairsOnTwoAxesStopsWithTheMessage() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ZeroPadding2D(padding: [[1, 1], [2, 2], [3, 3]])
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("ZeroPadding2D: `padding` expects an integer, a list of 2 integers (one per axis, both sides) or 2 [before, after] pairs"))
    }
}
