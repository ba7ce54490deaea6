import CFusedKernels
import KerasPluginKit

/// The plugin kernels of a float32 LSTM sequence on the shared fused loops (`fused_kernels.h`)
/// and a plugin's own GEMM: the input projection of every step as one GEMM, one recurrent GEMM
/// and one vectorised gate pass per step, forward and backward. `training` fills the workspace
/// `backward` reads (the ABI 1.2 slots); `backwardRecomputing` reruns the forward first. Other
/// cells and dtypes are declined (``KernelError/unimplemented(_:)``).
///
/// ```swift
/// let lstm = FusedLSTMKernels(gemm: mySgemm)
/// kernels.recurrentWorkspaceSize = lstm.workspaceSize
/// kernels.recurrentTraining = lstm.training
/// kernels.recurrentBackwardWorkspace = lstm.backward
/// ```
public struct FusedLSTMKernels: Sendable {
    /// The plugin's row-major GEMM.
    public let gemm: fk_sgemm_fn
    /// Checks the sizes the GEMM can take (e.g. 32-bit BLAS integers); throws to decline.
    public let validate: @Sendable (fk_lstm) throws -> Void
    /// How the batch is split across threads, or `nil` for one thread calling a (possibly
    /// multithreaded) GEMM.
    public let splitting: BatchSplitting?

    /// Running slices of the batch concurrently: an LSTM's samples never meet, so each thread
    /// takes the whole sequence for its slice of samples with GEMMs on its own thread, instead
    /// of every small recurrent GEMM (batch × 4 units × units) being shared among threads
    /// 2 × time times per training step.
    public struct BatchSplitting: Sendable {
        /// Slices to cut the batch into (the plugin's thread count).
        public let parts: @Sendable () -> Int
        /// Runs a whole sequence with every GEMM call on its calling thread alone (e.g.
        /// OpenBLAS's thread count set to 1 meanwhile).
        public let withSingleThreadedGEMM: @Sendable (() -> Void) -> Void

        public init(parts: @escaping @Sendable () -> Int, withSingleThreadedGEMM: @escaping @Sendable (() -> Void) -> Void) {
            self.parts = parts
            self.withSingleThreadedGEMM = withSingleThreadedGEMM
        }
    }

    public init(gemm: fk_sgemm_fn, splitting: BatchSplitting? = nil,
                validate: @escaping @Sendable (fk_lstm) throws -> Void = { _ in }) {
        self.gemm = gemm
        self.splitting = splitting
        self.validate = validate
    }

    /// The sizes of x, h0, c0, kernel, recurrent kernel, bias (the data pointers may be absent
    /// while the host plans).
    public func sizes(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> fk_lstm {
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
        problem.gemm = gemm
        try validate(problem)
        return problem
    }

    /// The fused loops' view of the operands.
    public func problem(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> fk_lstm {
        var problem = try sizes(p, inputs)
        problem.x = UnsafePointer(inputs[0].pointer(as: Float.self))
        problem.h0 = UnsafePointer(inputs[1].pointer(as: Float.self))
        problem.c0 = UnsafePointer(inputs[2].pointer(as: Float.self))
        problem.kernel = UnsafePointer(inputs[3].pointer(as: Float.self))
        problem.recurrent_kernel = UnsafePointer(inputs[4].pointer(as: Float.self))
        problem.bias = UnsafePointer(inputs[5].pointer(as: Float.self))
        return problem
    }

    /// `recurrent_workspace_size`.
    public func workspaceSize(_ p: RecurrentParameters, _ inputs: [TensorView]) throws -> Int {
        var problem = try sizes(p, inputs)
        return Int(fk_lstm_workspace_bytes(&problem))
    }

    /// `recurrent`: the inference forward (sequence, hT, cT).
    public func forward(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        var problem = try problem(p, inputs)
        try check(run(&problem) {
            fk_lstm_forward($0, outputs[0].pointer(as: Float.self), outputs[1].pointer(as: Float.self),
                            outputs[2].pointer(as: Float.self), nil)
        })
    }

    /// `recurrent_training`: the forward, filling `workspace` for ``backward(_:_:_:_:)``.
    public func training(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView], _ workspace: TensorView) throws {
        var problem = try problem(p, inputs)
        let needed = fk_lstm_workspace_bytes(&problem)
        guard workspace.count >= Int(needed) else {
            throw KernelError.invalidArgument("the LSTM workspace holds \(workspace.count) bytes, \(needed) needed")
        }
        try check(run(&problem) {
            fk_lstm_forward($0, outputs[0].pointer(as: Float.self), outputs[1].pointer(as: Float.self),
                            outputs[2].pointer(as: Float.self), workspace.rawPointer)
        })
    }

    /// `recurrent_backward_workspace`: inputs are the forward's, then d_sequence, dhT, dcT;
    /// outputs dx, dh0, dc0, d_kernel, d_recurrent_kernel, d_bias.
    public func backward(_ p: RecurrentParameters, _ inputs: [TensorView], _ workspace: TensorView, _ outputs: [TensorView]) throws {
        var problem = try gradientProblem(p, inputs, outputs)
        let o = outputs.map { $0.pointer(as: Float.self) }
        try check(run(&problem) {
            fk_lstm_backward($0, workspace.rawPointer, inputs[6].pointer(as: Float.self), inputs[7].pointer(as: Float.self),
                             inputs[8].pointer(as: Float.self), o[0], o[1], o[2], o[3], o[4], o[5])
        })
    }

    /// `recurrent_backward` without a workspace: the training forward again, then the backward.
    public func backwardRecomputing(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        var problem = try gradientProblem(p, inputs, outputs)
        let o = outputs.map { $0.pointer(as: Float.self) }
        try check(run(&problem) {
            fk_lstm_backward_recomputing($0, inputs[6].pointer(as: Float.self), inputs[7].pointer(as: Float.self),
                                         inputs[8].pointer(as: Float.self), o[0], o[1], o[2], o[3], o[4], o[5])
        })
    }

    private func gradientProblem(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws -> fk_lstm {
        guard inputs.count >= 9, outputs.count >= 6, inputs[6...8].allSatisfy({ $0.dtype == .float32 }),
              outputs.allSatisfy({ $0.dtype == .float32 }) else {
            throw KernelError.unimplemented("only float32 LSTM gradients")
        }
        return try problem(p, inputs)
    }

    /// Runs `body` on `problem`, split across threads when ``splitting`` allows.
    private func run(_ problem: inout fk_lstm, _ body: (UnsafePointer<fk_lstm>) -> Int32) -> Int32 {
        guard let splitting, problem.batch > 1 else { return body(&problem) }
        let parts = min(splitting.parts(), Int(problem.batch))
        guard parts > 1 else { return body(&problem) }
        problem.parts = Int64(parts)
        problem.parallel = fk_parallel
        var status: Int32 = 0
        let frozen = problem
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            splitting.withSingleThreadedGEMM {
                withUnsafePointer(to: frozen) { status = body($0) }
            }
        }
        return status
    }

    private func check(_ status: Int32) throws {
        guard status == 0 else { throw KernelError(.outOfMemory, "cannot allocate the LSTM's scratch memory") }
    }
}

