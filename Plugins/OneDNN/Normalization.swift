import CDNNL
import KerasPluginKit

/// Batch and layer normalisation, forward and backward, on oneDNN's normalisation primitives,
/// float32. Tensors stay row-major: batch normalisation sees `x` as `(outer, C, inner)` around
/// its channel axis, described as a 4-D `nhwc` (channels last) or `nchw` tensor, so any
/// channel axis runs without a copy; layer normalisation sees `(rows, D)`. Statistics, scale
/// and shift are plain vectors. The backward pass always runs with scale and shift (a scale of ones when the layer
/// has none) so that oneDNN computes both parameter diffs, which the contract always wants.
enum Normalization {
    /// A problem's shape in oneDNN's terms and the descriptors that go with it.
    private struct Problem {
        let data: MemoryDescriptor
        /// Mean / variance: one per channel (batch) or per row (layer).
        let statistics: MemoryDescriptor
        /// Scale / shift and their diffs: one per channel (batch) or per feature (layer).
        let parameters: MemoryDescriptor
        let parameterCount: Int
        let key: [Int]

        static func batch(_ x: TensorView, axis: Int) throws -> Problem {
            let shape = x.shape
            let outer = shape[..<axis].reduce(1, *), channels = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
            // 4-D, strides spelled as oneDNN's tags compute them, so that its JIT kernels are
            // chosen (3-D and 2-D descriptions get the reference or planar implementations):
            // channels last is `nhwc` with a 1 × 1 image, any other axis `nchw` of inner × 1.
            let dims = inner == 1 ? [outer, channels, 1, 1] : [outer, channels, inner, 1]
            let strides = inner == 1 ? [channels, 1, channels, channels] : [channels * inner, inner, 1, 1]
            let vector = try MemoryDescriptor(dims: [channels], strides: [1])
            return Problem(data: try MemoryDescriptor(dims: dims, strides: strides), statistics: vector,
                           parameters: vector, parameterCount: channels, key: dims)
        }

        static func layer(_ x: TensorView, axis: Int) throws -> Problem {
            let shape = x.shape
            let rows = shape[..<axis].reduce(1, *), features = shape[axis...].reduce(1, *)
            return Problem(data: try MemoryDescriptor(dims: [rows, features], strides: [features, 1]),
                           statistics: try MemoryDescriptor(dims: [rows], strides: [1]),
                           parameters: try MemoryDescriptor(dims: [features], strides: [1]),
                           parameterCount: features, key: [rows, features])
        }
    }

    /// Whether a normalisation kernel runs here: float32, a valid axis, no empty tensor.
    static func supports(_ query: OpQuery) -> Bool {
        guard let p = query.normalization else { return false }
        let x = query.input(0)
        return x.rank >= 1 && p.axis >= 0 && p.axis < x.rank && x.count > 0
    }

    private static func check(_ x: TensorView, _ p: NormalizationParameters, _ operands: [TensorView?]) throws {
        guard Layout.isPlainFloat32([x] + operands.compactMap { $0 }), p.axis >= 0, p.axis < x.rank, x.count > 0 else {
            throw KernelError.unimplemented("float32, a valid axis and a non-empty input only")
        }
    }

    // MARK: Batch normalisation

