import Synchronization

/// A named, mutable tensor: a layer weight, an optimizer slot, a BatchNormalization statistic.
///
/// A class, because a variable has identity: layers, optimizers and the autodiff graph refer to
/// the same one. Reading ``value`` yields a tensor that is differentiated with respect to this
/// variable; assignments replace the value in place when nothing else holds its storage.
///
/// ```swift
/// let v = Variable(Tensor([[1, 2], [3, 4]]), name: "kernel")
/// v.assign(K.add(v.value, 1))
/// ```
///
/// Mirrors `K.variable` / `keras.Variable`.
public final class Variable: @unchecked Sendable, CustomStringConvertible {
    private static let uid = Atomic<Int>(0)

    /// The variable's name (`"dense_1/kernel"`).
    public var name: String
    /// Whether optimizers update it.
    public var trainable: Bool
    /// Applied after each optimizer update (Keras's `constraint`).
    public var constraint: (@Sendable (Tensor) -> Tensor)?

    private var stored: Tensor
    /// The autodiff leaf for reads of this variable.
    let leafNode: GradNode

    /// Creates a variable holding `initialValue`.
    public init(_ initialValue: Tensor, name: String? = nil, trainable: Bool = true,
                constraint: (@Sendable (Tensor) -> Tensor)? = nil) {
        stored = initialValue.detached
        self.name = name ?? "variable_\(Variable.uid.wrappingAdd(1, ordering: .relaxed).newValue)"
        self.trainable = trainable
        self.constraint = constraint
        leafNode = .leaf(shape: initialValue.shape, dtype: initialValue.dtype)
        leafNode.variable = self
    }

    public var shape: [Int] { stored.shape }
    public var dtype: DType { stored.dtype }

    /// The current value, linked to this variable in the autodiff graph.
    public var value: Tensor {
        var v = stored
        v.gradNode = leafNode
        return v
    }

    /// The current value without an autodiff link (`K.get_value`).
    public var numpy: Tensor { stored }

    /// Replaces the value (`K.set_value`, `variable.assign`). Shape and dtype must not change.
    public func assign(_ newValue: Tensor) {
        precondition(newValue.shape == stored.shape && newValue.dtype == stored.dtype,
                     "Variable \(name): cannot assign \(newValue.dtype) \(newValue.shape) to \(stored.dtype) \(stored.shape)")
        stored = newValue.detached
    }

    /// Updates the value in place through `body`, copying only when the storage is shared.
    public func update<Result>(_ body: (inout Tensor) throws -> Result) rethrows -> Result {
        try body(&stored)
    }

    public var description: String { "<Variable '\(name)' shape=\(shape) dtype=\(dtype)>\n\(stored)" }
}
