#if canImport(Glibc)
import Glibc
#endif
import CFusedKernels
import COpenBLAS
import KerasPluginKit

/// Keras's LSTM sequence (float32) with OpenBLAS's GEMM and the shared fused gate loops
/// (`fused_kernels.h`): the input projection of every step as one GEMM, one recurrent GEMM and
/// one vectorised gate pass per step, forward and backward. The workspace slots carry the
/// forward's gates and states to the backward; the plain `recurrent_backward` recomputes them
/// first. Other cells and dtypes are declined (the host composes them from the primitives).
enum Recurrent {
    /// The fused kernels' view of the operands (x, h0, c0, kernel, recurrent kernel, bias).
    static func problem(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> fk_lstm {
        var problem = try sizes(p, inputs)
        let x = inputs[0]
        problem.x = UnsafePointer(x.pointer(as: Float.self))
        problem.h0 = UnsafePointer(inputs[1].pointer(as: Float.self))
        problem.c0 = UnsafePointer(inputs[2].pointer(as: Float.self))
        problem.kernel = UnsafePointer(inputs[3].pointer(as: Float.self))
        problem.recurrent_kernel = UnsafePointer(inputs[4].pointer(as: Float.self))
        problem.bias = UnsafePointer(inputs[5].pointer(as: Float.self))
        problem.gemm = sgemm
        return problem
    }

    /// The sizes alone (the data pointers may be absent while the host plans).
    static func sizes(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> fk_lstm {
        guard p.cell == .lstm, inputs.count >= 6, inputs[0].rank == 3, inputs[4].rank == 2,
              inputs.prefix(6).allSatisfy({ $0.dtype == .float32 }) else {
            throw KernelError.unimplemented("only float32 LSTM sequences")
        }
        var problem = fk_lstm()
        problem.batch = Int64(inputs[0].dimension(0))
        problem.time = Int64(inputs[0].dimension(1))
        problem.features = Int64(inputs[0].dimension(2))
        problem.units = Int64(inputs[4].dimension(0))
        problem.go_backwards = p.goBackwards ? 1 : 0
        try requireBLASSizes(Int(problem.batch * problem.time), Int(4 * problem.units), Int(problem.features))
        return problem
    }

    static func workspaceSize(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> Int {
        var problem = try sizes(p, inputs)
        return Int(fk_lstm_workspace_bytes(&problem))
    }

    /// `recurrent`: the inference forward.
    static func forward(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        var problem = try problem(p, inputs)
        try check(fk_lstm_forward(&problem, outputs[0].pointer(as: Float.self), outputs[1].pointer(as: Float.self),
                                  outputs[2].pointer(as: Float.self), nil))
    }

    /// `recurrent_training`: the forward, filling `workspace` for the backward.
    static func training(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView], _ workspace: TensorView) throws {
        var problem = try problem(p, inputs)
        guard workspace.count >= Int(fk_lstm_workspace_bytes(&problem)) else {
            throw KernelError.invalidArgument("the LSTM workspace holds \(workspace.count) bytes, \(fk_lstm_workspace_bytes(&problem)) needed")
        }
        try check(fk_lstm_forward(&problem, outputs[0].pointer(as: Float.self), outputs[1].pointer(as: Float.self),
                                  outputs[2].pointer(as: Float.self), workspace.rawPointer))
    }

    /// `recurrent_backward_workspace`: inputs are the forward's, then d_sequence, dhT, dcT.
    static func backward(_ p: RecurrentParameters, _ inputs: [TensorView], _ workspace: TensorView, _ outputs: [TensorView]) throws {
        var problem = try gradientProblem(p, inputs, outputs)
        let o = outputs.map { $0.pointer(as: Float.self) }
        try check(fk_lstm_backward(&problem, workspace.rawPointer, inputs[6].pointer(as: Float.self), inputs[7].pointer(as: Float.self),
                                   inputs[8].pointer(as: Float.self), o[0], o[1], o[2], o[3], o[4], o[5]))
    }

    /// `recurrent_backward` without a workspace: the training forward again, then the backward.
    static func backwardRecomputing(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        var problem = try gradientProblem(p, inputs, outputs)
        let o = outputs.map { $0.pointer(as: Float.self) }
        try check(fk_lstm_backward_recomputing(&problem, inputs[6].pointer(as: Float.self), inputs[7].pointer(as: Float.self),
                                               inputs[8].pointer(as: Float.self), o[0], o[1], o[2], o[3], o[4], o[5]))
    }

    private static func gradientProblem(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws -> fk_lstm {
        guard inputs.count >= 9, outputs.count >= 6, inputs[6...8].allSatisfy({ $0.dtype == .float32 }),
              outputs.allSatisfy({ $0.dtype == .float32 }) else {
            throw KernelError.unimplemented("only float32 LSTM gradients")
        }
        return try problem(p, inputs)
    }

    private static func check(_ status: Int32) throws {
        guard status == 0 else { throw KernelError(.outOfMemory, "cannot allocate the LSTM's scratch memory") }
    }

    /// OpenBLAS's sgemm behind `fk_sgemm_fn`.
    static let sgemm: fk_sgemm_fn = { _, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
        cblas_sgemm(CblasRowMajor, transposeA != 0 ? CblasTrans : CblasNoTrans, transposeB != 0 ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
