// libKerasOneDNN.so: SwiftKeras's "onednn" backend.
//
// Convolutions (N-D, both gradients), pooling (both modes, forward and backward), matrix
// products, element-wise activations and arithmetic, softmax / log-softmax and reductions run
// on oneDNN primitives (float32), created once per shape and cached; float32 LSTM sequences
// (when oneDNN's own are its reference code) and optimizer updates on the plugins' shared
// fused loops (KerasFusedKernels). Tensors stay row-major at the boundary: oneDNN's primitives
// read the host's channels-last layouts directly. Every other kernel and dtype is left to the
// host's reference backend. Built, like any third-party plugin, on KerasPluginKit alone.
import CDNNL
import KerasFusedKernels
import KerasPluginKit

/// The entry point SwiftKeras looks up in every plugin.
@_cdecl("keras_plugin_entry")
public func kerasPluginEntry(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
    oneDNNPlugin.export(host)
}

/// The plugin's version (also reported as the `plugin.version` attribute).
let oneDNNPluginVersion = "0.1.0"

let oneDNNPlugin = BackendPlugin(
    name: "KerasOneDNN",
    version: oneDNNPluginVersion,
    backend: "onednn",
    priority: 110,
    kernels: oneDNNKernels,
    attributes: { OneDNNFacts.attributes },
    initialize: { host in
        _ = try DNNLEngine.get()
        ThreadCount.set(host.threadCount)
    })

var oneDNNKernels: BackendKernels {
    var kernels = BackendKernels()
    kernels.setThreads = { ThreadCount.set($0) }
    kernels.supports = OneDNNSupport.supports
    kernels.matmul = Matmul.run
    kernels.linear = Matmul.linear
    kernels.activation = FusedActivation.forward
    kernels.activationBackward = FusedActivation.backward
    kernels.linearActivation = Matmul.linearActivation
    kernels.convolution = Convolution.forward
    kernels.convolutionBackwardInput = Convolution.backwardInput
    kernels.convolutionBackwardKernel = Convolution.backwardKernel
    kernels.convolutionActivation = Convolution.forwardActivation
    kernels.pool = Pooling.forward
    kernels.poolBackward = Pooling.backward
    kernels.batchNormalization = Normalization.batchInference
    kernels.batchNormalizationTraining = Normalization.batchTraining
    kernels.batchNormalizationBackward = Normalization.batchBackward
    kernels.layerNormalization = Normalization.layer
    kernels.layerNormalizationBackward = Normalization.layerBackward
    kernels.unary = Elementwise.unary
    kernels.binary = Elementwise.binary
    kernels.softmax = { try Softmax.run(log: false, $0, $1, $2) }
    kernels.logSoftmax = { try Softmax.run(log: true, $0, $1, $2) }
    kernels.reduce = Reduction.reduce
    kernels.recurrent = Recurrent.forward
    kernels.recurrentBackward = Recurrent.backward
    kernels.recurrentWorkspaceSize = Recurrent.workspaceSize
    kernels.recurrentTraining = Recurrent.training
    kernels.recurrentBackwardWorkspace = Recurrent.backwardFromWorkspace
    kernels.optimizerUpdate = FusedOptimizerUpdate.run
    return kernels
}

/// The facts `swiftkeras info` shows.
enum OneDNNFacts {
    static var attributes: [(key: String, value: String)] {
        let v = dnnl_version().pointee
        let runtime = v.cpu_runtime == UInt32(DNNL_RUNTIME_OMP) ? "OpenMP" : "runtime \(v.cpu_runtime)"
        return [
            ("plugin.abi", "\(KERAS_ABI_VERSION_MAJOR).\(KERAS_ABI_VERSION_MINOR)"),
            ("onednn.version", "\(v.major).\(v.minor).\(v.patch)"),
            ("onednn.isa", dnnl_cpu_isa2str(dnnl_get_effective_cpu_isa()).map { String(cString: $0) } ?? "unknown"),
            ("onednn.runtime", runtime),
            ("onednn.threads", ThreadCount.isConfigurable ? "\(ThreadCount.current) (host setting)" : "OpenMP default"),
            ("onednn.concurrent_calls", "safe (a stream per call, per-call scratchpads)"),
            ("onednn.primitive_cache", "\(PrimitiveCache.capacity) primitives"),
            ("onednn.lstm_training", FusedLSTM.trainingPath),
        ]
    }
}
