import CDNNL
import COneDNNLoops
import KerasPluginKit

/// Keras's activations (with relu's and elu's parameters) on oneDNN's eltwise primitives,
/// forward and backward, float32; also the post-op chain Dense's fused forward appends to its
/// matmul (Matmul.linearActivation).
///
/// Each activation is a chain of eltwise steps; every step after the first is a linear scale
/// (selu's), which scales the gradient the same way. What oneDNN cannot compute the way Keras
/// does is declined, and the host composes it from primitives:
/// - relu with a threshold ≠ 0 (oneDNN has no thresholded relu);
/// - relu with both a negative slope and a cap (the slope at 0 would be `alpha`, Keras's is 0);
/// - relu with a cap ≤ 0 (Keras's clip order makes that a constant).
enum FusedActivation {
    /// SELU's constants, as Keras's `selu`.
    static let seluAlpha = 1.6732632423543772848170429916717
    static let seluScale = 1.0507009873554804934193349852946

    /// The eltwise chain that computes `p` exactly as Keras does, or `nil`.
    static func steps(_ p: ActivationParameters) -> [EltwiseStep]? {
        switch p.op {
        case .linear: return [EltwiseStep(algorithm: dnnl_eltwise_linear, alpha: 1, beta: 0)]
        case .relu:
            guard p.threshold == 0 else { return nil }
            // x > 0 ? x : alpha·x; the gradient is alpha at 0, as Keras's leaky relu (0 for plain relu).
            if p.maxValue == .infinity { return [EltwiseStep(algorithm: dnnl_eltwise_relu, alpha: Float(p.alpha), beta: 0)] }
            guard p.alpha == 0, p.maxValue > 0 else { return nil }
            // relu6 passes no gradient at 6 (clip_v2: open interval); clip_by_value passes it at
            // the cap (clip: 0 < x ≤ max).
            let clip = p.maxValue == 6 ? dnnl_eltwise_clip_v2 : dnnl_eltwise_clip
            return [EltwiseStep(algorithm: clip, alpha: 0, beta: Float(p.maxValue))]
        case .elu: return [EltwiseStep(algorithm: dnnl_eltwise_elu, alpha: Float(p.alpha), beta: 0)]
        case .selu:
            return [EltwiseStep(algorithm: dnnl_eltwise_elu, alpha: Float(seluAlpha), beta: 0),
                    EltwiseStep(algorithm: dnnl_eltwise_linear, alpha: Float(seluScale), beta: 0)]
        case .gelu: return [EltwiseStep(algorithm: dnnl_eltwise_gelu_erf, alpha: 0, beta: 0)]
        case .geluTanh: return [EltwiseStep(algorithm: dnnl_eltwise_gelu_tanh, alpha: 0, beta: 0)]
        case .silu: return [EltwiseStep(algorithm: dnnl_eltwise_swish, alpha: 1, beta: 0)]
        case .sigmoid: return [EltwiseStep(algorithm: dnnl_eltwise_logistic, alpha: 0, beta: 0)]
        case .tanh: return [EltwiseStep(algorithm: dnnl_eltwise_tanh, alpha: 0, beta: 0)]
        // oneDNN's soft_relu is negative for large negative inputs: the host composes softplus
        // from the plugin's own unary softplus (FloatSemantics).
        case .softplus: return nil
        }
    }

    /// Whether the eltwise backward of `p` is claimed: every forward the plugin runs except
    /// the tanh-approximated gelu, whose oneDNN gradient differs from the host's composition by
    /// 1.04e-6 (relative to 1 + |reference|) at x ≈ −3.3, outside the 1e-6 the plugin promises.
    static func claimsBackward(_ p: ActivationParameters) -> Bool {
        steps(p) != nil && p.op != .geluTanh
    }

    static func forward(_ x: TensorView, _ p: ActivationParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("activation \(p.op)", [x]) {
            guard let steps = steps(p), Layout.isPlainFloat32([x, out]) else {
                throw KernelError.unimplemented("oneDNN cannot compute \(p.op) with these parameters exactly")
            }
            guard x.count > 0 else { return }
            let data = try MemoryDescriptor(dims: [x.count], strides: [1])
            let engine = try DNNLEngine.get()
            var source = x.rawPointer
            for step in steps {
                try inference(step, data, count: x.count, engine).execute(
                    [.init(DNNL_ARG_SRC, data, source), .init(DNNL_ARG_DST, data, out.rawPointer)], engine: engine, label: "activation \(p.op)")
                source = out.rawPointer
            }
            if p.op == .relu { FloatSemantics.restoreNaN(from: x, into: out) }
        }
    }

