import CFusedKernels
import COpenBLAS
import KerasFusedKernels
import KerasPluginKit

/// Keras's LSTM sequence (float32) with OpenBLAS's GEMM and the shared fused gate loops
/// (``FusedLSTMKernels``): the input projection of every step as one GEMM, one recurrent GEMM
/// and one vectorised gate pass per step, forward and backward. The workspace slots carry the
/// forward's gates and states to the backward; the plain `recurrent_backward` recomputes them
/// first. Other cells and dtypes are declined (the host composes them from the primitives).
///
/// With several threads the batch is split among them, each running its samples' whole
/// sequence on single-threaded GEMMs (OpenBLAS's count is 1 meanwhile): OpenBLAS's own
/// threading of the small per-step GEMMs (32 × 512 × 128 in the peer benchmark) paid more in
/// hand-offs than it gained, and left the second core idle during the gate loops.
enum Recurrent {
    static let lstm = FusedLSTMKernels(gemm: sgemm, splitting: .init(parts: { PluginThreads.current },
                                                                      withSingleThreadedGEMM: PluginThreads.onOneThread)) { problem in
        try requireBLASSizes(Int(problem.batch * problem.time), Int(4 * problem.units), Int(problem.features))
    }

    /// OpenBLAS's sgemm behind `fk_sgemm_fn`.
    static let sgemm: fk_sgemm_fn = { _, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
        cblas_sgemm(CblasRowMajor, transposeA != 0 ? CblasTrans : CblasNoTrans, transposeB != 0 ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
