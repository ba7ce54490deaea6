/// A compute backend: the kernels that `K` runs on, over contiguous row-major tensors.
///
/// The protocol is the `K` surface seen from below. Every backend must run every primitive
/// kernel; the reference backend (pure Swift) does, and plugin backends reach the rest through
/// per-kernel fallback to it. The kernels take tensors whose shapes have already been validated
/// by `K` (ranks, broadcastability, axis ranges) and return a new tensor; they never see the
/// autodiff graph, and they never throw: a kernel that cannot run traps with the op and shapes,
/// and a plugin that declines one falls back (see the plugin guide).
///
/// The composite kernels (softmax, the fused layers, normalisation, recurrent sequences,
/// optimizer updates) have default implementations written with the primitives
/// (`Backend/Composites`); a backend overrides one when it has something faster (oneDNN's
/// softmax, OpenBLAS's fused dense).
///
/// Mirrors the role of Keras 2's `keras.backend.<name>_backend` modules.
///
/// The kernels are declared by family, each family with its plugin-backend and forwarding code
/// in one file of `Backend/Kernels` (``ElementwiseKernels`` … ``OptimizerKernels``).
public protocol Backend: ElementwiseKernels, ReductionKernels, LayoutKernels, ProductKernels, ConvolutionKernels,
                         ActivationKernels, NormalizationKernels, RecurrentKernels, OptimizerKernels {
    /// The backend's name as used in `keras.json` (`"reference"`, `"openblas"`, …).
    var name: String { get }
}
