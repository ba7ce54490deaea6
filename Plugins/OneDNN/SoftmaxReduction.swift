import COneDNNLoops
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
            if op == .sum || op == .mean, let rows = leadingRows(x.shape, reduced) {
                return try reduceLeading(mean: op == .mean, x, rows: rows, out)
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

    /// When every reduced axis comes before every kept one (size-1 axes aside), the number of
    /// rows `x` folds into: `x` is then a `(rows, columns)` matrix reduced over its rows.
    private static func leadingRows(_ shape: [Int], _ reduced: [Int]) -> Int? {
        var rows = 1, seenKept = false
        for (size, kept) in zip(shape, reduced) where size != 1 {
            if kept == size { seenKept = true } else if seenKept { return nil } else { rows *= size }
        }
        return rows > 1 ? rows : nil
    }

    /// Sum (or mean) over the leading rows: column sums in C (``onednn_column_sums``: float
    /// over blocks of 64 rows, double across blocks), the rows split over oneDNN's OpenMP
    /// threads and the threads' partial sums added in order.
    ///
    /// oneDNN 2.6's reduction primitive has no JIT kernel for this pattern — a bias gradient,
    /// `dy (N, H, W, C)` summed over N, H, W — and its reference kernel took 100–200 ms on a
    /// CNN's (128, 24, 24, 64). Before this loop the plugin ran it as the product
    /// `ones (1, rows) · x (rows, columns)` on oneDNN's matmul, which paid the primitive's
    /// per-call cost (~12 µs) on small tensors and left its OpenMP threads spinning.
    private static func reduceLeading(mean: Bool, _ x: TensorView, rows: Int, _ out: TensorView) throws {
        let columns = x.count / rows
        // At least 64 Ki elements per thread, or one thread.
        let parts = max(1, min(ThreadCount.current, rows, x.count >> 16))
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: parts * columns)
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: parts * columns)
        nonisolated(unsafe) let (px, sums) = (UnsafePointer(x.pointer(as: Float.self)), partial)
        let rowsPerPart = (rows + parts - 1) / parts
        OpenMPLoops.forEachChunk(parts) { range in
            for part in range {
                let first = part * rowsPerPart, count = min(rows, first + rowsPerPart) - first
                if count > 0 { onednn_column_sums(px + first * columns, Int64(count), Int64(columns), sums + part * columns) }
            }
        }
        let result = out.pointer(as: Float.self), scale = mean ? 1 / Double(rows) : 1
        for j in 0..<columns {
            var total = 0.0
            for part in 0..<parts { total += partial[part * columns + j] }
            result[j] = Float(total * scale)
        }
    }
}
