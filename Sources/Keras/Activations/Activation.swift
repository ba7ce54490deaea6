/// An activation function (`"relu"`, `"softmax"`, `keras.activations.*`) as a value: what
/// `Dense(64, activation: .relu)` and `Activation("tanh")` take.
///
/// ```swift
/// let a: Activation = .relu
/// let b: Activation = "softmax"
/// let c: Activation = .leakyRelu(negativeSlope: 0.1)
/// let d = Activation(name: "swishish") { x in x * K.sigmoid(x) }
/// a(Tensor([-1, 2]))   // [0, 2]
/// ```
///
/// Every built-in is composed of differentiable `K` functions, so gradients flow through it.
/// Configs record an activation by its ``name``: Keras's function name (`"relu"`), or, for a
/// built-in called with non-default arguments, the name with those arguments
/// (`"leaky_relu(negative_slope=0.1)"`), which ``named(_:)`` reads back (Keras itself cannot
/// serialize such partial functions).
///
/// Mirrors Keras's `keras.activations`.
public struct Activation: @unchecked Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Keras's name, serialized in configs (`"relu"`).
    public let name: String
    /// The backend's fused activation kernel this function is, with its parameters, when it is
    /// one (`relu` and its variants, `elu`, `selu`, `gelu`, `silu`, `sigmoid`, `tanh`,
    /// `softplus`, `linear`); `nil` for every other function. `Dense` runs such an activation
    /// inside its matrix product (``Backend/linearActivation(_:weight:bias:_:)``).
    public let fusedKernel: ActivationParameters?
    private let function: (Tensor) -> Tensor

    /// An activation from a closure; `name` is what configs record.
    public init(name: String, _ function: @escaping (Tensor) -> Tensor) {
        self.name = name
        self.fusedKernel = nil
        self.function = function
    }

    /// An activation that is the backend's fused kernel `kernel` (its gradient recorded through
    /// ``Backend/activationBackward(_:_:_:)``); `name` is what configs record.
    ///
    /// ```swift
    /// let relu6 = Activation(name: "relu6", fusedKernel: ActivationParameters(op: .relu, maxValue: 6))
    /// ```
    public init(name: String, fusedKernel kernel: ActivationParameters) {
        self.name = name
        self.fusedKernel = kernel
        self.function = kernel.op == .linear ? { $0 } : { K.activation($0, kernel, name) }
    }

    /// A built-in activation by its Keras name. An unknown name traps; use ``named(_:)`` for
    /// names read from a file.
    public init(stringLiteral name: String) {
        do { self = try Activation.named(name) }
        catch { preconditionFailure("\(error)") }
    }

    /// Applies the activation.
    public func callAsFunction(_ x: Tensor) -> Tensor { function(x) }

    public var description: String { name }

    /// The value a Keras 3 layer config records: the name as a string (`"relu"`).
    ///
    /// ```swift
    /// Activation.relu.keras3Config   // "relu"
    /// ```
    public var keras3Config: JSONValue { .string(name) }
}
