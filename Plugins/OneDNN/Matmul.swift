import CDNNL
import KerasPluginKit

/// `matmul` (batched, broadcasting, transposes as strides) and `linear` (Dense's forward, the
/// bias added inside the primitive) on oneDNN's matmul primitive, float32.
enum Matmul {
    static func run(_ a: TensorView, _ b: TensorView, _ transposeA: Bool, _ transposeB: Bool, _ out: TensorView) throws {
        try DNNLCall.kernel("matmul", [a, b]) {
            guard Layout.isPlainFloat32([a, b, out]) else { throw KernelError.unimplemented("float32 only") }
            guard out.count > 0 else { return }
            let k = transposeA ? a.dimension(a.rank - 2) : a.dimension(a.rank - 1)
            guard k > 0 else { return out.pointer(as: Float.self).update(repeating: 0, count: out.count) }
            let rank = out.rank
            let (aDims, aStrides) = operand(a, transposed: transposeA, rank: rank)
            let (bDims, bStrides) = operand(b, transposed: transposeB, rank: rank)
            let key = PrimitiveKey("matmul.f32", aDims + aStrides + bDims + bStrides + out.shape)
            let engine = try DNNLEngine.get()
            let (src, weights) = (try MemoryDescriptor(dims: aDims, strides: aStrides), try MemoryDescriptor(dims: bDims, strides: bStrides))
            let dst = try Layout.plain(out)
            let primitive = try PrimitiveCache.primitive(key) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.matmul(source: src, weights: weights, bias: nil, destination: dst,
                                                  attributes: attributes, engine: engine.engine), "matmul")
                }
            }
            try primitive.execute([.init(DNNL_ARG_SRC, src, a.rawPointer), .init(DNNL_ARG_WEIGHTS, weights, b.rawPointer),
                                   .init(DNNL_ARG_DST, dst, out.rawPointer)], engine: engine, label: "matmul")
        }
    }

    /// An operand's logical dims `(batch…, rows, columns)` padded to `rank`, and the strides that
    /// read it where it lies (a transposed operand swaps the last two strides).
    private static func operand(_ t: TensorView, transposed: Bool, rank: Int) -> ([Int], [Int]) {
        var dims = t.shape, strides = Layout.strides(t.shape)
        if transposed {
            dims.swapAt(t.rank - 2, t.rank - 1)
            strides.swapAt(t.rank - 2, t.rank - 1)
        }
        let extra = rank - t.rank
        let outer = t.count == 0 ? 1 : t.count
        return ([Int](repeating: 1, count: extra) + dims, [Int](repeating: outer, count: extra) + strides)
    }

    /// `x (…, K) · weight (K, N) + bias (N)` as one `(rows × K) · (K × N)` matmul with a bias.
    static func linear(_ x: TensorView, _ weight: TensorView, _ bias: TensorView?, _ out: TensorView) throws {
        try linear(x, weight, bias, postOps: [], label: "linear", out)
    }

    /// `f(x · weight + bias)`: Dense's whole forward, the activation `p` appended to the matmul
    /// as eltwise post-ops (FusedActivation's chain); declined when oneDNN cannot compute `p`
    /// exactly as Keras does.
    static func linearActivation(_ x: TensorView, _ weight: TensorView, _ bias: TensorView?, _ p: ActivationParameters,
                                 _ out: TensorView) throws {
        guard let steps = FusedActivation.steps(p) else {
            throw KernelError.unimplemented("oneDNN cannot compute \(p.op) with these parameters exactly")
        }
        // Plain relu: the product, then relu in one pass over the output that keeps NaN (oneDNN's
        // relu post-op turns a NaN into 0), cheaper than looking for a NaN in the operands.
        if p.isPlainReLU { return try linear(x, weight, bias, postOps: [], relu: true, label: "linear+relu", out) }
        // Other relu forms: with a NaN operand the host composes instead.
        if p.op == .relu, FloatSemantics.containsNaN([x, weight] + (bias.map { [$0] } ?? [])) {
            throw KernelError.unimplemented("relu after a product with a NaN operand (oneDNN's relu drops NaN)")
        }
        try linear(x, weight, bias, postOps: p.op == .linear ? [] : steps, label: "linear+\(p.op)", out)
    }

    /// Rows up to which `linear` is one `dnnl_sgemm` call on one thread (GEMV for one row)
    /// rather than the matmul primitive, whose per-call setup — memory objects, a
    /// stream, the scratchpad — costs more than such a product: a prediction of a few samples.
    static let directRows = 4

    private static func linear(_ x: TensorView, _ weight: TensorView, _ bias: TensorView?, postOps: [EltwiseStep], relu: Bool = false,
                               label: String, _ out: TensorView) throws {
        defer { if relu { FloatSemantics.relu(inPlace: out) } }
        try DNNLCall.kernel(label, [x, weight] + (bias.map { [$0] } ?? [])) {
            guard Layout.isPlainFloat32([x, weight, out] + (bias.map { [$0] } ?? [])) else {
                throw KernelError.unimplemented("float32 only")
            }
            let k = weight.dimension(0), n = weight.dimension(1)
            guard out.count > 0 else { return }
            let rows = out.count / n
            let pc = out.pointer(as: Float.self)
            if k == 0, !postOps.isEmpty { throw KernelError.unimplemented("an empty product with an activation") }
            guard k > 0 else {
                if let bias {
                    for row in 0..<rows { (pc + row * n).update(from: bias.pointer(as: Float.self), count: n) }
                } else {
                    pc.update(repeating: 0, count: out.count)
                }
                return
            }
            if rows <= directRows, postOps.isEmpty {
                if let bias {
                    for row in 0..<rows { (pc + row * n).update(from: bias.pointer(as: Float.self), count: n) }
                }
                // One thread: a second one cost more than it saved on this shared 2-core machine
                // (one sample through 784-512-512-10: 83–87 µs on two threads, 53 µs on one).
                ThreadCount.applyToCallingThread(atMost: 1)
                return try DNNLCall.check(dnnl_sgemm(78, 78, Int64(rows), Int64(n), Int64(k), 1, x.pointer(as: Float.self), Int64(k),
                                                     weight.pointer(as: Float.self), Int64(n), bias == nil ? 0 : 1, pc, Int64(n)),
                                          "dnnl_sgemm (\(label))")
            }
            let src = try MemoryDescriptor(dims: [rows, k], strides: [k, 1])
            let weights = try MemoryDescriptor(dims: [k, n], strides: [n, 1])
            let dst = try MemoryDescriptor(dims: [rows, n], strides: [n, 1])
            let biasLayout = try bias.map { _ in try MemoryDescriptor(dims: [1, n], strides: [n, 1]) }
            let chain = postOps.flatMap { [Int($0.algorithm.rawValue), Int($0.alpha.bitPattern), Int($0.beta.bitPattern)] }
            let key = PrimitiveKey("linear.f32", [rows, k, n, bias == nil ? 0 : 1] + chain)
            let engine = try DNNLEngine.get()
            let primitive = try PrimitiveCache.primitive(key) {
                try PrimitiveAttributes.with { attributes in
                    try DNNLShim.appendEltwisePostOps(postOps, to: attributes)
                    return try Primitive(DNNLShim.matmul(source: src, weights: weights, bias: biasLayout, destination: dst,
                                                         attributes: attributes, engine: engine.engine), label)
                }
            }
            var arguments: [Primitive.Argument] = [.init(DNNL_ARG_SRC, src, x.rawPointer), .init(DNNL_ARG_WEIGHTS, weights, weight.rawPointer),
                                                   .init(DNNL_ARG_DST, dst, out.rawPointer)]
            if let bias, let biasLayout { arguments.append(.init(DNNL_ARG_BIAS, biasLayout, bias.rawPointer)) }
            try primitive.execute(arguments, engine: engine, label: label)
        }
    }
}
