import KerasKernelTypes

// The kernel types the core shares with KerasPluginKit live in the KerasKernelTypes target
// (Sources/KerasPluginKit/Sources/KerasKernelTypes): dtypes, op codes, parameter structs,
// convolution geometry and the kernel table. These names make them the core's own, so that
// `import Keras` gives them to users as before and every file of the core sees them.

/// The element type of a ``Tensor`` (see `KerasKernelTypes.DType`).
public typealias DType = KerasKernelTypes.DType
public typealias UnaryOp = KerasKernelTypes.UnaryOp
public typealias BinaryOp = KerasKernelTypes.BinaryOp
public typealias ReduceOp = KerasKernelTypes.ReduceOp
public typealias ArgReduceOp = KerasKernelTypes.ArgReduceOp
public typealias CumulativeOp = KerasKernelTypes.CumulativeOp
public typealias PoolMode = KerasKernelTypes.PoolMode
public typealias ActivationOp = KerasKernelTypes.ActivationOp
public typealias RecurrentCell = KerasKernelTypes.RecurrentCell
public typealias OptimizerOp = KerasKernelTypes.OptimizerOp
public typealias ConvolutionParameters = KerasKernelTypes.ConvolutionParameters
public typealias PoolingParameters = KerasKernelTypes.PoolingParameters
public typealias ActivationParameters = KerasKernelTypes.ActivationParameters
public typealias NormalizationParameters = KerasKernelTypes.NormalizationParameters
public typealias RecurrentParameters = KerasKernelTypes.RecurrentParameters
public typealias OptimizerParameters = KerasKernelTypes.OptimizerParameters
/// The kernels of the ``Backend`` protocol, numbered as the slots of `keras_backend`.
public typealias BackendKernel = KerasKernelTypes.BackendKernel
/// A row of the kernel table (`BackendKernel.spec`).
public typealias KernelSpec = KerasKernelTypes.KernelSpec
typealias ConvolutionGeometry = KerasKernelTypes.ConvolutionGeometry
typealias KernelParameters = KerasKernelTypes.KernelParameters
typealias NoParameters = KerasKernelTypes.NoParameters
