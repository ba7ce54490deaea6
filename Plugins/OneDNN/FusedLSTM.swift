import CDNNL
import CFusedKernels
import KerasPluginKit

/// Keras's LSTM sequence on oneDNN's `dnnl_sgemm` and the plugins' fused gate loops
/// (`fused_kernels.h`), for when oneDNN's own LSTM backward is its reference implementation
/// (oneDNN 2.6 on AVX-512 machines without its JIT RNN kernels: `rnn,ref` in DNNL_VERBOSE),
/// which is several times slower than GEMMs plus one vectorised gate pass per step; likewise
/// for the forward when its primitive is the reference one.
enum FusedLSTM {
    /// Whether oneDNN chose its reference implementation for this primitive.
    static func isReference(_ backward: Primitive) -> Bool {
        var name: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(backward.descriptor, dnnl_query_impl_info_str, 0, &name) == dnnl_success,
              let name else { return false }
        return String(cString: name).hasPrefix("ref")
    }

    /// The fused kernels' view of x, h0, c0, kernel, recurrent kernel, bias (float32).
    static func problem(_ p: RecurrentParameters, _ inputs: [TensorView]) -> fk_lstm {
        var problem = fk_lstm()
        let x = inputs[0]
        problem.batch = Int64(x.dimension(0))
        problem.time = Int64(x.dimension(1))
        problem.features = Int64(x.dimension(2))
        problem.units = Int64(inputs[4].dimension(0))
        problem.go_backwards = p.goBackwards ? 1 : 0
        problem.x = UnsafePointer(x.pointer(as: Float.self))
        problem.h0 = UnsafePointer(inputs[1].pointer(as: Float.self))
        problem.c0 = UnsafePointer(inputs[2].pointer(as: Float.self))
        problem.kernel = UnsafePointer(inputs[3].pointer(as: Float.self))
        problem.recurrent_kernel = UnsafePointer(inputs[4].pointer(as: Float.self))
        problem.bias = UnsafePointer(inputs[5].pointer(as: Float.self))
        problem.gemm = sgemm
        return problem
    }

    static func forward(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        var problem = problem(p, inputs)
        try check(fk_lstm_forward(&problem, outputs[0].pointer(as: Float.self), outputs[1].pointer(as: Float.self),
                                  outputs[2].pointer(as: Float.self), nil))
    }

    /// The gradient, recomputing the forward's gates first (inputs: the forward's, d_sequence,
    /// dhT, dcT; outputs dx, dh0, dc0, d_kernel, d_recurrent_kernel, d_bias).
    static func backward(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        var problem = problem(p, inputs)
        let o = outputs.map { $0.pointer(as: Float.self) }
        try check(fk_lstm_backward_recomputing(&problem, inputs[6].pointer(as: Float.self), inputs[7].pointer(as: Float.self),
                                               inputs[8].pointer(as: Float.self), o[0], o[1], o[2], o[3], o[4], o[5]))
    }

    private static func check(_ status: Int32) throws {
        guard status == 0 else { throw KernelError(.outOfMemory, "cannot allocate the LSTM's scratch memory") }
    }

    /// `dnnl_sgemm` (row-major) behind `fk_sgemm_fn`.
    static let sgemm: fk_sgemm_fn = { _, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
        _ = dnnl_sgemm(transposeA != 0 ? 84 : 78, transposeB != 0 ? 84 : 78, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}
