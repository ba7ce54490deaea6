/// Unrecorded kernel arithmetic on one backend: the one helper the NN functions of `K`
/// (`K.kernels`, on the active backend), their backward closures and the backends' composite
/// kernels (on the backend being composed) write their math with.
///
/// Each function runs one backend kernel and records nothing: the NN functions compute their
/// forward pass with them and then attach one hand-written backward closure, which is faster and
/// numerically tighter than recording every intermediate step. Backward closures run with
/// recording off, so they use the same helper.
///
/// ```swift
/// let math = KernelMath(ReferenceBackend.shared)
/// math.add(Tensor([1, 2]), 1)   // [2, 3], not recorded
/// ```
struct KernelMath {
    let backend: any Backend

    init(_ backend: any Backend) { self.backend = backend }

    /// A rank-0 tensor of `like`'s dtype.
    func scalar(_ value: Double, like x: Tensor) -> Tensor { Tensor(scalar: value, dtype: x.dtype) }

    func add(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.add, a, b) }
    func subtract(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.subtract, a, b) }
    func multiply(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.multiply, a, b) }
    func divide(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.divide, a, b) }
    func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.maximum, a, b) }
    func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.minimum, a, b) }

    func add(_ a: Tensor, _ b: Double) -> Tensor { add(a, scalar(b, like: a)) }
    func multiply(_ a: Tensor, _ b: Double) -> Tensor { multiply(a, scalar(b, like: a)) }

    /// `op(x)` element-wise.
    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor { backend.unary(op, x) }

    /// `x op value` element-wise, as a `bool` tensor.
    func compare(_ op: BinaryOp, _ x: Tensor, _ value: Double) -> Tensor {
        backend.binary(op, x, scalar(value, like: x))
    }

    /// A `bool` tensor as 0/1 values of `dtype`.
    func mask(_ condition: Tensor, dtype: DType) -> Tensor { backend.cast(condition, to: dtype) }

    /// `condition ? a : b` with broadcasting.
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor { backend.select(condition, a, b) }

    /// `g` where `condition` holds, zero elsewhere (shape of the broadcast).
    func keep(_ g: Tensor, where condition: Tensor) -> Tensor { select(condition, g, scalar(0, like: g)) }

    /// Sum over `axes`, keeping them as size-1 dimensions unless told otherwise.
    func sum(_ x: Tensor, axes: [Int], keepDims: Bool = true) -> Tensor {
        backend.reduce(.sum, x, axes: axes, keepDims: keepDims)
    }

    /// `x.shape` with a size-1 dimension inserted at `axis` (the shape of a keep-dims reduction).
    func keptShape(_ shape: [Int], removing axis: Int) -> [Int] {
        var kept = shape
        kept[axis] = 1
        return kept
    }

    /// The permutation that moves `axis` to the end, and its inverse.
    func moveToEnd(axis: Int, rank: Int) -> (forward: [Int], inverse: [Int]) {
        let forward = (0..<rank).filter { $0 != axis } + [axis]
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in forward.enumerated() { inverse[p] = i }
        return (forward, inverse)
    }
}
