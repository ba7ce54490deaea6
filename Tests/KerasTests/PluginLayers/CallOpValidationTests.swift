import Foundation
import Testing
import Keras
@testable import KerasCore

/// call_op for the windowed, normalisation, CTC, padding, resizing and control-flow functions:
/// a fitting call gives exactly the direct K call's numbers, and calls that do not fit come
/// back as INVALID_ARGUMENT naming the problem (never a trap).
@Suite(.serialized) struct CallOpValidationTests {
    /// Deterministic float32 values of `shape` in (−1, 1).
    static func values(_ shape: [Int], phase: Double = 0) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor((0..<n).map { sin(Double($0) * 0.7 + phase) }, shape: shape, dtype: .float32)
    }

    /// call_op(`name`) gives `expected`'s shapes and values bit for bit.
    static func expectSame(_ name: String, _ inputs: [Tensor], _ attributes: String?, _ expected: [Tensor],
                           sourceLocation: SourceLocation = #_sourceLocation) {
        switch PluginBoundaryTests.callOp(name, inputs, attributes) {
        case .failure(let error): Issue.record("call_op(\(name)) refused a fitting call: \(error.message)", sourceLocation: sourceLocation)
        case .success(let results):
            #expect(results.count == expected.count, sourceLocation: sourceLocation)
            for (r, e) in zip(results, expected) {
                #expect(r.shape == e.shape && r.dtype == e.dtype, "\(name): \(r.shape) vs \(e.shape)", sourceLocation: sourceLocation)
                #expect(r.doubles == e.doubles, "\(name) differs from the direct K call", sourceLocation: sourceLocation)
            }
        }
    }

    static func invalid(_ name: String, _ inputs: [Tensor], _ attributes: String?, _ mentions: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        PluginBoundaryTests.expectInvalid(name, inputs, attributes, mentions: mentions, sourceLocation: sourceLocation)
    }

    @Test func convolutionsMatchKAndRefuseWhatDoesNotFit() {
        let x1 = Self.values([2, 7, 3]), k1 = Self.values([3, 3, 4], phase: 1)
        Self.expectSame("conv1d", [x1, k1], #"{"strides": 2, "padding": "causal"}"#,
                        [K.conv1d(x1, k1, strides: 2, padding: .causal)])
        let x2 = Self.values([2, 6, 5, 3]), k2 = Self.values([3, 2, 3, 4], phase: 1)
        Self.expectSame("conv2d", [x2, k2], #"{"strides": [2, 1], "padding": "same", "dilation_rate": 1}"#,
                        [K.conv2d(x2, k2, strides: (2, 1), padding: .same)])
        let x3 = Self.values([1, 4, 4, 4, 2]), k3 = Self.values([2, 2, 2, 2, 3], phase: 2)
        Self.expectSame("conv3d", [x3, k3], nil, [K.conv3d(x3, k3)])
        let dw = Self.values([3, 3, 3, 2], phase: 3)
        Self.expectSame("depthwise_conv2d", [x2, dw], #"{"padding": "same"}"#, [K.depthwiseConv2d(x2, dw, padding: .same)])
        let pw = Self.values([1, 1, 6, 4], phase: 4)
        Self.expectSame("separable_conv2d", [x2, dw, pw], nil, [K.separableConv2d(x2, dw, pw)])
        let dw1 = Self.values([2, 3, 2]), pw1 = Self.values([1, 6, 2], phase: 1)
        Self.expectSame("separable_conv1d", [x1, dw1, pw1], #"{"dilation_rate": 2}"#, [K.separableConv1d(x1, dw1, pw1, dilationRate: 2)])
        let kt = Self.values([3, 3, 2, 3], phase: 5)   // (kh, kw, out, in)
        Self.expectSame("conv2d_transpose", [x2, kt], #"{"output_shape": [2, 12, 10, 2], "strides": 2, "padding": "same"}"#,
                        [K.conv2dTranspose(x2, kt, outputShape: [2, 12, 10, 2], strides: (2, 2), padding: .same)])
        let kt3 = Self.values([2, 2, 2, 1, 2])
        Self.expectSame("conv3d_transpose", [x3, kt3], #"{"output_shape": [1, 5, 5, 5, 1]}"#,
                        [K.conv3dTranspose(x3, kt3, outputShape: [1, 5, 5, 5, 1])])

        Self.invalid("conv2d", [x2, Self.values([3, 2, 5, 4])], nil, "expects 5 input channels")
        Self.invalid("conv2d", [x1, k1], nil, "rank 4")
        Self.invalid("conv2d", [x2, Self.values([7, 2, 3, 4])], nil, "smaller than the window extent 7")
        Self.invalid("conv2d", [x2, k2], #"{"strides": 0}"#, "`strides` must give 2 integers")
        Self.invalid("conv2d", [x2, k2], #"{"dilation_rate": [1, 1, 1]}"#, "`dilation_rate` must give 2")
        Self.invalid("conv2d", [x2, k2], #"{"padding": "causal"}"#, "valid or same")
        Self.invalid("conv2d", [x2, k2], #"{"strides": 4611686018427387904}"#, "`strides`")
        Self.invalid("conv2d", [x2, K.cast(k2, .float64)], nil, "dtypes differ")
        Self.invalid("conv2d", [K.cast(x2, .int32), K.cast(k2, .int32)], nil, "float32 or float64")
        Self.invalid("conv2d", [Self.values([0, 6, 5, 3]), k2], nil, "empty")
        Self.invalid("conv2d", [x2, k2], #"{"data_format": "channels_middle"}"#, "data_format")
        Self.invalid("conv1d", [x1, k1], #"{"padding": "causal", "data_format": "channels_first"}"#, "channels_last")
        Self.invalid("depthwise_conv2d", [x2, Self.values([3, 3, 2, 2])], nil, "expects 2 input channels")
        Self.invalid("separable_conv2d", [x2, dw, Self.values([1, 1, 5, 4])], nil, "pointwise kernel must be (1, 1, 6, out)")
        Self.invalid("separable_conv2d", [x2, dw], nil, "expected 3 tensor arguments")
        Self.invalid("conv2d_transpose", [x2, kt], nil, "missing attribute `output_shape`")
        Self.invalid("conv2d_transpose", [x2, kt], #"{"output_shape": [2, 13, 10, 2], "strides": 2}"#, "does not fit x")
        Self.invalid("conv2d_transpose", [x2, kt], #"{"output_shape": [2, 12, 10, 5], "strides": 2, "padding": "same"}"#, "does not fit x")
        Self.invalid("conv2d_transpose", [x2, kt], #"{"output_shape": [3, 12, 10, 2], "strides": 2, "padding": "same"}"#, "batch 3")
        Self.invalid("conv3d_transpose", [x3, kt3], #"{"output_shape": [1, 5, 5, 5]}"#, "5 sizes")
    }

    @Test func poolingAndLocalConvolutionsMatchKAndRefuseWhatDoesNotFit() {
        let x = Self.values([2, 5, 6, 3])
        Self.expectSame("pool2d", [x], #"{"pool_size": [2, 3], "strides": 2, "padding": "same", "pool_mode": "avg"}"#,
                        [K.pool2d(x, poolSize: (2, 3), strides: (2, 2), padding: .same, poolMode: .average)])
        let v = Self.values([1, 4, 4, 4, 2])
        Self.expectSame("pool3d", [v], #"{"pool_size": [2, 2, 2], "strides": [2, 2, 2]}"#,
                        [K.pool3d(v, poolSize: (2, 2, 2), strides: (2, 2, 2))])
        let s = Self.values([2, 7, 3]), k1 = Self.values([3, 6, 4], phase: 1)   // 3 positions, window 2 · 3 channels
        Self.expectSame("local_conv1d", [s, k1], #"{"kernel_size": 2, "strides": 2}"#,
                        [K.localConv1d(s, k1, kernelSize: 2, strides: 2)])
        let k2 = Self.values([4, 12, 2], phase: 2)   // (2 × 2) positions, (2 × 2) window · 3 channels
        Self.expectSame("local_conv2d", [x, k2], #"{"kernel_size": [2, 2], "strides": [2, 3], "output_shape": [2, 2]}"#,
                        [K.localConv2d(x, k2, kernelSize: (2, 2), strides: (2, 3), outputShape: (2, 2))])

        Self.invalid("pool2d", [x], nil, "missing attribute `pool_size`")
        Self.invalid("pool2d", [x], #"{"pool_size": [6, 1]}"#, "smaller than the window extent 6")
        Self.invalid("pool2d", [x], #"{"pool_size": [2, 2], "pool_mode": "median"}"#, "max or avg")
        Self.invalid("pool2d", [x], #"{"pool_size": [2, -2]}"#, "`pool_size`")
        Self.invalid("pool3d", [x], #"{"pool_size": [2, 2, 2]}"#, "rank 5")
        Self.invalid("local_conv1d", [s, k1], #"{"kernel_size": 2, "strides": 3}"#, "does not fit 7 input cells")
        Self.invalid("local_conv1d", [s, Self.values([3, 5, 4])], #"{"kernel_size": 2, "strides": 2}"#, "must be (3, 6, filters)")
        Self.invalid("local_conv1d", [s, k1], #"{"kernel_size": [], "strides": 2}"#, "`kernel_size` must give 1")
        Self.invalid("local_conv2d", [x, k2], #"{"kernel_size": [2, 2], "strides": [2, 3]}"#, "missing attribute `output_shape`")
    }

    @Test func paddingAndResizingMatchKAndRefuseWhatDoesNotFit() {
        let s = Self.values([2, 3, 2]), x = Self.values([1, 2, 3, 2]), v = Self.values([1, 2, 2, 2, 1])
        Self.expectSame("temporal_padding", [s], #"{"padding": [1, 2]}"#, [K.temporalPadding(s, padding: (1, 2))])
        Self.expectSame("spatial_2d_padding", [x], #"{"padding": [[0, 1], [2, 0]], "data_format": "channels_first"}"#,
                        [K.spatial2dPadding(x, padding: ((0, 1), (2, 0)), dataFormat: .channelsFirst)])
        Self.expectSame("spatial_3d_padding", [v], nil, [K.spatial3dPadding(v)])
        Self.expectSame("resize_images", [x], #"{"height_factor": 2, "width_factor": 3, "interpolation": "bilinear"}"#,
                        [K.resizeImages(x, heightFactor: 2, widthFactor: 3, interpolation: .bilinear)])
        Self.expectSame("resize_volumes", [v], #"{"depth_factor": 2, "height_factor": 1, "width_factor": 3}"#,
                        [K.resizeVolumes(v, depthFactor: 2, heightFactor: 1, widthFactor: 3)])

        Self.invalid("temporal_padding", [x], nil, "rank-3")
        Self.invalid("temporal_padding", [s], #"{"padding": [1, -1]}"#, "sizes in 0...")
        Self.invalid("spatial_2d_padding", [x], #"{"padding": [[1, 1]]}"#, "2 (before, after) pairs")
        Self.invalid("spatial_3d_padding", [v], #"{"padding": [[0, 16777216], [0, 16777216], [0, 16777216]]}"#, "exceed")
        Self.invalid("resize_images", [x], #"{"height_factor": 0, "width_factor": 1}"#, "`height_factor`")
        Self.invalid("resize_images", [x], #"{"height_factor": 2}"#, "`width_factor`")
        Self.invalid("resize_images", [K.cast(x, .int32)], #"{"height_factor": 2, "width_factor": 2, "interpolation": "bilinear"}"#,
                     "float32 or float64")
        Self.invalid("resize_images", [x], #"{"height_factor": 2, "width_factor": 2, "interpolation": "cubic"}"#, "nearest or bilinear")
        Self.invalid("resize_volumes", [x], #"{"depth_factor": 1, "height_factor": 1, "width_factor": 1}"#, "rank-5")
    }

    @Test func normalizationMatchesKAndRefusesWhatDoesNotFit() {
        let x = Self.values([4, 3, 2])
        let mean = Self.values([2], phase: 1), variance = K.square(Self.values([2], phase: 2))
        let beta = Self.values([2], phase: 3), gamma = Self.values([2], phase: 4)
        Self.expectSame("batch_normalization", [x, mean, variance, beta, gamma], #"{"epsilon": 0.01}"#,
                        [K.batchNormalization(x, mean: mean, variance: variance, beta: beta, gamma: gamma, epsilon: 0.01)])
        let m1 = Self.values([3], phase: 1), v1 = K.square(Self.values([3]))
        Self.expectSame("batch_normalization", [x, m1, v1], #"{"axis": 1}"#,
                        [K.batchNormalization(x, mean: m1, variance: v1, axis: 1)])
        let (normed, batchMean, batchVariance) = K.normalizeBatchInTraining(x, gamma: gamma, beta: beta, reductionAxes: [0, 1])
        Self.expectSame("normalize_batch_in_training", [x, gamma, beta], #"{"reduction_axes": [0, 1]}"#,
                        [normed, batchMean, batchVariance])

        Self.invalid("batch_normalization", [x, m1, v1], nil, "does not broadcast to x")
        Self.invalid("batch_normalization", [x, mean, variance], #"{"axis": 3}"#, "out of range")
        Self.invalid("batch_normalization", [x, mean], nil, "expected 3 to 5 tensor arguments")
        Self.invalid("batch_normalization", [x, mean, K.cast(variance, .float64)], nil, "dtypes differ")
        Self.invalid("normalize_batch_in_training", [x], nil, "`reduction_axes`")
        Self.invalid("normalize_batch_in_training", [x, Self.values([5])], #"{"reduction_axes": [0, 1]}"#, "does not fit x")
        Self.invalid("normalize_batch_in_training", [x], #"{"reduction_axes": [0, 3]}"#, "out of range")
    }

    @Test func ctcMatchesKAndRefusesLabelsAndLengthsThatDoNotFit() {
        let y = K.softmax(Self.values([2, 5, 4]))          // 3 labels + blank
        let labels = Tensor([0, 1, 2, 2, 0, 0], shape: [2, 3], dtype: .float32)
        let inputLength = Tensor([5, 4], shape: [2, 1], dtype: .float32)
        let labelLength = Tensor([2, 3], shape: [2, 1], dtype: .float32)
        Self.expectSame("ctc_batch_cost", [labels, y, inputLength, labelLength], nil,
                        [K.ctcBatchCost(labels, y, inputLength: inputLength, labelLength: labelLength)])
        let (decoded, scores) = K.ctcDecode(y, inputLength: inputLength, greedy: false, beamWidth: 4, topPaths: 2)
        Self.expectSame("ctc_decode", [y, inputLength], #"{"greedy": false, "beam_width": 4, "top_paths": 2}"#, decoded + [scores])

        let badLabels = Tensor([0, 3, 2, 2, 0, 0], shape: [2, 3], dtype: .float32)   // 3 is the blank
        Self.invalid("ctc_batch_cost", [badLabels, y, inputLength, labelLength], nil, "label 3.0 of sample 0 is outside [0, 3)")
        let nanLabels = Tensor([0, .nan, 2, 2, 0, 0], shape: [2, 3], dtype: .float32)
        Self.invalid("ctc_batch_cost", [nanLabels, y, inputLength, labelLength], nil, "label nan")
        Self.invalid("ctc_batch_cost", [labels, y, Tensor([6, 4], shape: [2, 1], dtype: .float32), labelLength], nil,
                     "input_length 6.0 is outside [0, 5]")
        Self.invalid("ctc_batch_cost", [labels, y, Tensor([5, 2], shape: [2, 1], dtype: .float32), labelLength], nil,
                     "not enough time for the target sequence of sample 1")
        Self.invalid("ctc_batch_cost", [labels, y, inputLength, Tensor([2], shape: [1], dtype: .float32)], nil, "2 samples")
        Self.invalid("ctc_decode", [y, inputLength], #"{"top_paths": 2}"#, "greedy decoding gives one path")
        Self.invalid("ctc_decode", [y, inputLength], #"{"greedy": false, "beam_width": 2, "top_paths": 3}"#, "top_paths <= beam_width")
        Self.invalid("ctc_decode", [Self.values([2, 5, 0]), inputLength], nil, "at least 1 class")
    }

    @Test func classificationHelpersMatchKAndRefuseWhatDoesNotFit() {
        let p = Self.values([3, 4])
        let targets = Tensor([1, 3, 0] as [Int32], shape: [3])
        Self.expectSame("in_top_k", [p, targets], #"{"k": 2}"#, [K.inTopK(p, targets, k: 2)])
        Self.expectSame("sparse_categorical_crossentropy", [targets, p], #"{"from_logits": true}"#,
                        [K.sparseCategoricalCrossentropy(targets, p, fromLogits: true)])

        Self.invalid("in_top_k", [p, targets], nil, "missing attribute `k`")
        Self.invalid("in_top_k", [p, K.cast(targets, .float32)], #"{"k": 1}"#, "targets must be integers")
        Self.invalid("in_top_k", [Self.values([3]), targets], #"{"k": 1}"#, "(batch, classes)")
        Self.invalid("sparse_categorical_crossentropy", [Tensor([1, 4, 0] as [Int32], shape: [3]), p], nil, "target value 4.0")
        Self.invalid("sparse_categorical_crossentropy", [Tensor([1, .infinity, 0], shape: [3], dtype: .float32), p], nil, "target value inf")
        Self.invalid("sparse_categorical_crossentropy", [Tensor([1, 2] as [Int32], shape: [2]), p], nil, "does not match output")
    }

    @Test func controlFlowMatchesKAndRefusesWhatDoesNotFit() {
        let a = Self.values([2, 3]), b = Self.values([2, 3], phase: 1)
        let condition = Tensor([1, 0] as [Int32], shape: [2])
        Self.expectSame("switch", [condition, a, b], nil, [K.switch(condition, a, b)])
        Self.expectSame("in_train_phase", [a, b], #"{"training": true}"#, [a])
        Self.expectSame("in_test_phase", [a, b], #"{"training": true}"#, [b])

        Self.invalid("switch", [Tensor([1, 0, 1] as [Int32], shape: [3]), a, b], nil, "does not fit branches")
        Self.invalid("switch", [condition, a, Self.values([4])], nil, "do not broadcast")
        Self.invalid("switch", [condition, a, K.cast(b, .float64)], nil, "dtypes differ")
        Self.invalid("switch", [Self.values([2, 3, 1]), a, b], nil, "does not fit branches")
        Self.invalid("in_train_phase", [a], nil, "expected 2 tensor arguments")
        Self.invalid("in_train_phase", [a, b], #"{"training": "yes"}"#, "training")
    }

    @Test func creationFunctionsMatchKAndRefuseWhatDoesNotFit() {
        Self.expectSame("eye", [], #"{"size": [2, 3]}"#, [K.eye(2, 3)])
        Self.expectSame("arange", [], #"{"start": 1, "stop": 2, "step": 0.25, "dtype": "float32"}"#,
                        [K.arange(1, stop: 2, step: 0.25, dtype: .float32)])
        Self.invalid("eye", [], #"{"size": [-1]}"#, "`size`")
        Self.invalid("eye", [], #"{"size": [100000000, 100000000]}"#, "exceed")
        Self.invalid("arange", [], #"{"start": 0, "stop": 1, "step": 0}"#, "step non-zero")
        Self.invalid("arange", [], #"{"start": 0, "stop": 1e300, "step": 1e-300}"#, "exceed")
    }

    /// Two traps a randomised run of 130 000 call_op calls (every function of the table, random
    /// and op-shaped arguments) found, now refused.
    @Test func randomisedFindingsAreRefused() {
        Self.invalid("argmin", [Self.values([2, 3, 0])], nil, "empty axis 2")
        Self.invalid("argmax", [Self.values([0])], #"{"axis": 0}"#, "empty axis 0")
        Self.invalid("bias_add", [Self.values([1]), Self.values([1])], nil, "x of rank >= 2")
    }

    @Test func everyConformanceFunctionIsCallableFromPlugins() {
        let hasOp = HostAPI.table.pointer.pointee.has_op!
        let refused = ConformanceOps.table.keys.filter { hasOp($0) != 1 }.sorted()
        #expect(refused.isEmpty, "not callable from plugins: \(refused)")
    }
}
