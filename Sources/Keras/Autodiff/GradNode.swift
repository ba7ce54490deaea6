import Synchronization

/// A node of the autodiff graph: the op that produced a tensor, how to pull a cotangent back
/// through it, and the nodes of its inputs.
///
/// Nodes are created only while gradients are recorded and at least one input is being
/// differentiated (it descends from a ``Variable`` or a watched tensor), so inference pays a
/// nil check per op and nothing more. Node ids grow with creation, so sorting by id is a
/// topological order.
final class GradNode: @unchecked Sendable {
    private static let counter = Atomic<Int>(0)

    /// Creation order; larger ids were created later.
    let id: Int
    /// Nodes of the op's inputs (nil for inputs that are not differentiated).
    let parents: [GradNode?]
    /// Maps the cotangent of the output to the cotangents of the inputs (nil: no gradient).
    let backward: ((Tensor) -> [Tensor?])?
    /// The shape and dtype of the output, for zero cotangents.
    let shape: [Int]
    let dtype: DType
    /// Set for the leaf node of a variable.
    weak var variable: Variable?
    /// The layer whose call recorded the node, while a ``StepProfiler`` records (else nil).
    let layer: String?

    init(parents: [GradNode?], shape: [Int], dtype: DType, backward: ((Tensor) -> [Tensor?])?) {
        id = GradNode.counter.wrappingAdd(1, ordering: .relaxed).newValue
        self.parents = parents
        self.shape = shape
        self.dtype = dtype
        self.backward = backward
        layer = StepProfiler.current?.currentLayer
    }

    /// A leaf: the start of differentiation (a variable read or a watched tensor).
    static func leaf(shape: [Int], dtype: DType) -> GradNode {
        GradNode(parents: [], shape: shape, dtype: dtype, backward: nil)
    }
}

/// Whether ops record the autodiff graph on this thread (task).
enum GradientRecording {
    @TaskLocal static var isEnabled = true
}

extension Tensor {
    /// Whether this tensor takes part in differentiation.
    public var isDifferentiated: Bool { gradNode != nil }

    /// `self` as the output of an op on `inputs`, with `backward` mapping the output's
    /// cotangent to one cotangent per input (nil where none flows).
    ///
    /// Records only when recording is on and some input is differentiated; otherwise returns
    /// `self` unchanged. Every differentiable `K` function ends with this call.
    func recorded(from inputs: [Tensor], _ backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard GradientRecording.isEnabled, inputs.contains(where: { $0.gradNode != nil }) else { return self }
        var out = self
        out.gradNode = GradNode(parents: inputs.map(\.gradNode), shape: shape, dtype: dtype, backward: backward)
        return out
    }

    /// The same values cut from the autodiff graph (`K.stopGradient`).
    public var detached: Tensor {
        var out = self
        out.gradNode = nil
        return out
    }
}