    static func backward(_ x: TensorView, _ dy: TensorView, _ p: ActivationParameters, _ dx: TensorView) throws {
        try DNNLCall.kernel("activation backward \(p.op)", [x, dy]) {
            guard claimsBackward(p), let steps = steps(p), Layout.isPlainFloat32([x, dy, dx]) else {
                throw KernelError.unimplemented("oneDNN cannot compute \(p.op)'s gradient with these parameters exactly")
            }
            guard x.count > 0 else { return }
            if p.op == .relu && p.alpha == 0 && p.maxValue == .infinity && x.count == dy.count && x.count == dx.count {
                return reluGradient(x, dy, dx)
            }
            let data = try MemoryDescriptor(dims: [x.count], strides: [1])
            let engine = try DNNLEngine.get()
            let first = steps[0]
            let key = [x.count, Int(first.algorithm.rawValue), Int(first.alpha.bitPattern), Int(first.beta.bitPattern)]
            let forward = try PrimitiveCache.primitive(PrimitiveKey("activation.forward-training.f32", key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.eltwiseTraining(first, data: data, attributes: attributes, engine: engine.engine),
                                  "eltwise forward (training)")
                }
            }
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("activation.backward.f32", key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.eltwiseBackward(first, data: data, attributes: attributes, engine: engine.engine,
                                                           hint: forward.descriptor), "eltwise backward")
                }
            }
            try primitive.execute([.init(DNNL_ARG_SRC, data, x.rawPointer), .init(DNNL_ARG_DIFF_DST, data, dy.rawPointer),
                                   .init(DNNL_ARG_DIFF_SRC, data, dx.rawPointer)], engine: engine, label: "activation backward \(p.op)")
            if first.algorithm == dnnl_eltwise_relu {
                FloatSemantics.rectifierGradientAtNaN(x, dy, slope: first.alpha, into: dx)
            }
            // The later steps are linear scales (selu's): they scale the gradient too.
            for step in steps.dropFirst() {
                try inference(step, data, count: x.count, engine).execute(
                    [.init(DNNL_ARG_SRC, data, dx.rawPointer), .init(DNNL_ARG_DST, data, dx.rawPointer)],
                    engine: engine, label: "activation backward \(p.op) scale")
            }
        }
    }

    /// The plain relu's gradient `dy · [x > 0]` in one pass (C, on oneDNN's OpenMP threads):
    /// the eltwise backward primitive gives the same values except at NaN inputs, which needed
    /// a second pass over `x` to find (``FloatSemantics/rectifierGradientAtNaN``).
    private static func reluGradient(_ x: TensorView, _ dy: TensorView, _ dx: TensorView) {
        nonisolated(unsafe) let (px, pdy, pdx) = (UnsafePointer(x.pointer(as: Float.self)), UnsafePointer(dy.pointer(as: Float.self)),
                                                  dx.pointer(as: Float.self))
        let block = 1 << 16
        OpenMPLoops.forEachChunk((x.count + block - 1) / block) { blocks in
            let start = blocks.lowerBound * block, end = min(x.count, blocks.upperBound * block)
            onednn_relu_gradient(px + start, pdy + start, pdx + start, Int64(end - start))
        }
    }

    /// The cached inference eltwise primitive for one step over `count` elements.
    private static func inference(_ step: EltwiseStep, _ data: MemoryDescriptor, count: Int, _ engine: DNNLEngine) throws -> Primitive {
        let key = [count, Int(step.algorithm.rawValue), Int(step.alpha.bitPattern), Int(step.beta.bitPattern)]
        return try PrimitiveCache.primitive(PrimitiveKey("activation.forward.f32", key)) {
            try PrimitiveAttributes.with { attributes in
                try Primitive(DNNLShim.eltwise(step.algorithm, data: data, alpha: step.alpha, beta: step.beta,
                                               attributes: attributes, engine: engine.engine), "eltwise")
            }
        }
    }
}
