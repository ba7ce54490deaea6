/// Control flow: `switch`, `in_train_phase`, `in_test_phase`.
extension K {
    /// Chooses between two tensors by a condition (cast to `bool` when it is not).
    ///
    /// * A scalar condition picks one branch whole (`tf.cond`); the branches need not be
    ///   evaluated both — see the closure overload.
    /// * A tensor condition picks element-wise (`tf.where`). A condition of lower rank than the
    ///   branches gets trailing size-1 axes and is broadcast, so a `(batch,)` or `(batch, time)`
    ///   condition selects whole rows; its rank may not exceed the branches'.
    ///
    /// The gradient flows to the chosen elements only.
    ///
    /// Keras: `K.switch(condition, then_expression, else_expression)`.
    ///
    /// ```swift
    /// K.switch(Tensor([true, false]), Tensor([1, 2]), Tensor([10, 20]))   // [1, 20]
    /// ```
    public static func `switch`(_ condition: Tensor, _ thenExpression: Tensor, _ elseExpression: Tensor) -> Tensor {
        `switch`(condition, then: { thenExpression }, else: { elseExpression })
    }

    /// ``switch(_:_:_:)`` with lazily built branches: for a scalar condition only the chosen
    /// closure runs; for a tensor condition both run.
    ///
    /// Keras: `K.switch(condition, then_fn, else_fn)` with callables.
    ///
    /// ```swift
    /// K.switch(Tensor(true), then: { K.relu(x) }, else: { x })
    /// ```
    public static func `switch`(_ condition: Tensor, then thenBranch: () -> Tensor, else elseBranch: () -> Tensor) -> Tensor {
        let op = "K.switch"
        let c = condition.dtype == .bool ? condition.detached : backend.cast(condition.detached, to: .bool)
        if c.rank == 0 {
            return c.item != 0 ? thenBranch() : elseBranch()
        }
        let a = thenBranch(), b = elseBranch()
        requireSameDType(a, b, op, ("then_expression", "else_expression"))
        let branchShape = Shape.broadcast(a.shape, b.shape, op: op)
        precondition(c.rank <= branchShape.count,
                     "\(op): rank of the condition (\(c.rank), shape \(c.shape)) should be less than or equal to the rank of the branches (\(branchShape.count), shape \(branchShape))")
        let aligned = c.reshapedStorage(to: c.shape + [Int](repeating: 1, count: branchShape.count - c.rank))
        let outputShape = Shape.broadcast(aligned.shape, branchShape, op: op)
        precondition(outputShape == branchShape,
                     "\(op): condition of shape \(c.shape) does not fit branches of shape \(branchShape)")
        let y = backend.select(aligned, a.detached, b.detached)
        return y.recorded(from: [a, b]) { g in
            let zero = K.kernels.scalar(0, like: g)
            return [unbroadcast(K.kernels.select(aligned, g, zero), to: a.shape),
                    unbroadcast(K.kernels.select(aligned, zero, g), to: b.shape)]
        }
    }

    /// `x` in the training phase, `alt` otherwise. `training: nil` reads ``learningPhase()``.
    ///
    /// Keras: `K.in_train_phase(x, alt, training=None)`.
    ///
    /// ```swift
    /// K.inTrainPhase(dropped, x, training: true)   // dropped
    /// ```
    public static func inTrainPhase(_ x: Tensor, _ alt: Tensor, training: Bool? = nil) -> Tensor {
        (training ?? (learningPhase() == 1)) ? x : alt
    }

    /// ``inTrainPhase(_:_:training:)`` with lazily built branches: only the chosen one runs.
    ///
    /// ```swift
    /// K.inTrainPhase({ K.dropout(x, level: 0.5) }, { x }, training: nil)
    /// ```
    public static func inTrainPhase(_ x: () -> Tensor, _ alt: () -> Tensor, training: Bool? = nil) -> Tensor {
        (training ?? (learningPhase() == 1)) ? x() : alt()
    }

    /// ``inTrainPhase(_:_:training:)`` with the phase given as a tensor (a scalar chooses a
    /// branch; a tensor selects element-wise, as ``switch(_:_:_:)``).
    ///
    /// ```swift
    /// K.inTrainPhase(x, alt, training: Tensor(1))
    /// ```
    public static func inTrainPhase(_ x: Tensor, _ alt: Tensor, training: Tensor) -> Tensor {
        `switch`(training, x, alt)
    }

    /// `x` in the test phase, `alt` in training: `inTrainPhase(alt, x, training)`.
    ///
    /// Keras: `K.in_test_phase(x, alt, training=None)`.
    ///
    /// ```swift
    /// K.inTestPhase(x, noisy, training: false)   // x
    /// ```
    public static func inTestPhase(_ x: Tensor, _ alt: Tensor, training: Bool? = nil) -> Tensor {
        inTrainPhase(alt, x, training: training)
    }

    /// ``inTestPhase(_:_:training:)`` with lazily built branches.
    ///
    /// ```swift
    /// K.inTestPhase({ x }, { K.dropout(x, level: 0.5) })
    /// ```
    public static func inTestPhase(_ x: () -> Tensor, _ alt: () -> Tensor, training: Bool? = nil) -> Tensor {
        inTrainPhase(alt, x, training: training)
    }

    /// ``inTestPhase(_:_:training:)`` with the phase given as a tensor.
    ///
    /// ```swift
    /// K.inTestPhase(x, alt, training: Tensor(0))   // x
    /// ```
    public static func inTestPhase(_ x: Tensor, _ alt: Tensor, training: Tensor) -> Tensor {
        `switch`(training, alt, x)
    }
}