    static func batchInference(_ x: TensorView, _ mean: TensorView, _ variance: TensorView, _ gamma: TensorView?, _ beta: TensorView?,
                               _ p: NormalizationParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("batch_normalization", [x]) {
            try check(x, p, [mean, variance, gamma, beta, out])
            let problem = try Problem.batch(x, axis: p.axis)
            let flags = DNNLShim.normalizationFlags(scale: gamma != nil, shift: beta != nil, globalStatistics: true)
            let engine = try DNNLEngine.get()
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("batch_normalization.inference.f32", problem.key + [Int(flags), epsilonKey(p.epsilon)])) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.batchNormalization(training: false, data: problem.data, epsilon: Float(p.epsilon), flags: flags,
                                                              attributes: attributes, engine: engine.engine), "batch normalization inference")
                }
            }
            let arguments = forwardArguments(problem, x, gamma, beta, out, mean, variance)
            try primitive.execute(arguments, engine: engine, label: "batch normalization inference")
        }
    }

    static func batchTraining(_ x: TensorView, _ gamma: TensorView?, _ beta: TensorView?, _ p: NormalizationParameters,
                              _ out: TensorView, _ mean: TensorView, _ variance: TensorView) throws {
        try DNNLCall.kernel("batch_normalization_training", [x]) {
            try check(x, p, [gamma, beta, out, mean, variance])
            let problem = try Problem.batch(x, axis: p.axis)
            let flags = DNNLShim.normalizationFlags(scale: gamma != nil, shift: beta != nil)
            let engine = try DNNLEngine.get()
            let primitive = try batchForward(problem, flags: flags, epsilon: p.epsilon, engine)
            let arguments = forwardArguments(problem, x, gamma, beta, out, mean, variance)
            try primitive.execute(arguments, engine: engine, label: "batch normalization training")
        }
    }

    static func batchBackward(_ x: TensorView, _ dy: TensorView, _ mean: TensorView, _ variance: TensorView, _ gamma: TensorView?,
                              _ p: NormalizationParameters, _ dx: TensorView, _ dgamma: TensorView, _ dbeta: TensorView) throws {
        try DNNLCall.kernel("batch_normalization_backward", [x, dy]) {
            try check(x, p, [dy, mean, variance, gamma, dx, dgamma, dbeta])
            let problem = try Problem.batch(x, axis: p.axis)
            let flags = DNNLShim.normalizationFlags(scale: true, shift: true)
            let engine = try DNNLEngine.get()
            let forward = try batchForward(problem, flags: flags, epsilon: p.epsilon, engine)
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("batch_normalization.backward.f32", problem.key + [epsilonKey(p.epsilon)])) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.batchNormalizationBackward(data: problem.data, epsilon: Float(p.epsilon), flags: flags,
                                                                      attributes: attributes, engine: engine.engine,
                                                                      hint: forward.descriptor), "batch normalization backward")
                }
            }
            try runBackward(primitive, problem, x, dy, mean, variance, gamma, dx, dgamma, dbeta, engine, "batch normalization backward")
        }
    }

    /// The training forward (also the backward's hint), cached per shape, flags and epsilon.
    private static func batchForward(_ problem: Problem, flags: UInt32, epsilon: Double, _ engine: DNNLEngine) throws -> Primitive {
        try PrimitiveCache.primitive(PrimitiveKey("batch_normalization.training.f32", problem.key + [Int(flags), epsilonKey(epsilon)])) {
            try PrimitiveAttributes.with { attributes in
                try Primitive(DNNLShim.batchNormalization(training: true, data: problem.data, epsilon: Float(epsilon), flags: flags,
                                                          attributes: attributes, engine: engine.engine), "batch normalization training")
            }
        }
    }

    /// The arguments of a forward (batch or layer): data, statistics (written in training, read in
    /// inference), and the scale and shift that are present.
    private static func forwardArguments(_ problem: Problem, _ x: TensorView, _ gamma: TensorView?, _ beta: TensorView?,
                                         _ out: TensorView, _ mean: TensorView, _ variance: TensorView) -> [Primitive.Argument] {
        var arguments: [Primitive.Argument] = [
            .init(DNNL_ARG_SRC, problem.data, x.rawPointer), .init(DNNL_ARG_DST, problem.data, out.rawPointer),
            .init(DNNL_ARG_MEAN, problem.statistics, mean.rawPointer), .init(DNNL_ARG_VARIANCE, problem.statistics, variance.rawPointer),
        ]
        if let gamma { arguments.append(.init(DNNL_ARG_SCALE, problem.parameters, gamma.rawPointer)) }
        if let beta { arguments.append(.init(DNNL_ARG_SHIFT, problem.parameters, beta.rawPointer)) }
        return arguments
    }

    // MARK: Layer normalisation

    static func layer(_ x: TensorView, _ gamma: TensorView?, _ beta: TensorView?, _ p: NormalizationParameters,
                      _ out: TensorView, _ mean: TensorView, _ variance: TensorView) throws {
        try DNNLCall.kernel("layer_normalization", [x]) {
            try check(x, p, [gamma, beta, out, mean, variance])
            let problem = try Problem.layer(x, axis: p.axis)
            let flags = DNNLShim.normalizationFlags(scale: gamma != nil, shift: beta != nil)
            let engine = try DNNLEngine.get()
            let primitive = try layerForward(problem, flags: flags, epsilon: p.epsilon, engine)
            let arguments = forwardArguments(problem, x, gamma, beta, out, mean, variance)
            try primitive.execute(arguments, engine: engine, label: "layer normalization forward")
        }
    }

    static func layerBackward(_ x: TensorView, _ dy: TensorView, _ mean: TensorView, _ variance: TensorView, _ gamma: TensorView?,
                              _ p: NormalizationParameters, _ dx: TensorView, _ dgamma: TensorView, _ dbeta: TensorView) throws {
        try DNNLCall.kernel("layer_normalization_backward", [x, dy]) {
            try check(x, p, [dy, mean, variance, gamma, dx, dgamma, dbeta])
            let problem = try Problem.layer(x, axis: p.axis)
            let flags = DNNLShim.normalizationFlags(scale: true, shift: true)
            let engine = try DNNLEngine.get()
            let forward = try layerForward(problem, flags: flags, epsilon: p.epsilon, engine)
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("layer_normalization.backward.f32", problem.key + [epsilonKey(p.epsilon)])) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.layerNormalizationBackward(data: problem.data, statistics: problem.statistics,
                                                                      epsilon: Float(p.epsilon), flags: flags, attributes: attributes,
                                                                      engine: engine.engine, hint: forward.descriptor),
                                  "layer normalization backward")
                }
            }
            try runBackward(primitive, problem, x, dy, mean, variance, gamma, dx, dgamma, dbeta, engine, "layer normalization backward")
        }
    }

    private static func layerForward(_ problem: Problem, flags: UInt32, epsilon: Double, _ engine: DNNLEngine) throws -> Primitive {
        try PrimitiveCache.primitive(PrimitiveKey("layer_normalization.forward.f32", problem.key + [Int(flags), epsilonKey(epsilon)])) {
            try PrimitiveAttributes.with { attributes in
                try Primitive(DNNLShim.layerNormalization(data: problem.data, statistics: problem.statistics, epsilon: Float(epsilon),
                                                          flags: flags, attributes: attributes, engine: engine.engine),
                              "layer normalization forward")
            }
        }
    }

    // MARK: Shared

    /// Epsilon as a key number (its bits).
    private static func epsilonKey(_ epsilon: Double) -> Int { Int(truncatingIfNeeded: epsilon.bitPattern) }

    /// Runs a backward primitive made with scale and shift: a scale of ones stands in for a
    /// missing gamma, and the parameter diffs are zeroed first in case oneDNN accumulates.
    /// oneDNN 2.6 lists the shift as an input of the backward pass too (it does not read it),
    /// so the scale's memory is passed in its place.
    private static func runBackward(_ primitive: Primitive, _ problem: Problem, _ x: TensorView, _ dy: TensorView, _ mean: TensorView,
                                    _ variance: TensorView, _ gamma: TensorView?, _ dx: TensorView, _ dgamma: TensorView,
                                    _ dbeta: TensorView, _ engine: DNNLEngine, _ label: String) throws {
        let ones = gamma == nil ? try Scratch(bytes: problem.parameterCount * 4) : nil
        defer { ones?.free() }
        if let ones {
            ones.pointer.bindMemory(to: Float.self, capacity: problem.parameterCount).initialize(repeating: 1, count: problem.parameterCount)
        }
        dgamma.rawPointer.initializeMemory(as: Float.self, repeating: 0, count: problem.parameterCount)
        dbeta.rawPointer.initializeMemory(as: Float.self, repeating: 0, count: problem.parameterCount)
        let scale = gamma?.rawPointer ?? ones!.pointer
        try primitive.execute([
            .init(DNNL_ARG_SRC, problem.data, x.rawPointer), .init(DNNL_ARG_DIFF_DST, problem.data, dy.rawPointer),
            .init(DNNL_ARG_MEAN, problem.statistics, mean.rawPointer), .init(DNNL_ARG_VARIANCE, problem.statistics, variance.rawPointer),
            .init(DNNL_ARG_SCALE, problem.parameters, scale), .init(DNNL_ARG_SHIFT, problem.parameters, scale),
            .init(DNNL_ARG_DIFF_SRC, problem.data, dx.rawPointer),
            .init(DNNL_ARG_DIFF_SCALE, problem.parameters, dgamma.rawPointer),
            .init(DNNL_ARG_DIFF_SHIFT, problem.parameters, dbeta.rawPointer),
        ], engine: engine, label: label)
    }
}
