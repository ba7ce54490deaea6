import CDNNL
import KerasPluginKit

/// Element-wise functions on oneDNN's eltwise primitive and arithmetic with broadcasting on its
/// binary primitive, float32.
enum Elementwise {
    /// oneDNN's eltwise algorithm and its (alpha, beta) for each unary op it computes.
    /// oneDNN 2.x has no sign, expm1, log1p, trigonometric, softsign, standalone erf, floor or
    /// ceil eltwise; its JIT `log` is off by ~1.4e-6 at log(1) = 0 (Keras's golden cases allow
    /// 1e-6), so log is left to the reference backend too. Softplus is computed by the plugin
    /// (``FloatSemantics``): oneDNN's soft_relu is negative for large negative inputs.
    static func algorithm(_ op: UnaryOp) -> (dnnl_alg_kind_t, Float, Float)? {
        switch op {
        case .negative: (dnnl_eltwise_linear, -1, 0)
        case .abs: (dnnl_eltwise_abs, 0, 0)
        case .square: (dnnl_eltwise_square, 0, 0)
        case .sqrt: (dnnl_eltwise_sqrt, 0, 0)
        case .exp: (dnnl_eltwise_exp, 0, 0)
        case .tanh: (dnnl_eltwise_tanh, 0, 0)
        case .sigmoid: (dnnl_eltwise_logistic, 0, 0)
        case .relu: (dnnl_eltwise_relu, 0, 0)
        case .round: (dnnl_eltwise_round, 0, 0)
        default: nil
        }
    }

    static func unary(_ op: UnaryOp, _ x: TensorView, _ out: TensorView) throws {
        try DNNLCall.kernel("unary \(op)", [x]) {
            if op == .softplus, Layout.isPlainFloat32([x, out]) { return FloatSemantics.softplus(x, out) }
            guard let (algorithm, alpha, beta) = algorithm(op), Layout.isPlainFloat32([x, out]) else {
                throw KernelError.unimplemented("oneDNN has no float32 eltwise for \(op)")
            }
            guard x.count > 0 else { return }
            let data = try MemoryDescriptor(dims: [x.count], strides: [1])
            let engine = try DNNLEngine.get()
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("eltwise.\(op).f32", [x.count])) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.eltwise(algorithm, data: data, alpha: alpha, beta: beta, attributes: attributes,
                                                   engine: engine.engine), "eltwise \(op)")
                }
            }
            try primitive.execute([.init(DNNL_ARG_SRC, data, x.rawPointer), .init(DNNL_ARG_DST, data, out.rawPointer)],
                                  engine: engine, label: "eltwise \(op)")
            if op == .relu { FloatSemantics.restoreNaN(from: x, into: out) }
        }
    }

    /// oneDNN's binary algorithm for each op it computes.
    static func algorithm(_ op: BinaryOp) -> dnnl_alg_kind_t? {
        switch op {
        case .add: dnnl_binary_add
        case .subtract: dnnl_binary_sub
        case .multiply: dnnl_binary_mul
        case .divide: dnnl_binary_div
        case .maximum: dnnl_binary_max
        case .minimum: dnnl_binary_min
        default: nil
        }
    }

    /// How the operands map onto oneDNN's `src0 op src1`: oneDNN broadcasts only its second
    /// source, so when `a` is the broadcast one the operands swap — free for the commutative
    /// ops, and for subtraction `a − b = −(b − a)` with a negating post-op. Division with a
    /// broadcast dividend, and operands that both broadcast, are declined.
    enum Plan {
        case direct, swapped, swappedNegated
    }

    static func plan(_ op: BinaryOp, _ a: TensorView, _ b: TensorView, _ out: TensorView) -> Plan? {
        guard algorithm(op) != nil, out.count > 0 else { return nil }
        if a.shape == out.shape { return .direct }
        guard b.shape == out.shape else { return nil }
        switch op {
        case .add, .multiply, .maximum, .minimum: return .swapped
        case .subtract: return .swappedNegated
        default: return nil
        }
    }

    static func binary(_ op: BinaryOp, _ a: TensorView, _ b: TensorView, _ out: TensorView) throws {
        try DNNLCall.kernel("binary \(op)", [a, b]) {
            guard let algorithm = algorithm(op), Layout.isPlainFloat32([a, b, out]), let plan = plan(op, a, b, out) else {
                throw KernelError.unimplemented("\(op) with shapes \(a.shape) and \(b.shape)")
            }
            if op == .maximum || op == .minimum, FloatSemantics.containsNaN([a, b]) {
                throw KernelError.unimplemented("\(op) of a NaN (oneDNN's max/min drop NaN)")
            }
            let (first, second) = plan == .direct ? (a, b) : (b, a)
            let rank = max(out.rank, 1)
            let dims = Layout.padded(out.shape, to: rank), secondDims = Layout.padded(second.shape, to: rank)
            let full = try MemoryDescriptor(dims: dims, strides: Layout.strides(dims))
            let broadcast = try MemoryDescriptor(dims: secondDims, strides: Layout.strides(secondDims))
            let engine = try DNNLEngine.get()
            let key = PrimitiveKey("binary.\(op).\(plan).f32", dims + secondDims)
            let primitive = try PrimitiveCache.primitive(key) {
                try PrimitiveAttributes.with { attributes in
                    if plan == .swappedNegated { try negate(attributes) }
                    return try Primitive(DNNLShim.binary(algorithm, source0: full, source1: broadcast, destination: full,
                                                         attributes: attributes, engine: engine.engine), "binary \(op)")
                }
            }
            try primitive.execute([.init(DNNL_ARG_SRC_0, full, first.rawPointer), .init(DNNL_ARG_SRC_1, broadcast, second.rawPointer),
                                   .init(DNNL_ARG_DST, full, out.rawPointer)], engine: engine, label: "binary \(op)")
        }
    }

    /// Adds a `dst = −dst` post-op to `attributes`.
    private static func negate(_ attributes: OpaquePointer) throws {
        var postOps: OpaquePointer?
        try DNNLCall.check(dnnl_post_ops_create(&postOps), "post-ops")
        defer { dnnl_post_ops_destroy(postOps) }
        try DNNLCall.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_linear, -1, 0), "negating post-op")
        try DNNLCall.check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "post-ops")
    }
}
