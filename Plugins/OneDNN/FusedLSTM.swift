import CDNNL
import CFusedKernels
import KerasFusedKernels
import KerasPluginKit

/// Keras's LSTM sequence on oneDNN's `dnnl_sgemm` and the plugins' fused gate loops
/// (``FusedLSTMKernels``), for when oneDNN's own LSTM primitive is its reference implementation
/// (oneDNN 2.6 on AVX-512 machines without its JIT RNN kernels: `rnn,ref` in DNNL_VERBOSE),
/// which is several times slower than GEMMs plus one vectorised gate pass per step. Training
/// then goes through the ABI 1.2 workspace slots: the fused forward keeps its gates and states
/// in the host's workspace and the backward reads them (no rerun of the forward).
enum FusedLSTM {
    static let kernels = FusedLSTMKernels(gemm: sgemm)

    /// Whether oneDNN chose its reference implementation for this primitive.
    static func isReference(_ primitive: Primitive) -> Bool {
        var name: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(primitive.descriptor, dnnl_query_impl_info_str, 0, &name) == dnnl_success,
              let name else { return false }
        return String(cString: name).hasPrefix("ref")
    }

    /// What trains float32 LSTM sequences in this process, for `swiftkeras info`: decided per
    /// shape at each call, reported here for a small sequence.
    static var trainingPath: String {
        guard let problem = try? Recurrent.Problem(RecurrentParameters(cell: .lstm), batch: 2, time: 3, features: 4, units: 4),
              let engine = try? DNNLEngine.get(),
              let backward = try? problem.backward(forward: try problem.forward(training: true, engine), engine) else {
            return "unknown (no LSTM primitive could be created)"
        }
        return isReference(backward) ? fusedPath : "oneDNN's LSTM primitives"
    }

    /// ``trainingPath`` when the fused loops train the LSTM.
    static let fusedPath = "fused kernels on dnnl_sgemm with the workspace slots (oneDNN's LSTM backward is its reference code)"

    /// `dnnl_sgemm` (row-major) behind `fk_sgemm_fn`, on the host's thread count.
    static let sgemm: fk_sgemm_fn = { _, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
        ThreadCount.applyToCallingThread()
        _ = dnnl_sgemm(transposeA != 0 ? 84 : 78, transposeB != 0 ? 84 : 78, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

/// The ABI 1.2 workspace slots: offered for float32 LSTM sequences whose oneDNN backward would
/// be the reference implementation (then the fused kernels run both passes); declined otherwise,
/// so the host uses `recurrent` and `recurrent_backward` (oneDNN's primitives, the training
/// forward rerun for oneDNN's own workspace).
extension Recurrent {
    static func workspaceSize(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> Int {
        try DNNLCall.kernel("recurrent workspace size \(p.cell)", inputs) {
            try requireFusedTraining(p, inputs)
        }
        return try FusedLSTM.kernels.workspaceSize(p, inputs)
    }

    static func training(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView], _ workspace: TensorView) throws {
        try DNNLCall.kernel("recurrent training \(p.cell)", inputs) {
            try requireFusedTraining(p, inputs)
            try FusedLSTM.kernels.training(p, inputs, outputs, workspace)
        }
    }

    static func backwardFromWorkspace(_ p: RecurrentParameters, _ inputs: [TensorView], _ workspace: TensorView, _ outputs: [TensorView]) throws {
        try DNNLCall.kernel("recurrent backward (workspace) \(p.cell)", inputs) {
            try requireFusedTraining(p, inputs)
            try FusedLSTM.kernels.backward(p, inputs, workspace, outputs)
        }
    }

    /// Declines unless this is a float32 LSTM whose oneDNN backward is the reference one.
    private static func requireFusedTraining(_ p: RecurrentParameters, _ inputs: [TensorView]) throws {
        guard p.cell == .lstm, inputs.count >= 6, Layout.isPlainFloat32(Array(inputs.prefix(6))) else {
            throw KernelError.unimplemented("the workspace slots take float32 LSTM sequences only")
        }
        let problem = try Problem(p, x: inputs[0], recurrentKernel: inputs[4])
        guard problem.batch > 0, problem.time > 0 else { throw KernelError.unimplemented("an empty sequence") }
        let engine = try DNNLEngine.get()
        guard FusedLSTM.isReference(try problem.backward(forward: try problem.forward(training: true, engine), engine)) else {
            throw KernelError.unimplemented("oneDNN's own LSTM primitives run this sequence")
        }
    }
}
