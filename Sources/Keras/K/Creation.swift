import KerasKernelTypes
/// Tensors made from a shape or a value: `zeros`, `ones`, `eye`, `zerosLike`, `onesLike`,
/// `arange`, `constant`. None of them is differentiated.
extension K {
    /// A tensor of `shape` filled with 0, of `dtype` (default `floatx()`).
    ///
    /// Keras: `K.zeros(shape, dtype)` — which returns a variable there; wrap the result in
    /// ``variable(_:dtype:name:)`` for one.
    ///
    /// ```swift
    /// K.zeros([2, 3])   // float32 [[0, 0, 0], [0, 0, 0]]
    /// ```
    public static func zeros(_ shape: [Int], dtype: DType? = nil) -> Tensor {
        filled(shape, 0, dtype ?? floatx(), "K.zeros")
    }

    /// A tensor of `shape` filled with 1, of `dtype` (default `floatx()`). Keras: `K.ones(shape, dtype)`.
    ///
    /// ```swift
    /// K.ones([3, 2], dtype: .int32)   // [[1, 1], [1, 1], [1, 1]]
    /// ```
    public static func ones(_ shape: [Int], dtype: DType? = nil) -> Tensor {
        filled(shape, 1, dtype ?? floatx(), "K.ones")
    }

    /// The `size × size` identity matrix of `dtype` (default `floatx()`). Keras: `K.eye(size)`.
    ///
    /// ```swift
    /// K.eye(2)   // [[1, 0], [0, 1]]
    /// ```
    public static func eye(_ size: Int, dtype: DType? = nil) -> Tensor {
        eye(size, size, dtype: dtype)
    }

    /// The `rows × columns` matrix with ones on the main diagonal. Keras 2.3.1: `K.eye((n, m))`.
    ///
    /// ```swift
    /// K.eye(2, 3)   // [[1, 0, 0], [0, 1, 0]]
    /// ```
    public static func eye(_ rows: Int, _ columns: Int, dtype: DType? = nil) -> Tensor {
        var t = filled([rows, columns], 0, dtype ?? floatx(), "K.eye")
        for i in 0..<Swift.min(rows, columns) { t.setElement(i * columns + i, 1) }
        return t
    }

    /// Zeros with `x`'s shape, and `x`'s dtype unless `dtype` is given (tf_keras 2.21 keeps the
    /// input dtype). Keras: `K.zeros_like(x, dtype)`.
    ///
    /// ```swift
    /// K.zerosLike(Tensor([1, 2], dtype: .int32))   // int32 [0, 0]
    /// ```
    public static func zerosLike(_ x: Tensor, dtype: DType? = nil) -> Tensor {
        Tensor(shape: x.shape, repeating: 0, dtype: dtype ?? x.dtype)
    }

    /// Ones with `x`'s shape, and `x`'s dtype unless `dtype` is given. Keras: `K.ones_like(x, dtype)`.
    ///
    /// ```swift
    /// K.onesLike(Tensor([[1, 2]]))   // [[1, 1]]
    /// ```
    public static func onesLike(_ x: Tensor, dtype: DType? = nil) -> Tensor {
        Tensor(shape: x.shape, repeating: 1, dtype: dtype ?? x.dtype)
    }

    /// The 1-D sequence `start, start + step, …` up to but excluding `stop`.
    ///
    /// With only one number it is the stop, counting from 0, and a negative one gives an empty
    /// tensor (the Theano/numpy convention Keras keeps). `dtype` defaults to `int32`; the values
    /// are computed in `Double` and converted (truncating for integers). `step` must not be 0.
    /// Keras: `K.arange(start, stop=None, step=1, dtype='int32')`.
    ///
    /// ```swift
    /// K.arange(5)                      // [0, 1, 2, 3, 4]
    /// K.arange(10, stop: 2, step: -2)  // [10, 8, 6, 4]
    /// K.arange(0, stop: 3, step: 0.5, dtype: .float32)   // [0, 0.5, …, 2.5]
    /// ```
    public static func arange(_ start: Double, stop: Double? = nil, step: Double = 1, dtype: DType = .int32) -> Tensor {
        precondition(step != 0 && step.isFinite, "K.arange: step must be a finite non-zero number, received \(step)")
        let (first, limit) = stop.map { (start, $0) } ?? (0, Swift.max(start, 0))
        let span = ((limit - first) / step).rounded(.up)
        precondition(span.isFinite, "K.arange: start \(first) and stop \(limit) must be finite")
        let count = Swift.max(0, Int(span))
        return Tensor((0..<count).map { first + Double($0) * step }, shape: [count], dtype: dtype)
    }

    /// A constant tensor from a number or a nested array literal, of `dtype` (default
    /// `floatx()`), optionally given a `shape`: one value is repeated to fill it, otherwise the
    /// element count must match. Keras: `K.constant(value, dtype, shape)`.
    ///
    /// ```swift
    /// K.constant(2, shape: [2, 2])        // [[2, 2], [2, 2]]
    /// K.constant([1, 2, 3, 4], shape: [2, 2])
    /// ```
    public static func constant<L: TensorLiteral>(_ value: L, dtype: DType? = nil, shape: [Int]? = nil) -> Tensor {
        constant(Tensor(value, dtype: dtype ?? floatx()), dtype: nil, shape: shape)
    }

    /// A constant tensor with the values of `value`, cast to `dtype` when given, optionally
    /// given a `shape` (a one-element value is repeated to fill it). Not differentiated.
    ///
    /// ```swift
    /// K.constant(Tensor([1, 2]), dtype: .float64)
    /// ```
    public static func constant(_ value: Tensor, dtype: DType? = nil, shape: [Int]? = nil) -> Tensor {
        var t = value.detached
        if let dtype, dtype != t.dtype { t = backend.cast(t, to: dtype) }
        guard let shape else { return t }
        precondition(shape.allSatisfy { $0 >= 0 }, "K.constant: invalid shape \(shape)")
        let count = shape.reduce(1, *)
        if t.count == 1 && count != 1 { return Tensor(shape: shape, repeating: t.element(0), dtype: t.dtype) }
        precondition(t.count == count, "K.constant: \(t.count) values do not fill shape \(shape)")
        return t.reshapedStorage(to: shape)
    }

    private static func filled(_ shape: [Int], _ value: Double, _ dtype: DType, _ op: String) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "\(op): dimensions must be ≥ 0, received \(shape)")
        return Tensor(shape: shape, repeating: value, dtype: dtype)
    }
}
