// libKerasOpenBLAS.so: SwiftKeras's "openblas" backend.
//
// Matrix products (matmul, batched matmul, the fused Dense forward) run on OpenBLAS's
// cblas_?gemm, convolutions on im2col + GEMM, float32 LSTM sequences on GEMM and fused gate
// loops, a few memory-bound kernels (broadcasting arithmetic, sums over leading or trailing
// axes) on vectorised loops and GEMV, and the row copies of gather and scatter-add (an
// Embedding's lookup and gradient). Everything else is left to the host's reference backend. Built, like any third-party plugin, on
// KerasPluginKit alone.
import COpenBLAS
import KerasFusedKernels
import KerasPluginKit

/// The entry point SwiftKeras looks up in every plugin.
@_cdecl("keras_plugin_entry")
public func kerasPluginEntry(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
    openBLASPlugin.export(host)
}

/// The plugin's version (also reported as the `plugin.version` attribute).
let openBLASPluginVersion = "0.1.0"

let openBLASPlugin = BackendPlugin(
    name: "KerasOpenBLAS",
    version: openBLASPluginVersion,
    backend: "openblas",
    priority: 100,
    kernels: openBLASKernels,
    attributes: {
        [
            ("plugin.abi", "\(KERAS_ABI_VERSION_MAJOR).\(KERAS_ABI_VERSION_MINOR)"),
            ("openblas.config", openblas_get_config().map { String(cString: $0) } ?? "unknown"),
            ("openblas.core", openblas_get_corename().map { String(cString: $0) } ?? "unknown"),
            ("openblas.parallel", ["sequential", "pthreads", "OpenMP"][Int(min(2, max(0, openblas_get_parallel())))]),
        ]
    })

var openBLASKernels: BackendKernels {
    var kernels = BackendKernels()
    kernels.setThreads = { PluginThreads.set($0) }
    kernels.supports = OpenBLASSupport.supports
    kernels.matmul = Matmul.run
    kernels.linear = Matmul.linear
    kernels.linearActivation = Activation.linearActivation
    kernels.activation = Activation.forward
    kernels.activationBackward = Activation.backward
    kernels.convolution = Convolution.forward
    kernels.convolutionBackwardInput = Convolution.backwardInput
    kernels.convolutionBackwardKernel = Convolution.backwardKernel
    kernels.binary = Elementwise.binary
    kernels.reduce = Reduction.reduce
    kernels.gather = Gather.gather
    kernels.scatterAdd = Gather.scatterAdd
    kernels.recurrent = Recurrent.lstm.forward
    kernels.recurrentBackward = Recurrent.lstm.backwardRecomputing
    kernels.recurrentWorkspaceSize = Recurrent.lstm.workspaceSize
    kernels.recurrentTraining = Recurrent.lstm.training
    kernels.recurrentBackwardWorkspace = Recurrent.lstm.backward
    kernels.optimizerUpdate = FusedOptimizerUpdate.run
    return kernels
}
