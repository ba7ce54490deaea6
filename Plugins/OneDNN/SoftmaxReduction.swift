import CDNNL
import KerasPluginKit

/// Softmax and log-softmax along any axis on oneDNN's softmax primitive, float32.
enum Softmax {
    static func run(log: Bool, _ x: TensorView, _ axis: Int, _ out: TensorView) throws {
        let name = log ? "log_softmax" : "softmax"
        try DNNLCall.kernel(name, [x]) {
            guard Layout.isPlainFloat32([x, out]), x.rank >= 1 else { throw KernelError.unimplemented("float32, rank ≥ 1 only") }
            guard x.count > 0 else { return }
            let data = try Layout.plain(x)
            let engine = try DNNLEngine.get()
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("\(name).f32", x.shape + [axis])) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.softmax(log: log, data: data, axis: axis, attributes: attributes, engine: engine.engine), name)
                }
            }
            try primitive.execute([.init(DNNL_ARG_SRC, data, x.rawPointer), .init(DNNL_ARG_DST, data, out.rawPointer)],
                                  engine: engine, label: name)
        }
    }
}

/// Sum, mean, product, max and min over any set of axes on oneDNN's reduction primitive,
/// float32. (Any/all are bool ops; the reduction of an empty tensor is left to the host.)
enum Reduction {
    static func algorithm(_ op: ReduceOp) -> dnnl_alg_kind_t? {
        switch op {
        case .sum: dnnl_reduction_sum
        case .mean: dnnl_reduction_mean
        case .prod: dnnl_reduction_mul
        case .max: dnnl_reduction_max
        case .min: dnnl_reduction_min
        case .any, .all: nil
        }
    }

    static func reduce(_ op: ReduceOp, _ x: TensorView, _ axes: [Int], _ keepDims: Bool, _ out: TensorView) throws {
        try DNNLCall.kernel("reduce \(op) over \(axes)", [x]) {
            guard let algorithm = algorithm(op), Layout.isPlainFloat32([x, out]), x.count > 0 else {
                throw KernelError.unimplemented("\(op) of this tensor")
            }
            var reduced = x.shape
            for axis in axes { reduced[axis] = 1 }
            // Reducing only axes of size 1 (or none) is a copy, which oneDNN refuses as a reduction.
            guard reduced != x.shape else {
                return out.rawPointer.copyMemory(from: x.rawPointer, byteCount: x.count * 4)
            }
            let source = try Layout.plain(x)
            let destination = try MemoryDescriptor(dims: reduced, strides: Layout.strides(reduced))
            let engine = try DNNLEngine.get()
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("reduction.\(op).f32", x.shape + reduced)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.reduction(algorithm, source: source, destination: destination, attributes: attributes,
                                                     engine: engine.engine), "reduction \(op)")
                }
            }
            try primitive.execute([.init(DNNL_ARG_SRC, source, x.rawPointer), .init(DNNL_ARG_DST, destination, out.rawPointer)],
                                  engine: engine, label: "reduction \(op)")
        }
    }
}
