extension K {
    /// Whether each target class is among the `k` highest predictions of its row.
    ///
    /// `predictions` `(batch, classes)` float, `targets` `(batch,)` integer class indices;
    /// returns `bool` `(batch,)`. As in TensorFlow, ties at the boundary all count as in the
    /// top k (a target is in when fewer than `k` classes score strictly higher), and a row with
    /// a non-finite prediction or an out-of-range target gives `false`.
    ///
    /// Keras: `K.in_top_k(predictions, targets, k)`.
    ///
    /// ```swift
    /// K.inTopK(Tensor([[0.1, 0.7, 0.2]]), Tensor([2], dtype: .int32), k: 2)   // [true]
    /// ```
    public static func inTopK(_ predictions: Tensor, _ targets: Tensor, k: Int) -> Tensor {
        let op = "K.in_top_k"
        requireFloat(predictions, op, "predictions")
        precondition(predictions.rank == 2, "\(op): predictions must be (batch, classes), received \(predictions.shape)")
        precondition(targets.dtype.isInteger, "\(op): targets must be integers, received \(targets.dtype)")
        precondition(targets.rank == 1 && targets.shape[0] == predictions.shape[0],
                     "\(op): targets must be (batch,) = (\(predictions.shape[0]),), received \(targets.shape)")
        let classes = predictions.shape[1]
        let p = predictions.detached
        let labels = backend.cast(targets.detached, to: .int64).reshapedStorage(to: [targets.count, 1])
        let classIndices = Tensor((0..<Int64(classes)).map { $0 }, shape: [1, classes])
        let isTarget = backend.binary(.equal, labels, classIndices)                       // (batch, classes)
        // The target's score; rows whose target is out of range have none.
        let lowest = K.kernels.scalar(-Double.infinity, like: p)
        let targetScore = backend.reduce(.max, K.kernels.select(isTarget, p, lowest), axes: [1], keepDims: true)
        let higher = K.kernels.mask(backend.binary(.greater, p, targetScore), dtype: .int32)
        let higherCount = backend.reduce(.sum, higher, axes: [1], keepDims: false)
        let withinK = backend.binary(.less, higherCount, Tensor(Int32(clamping: k)))
        let hasTarget = backend.reduce(.any, isTarget, axes: [1], keepDims: false)
        let allFinite = backend.reduce(.all, backend.unary(.isFinite, p), axes: [1], keepDims: false)
        return backend.binary(.logicalAnd, withinK, backend.binary(.logicalAnd, hasTarget, allFinite))
    }
}
