/// What `fit`, `evaluate` and `predict` ask of ``DataParallel``: the checks before training, the
/// initial weights, this rank's rows, global metrics, and gathered predictions.
extension DataParallel {
    /// Checks the data against the ranks, broadcasts the initial weights from rank 0, and returns
    /// this rank's share of `source`. Throws before any step when the data set is smaller than
    /// the number of ranks or the batch size does not divide by it.
    func prepareFit(_ model: Model, _ source: some BatchSource) throws -> any BatchSource {
        let (samples, batchSize): (Int, Int)
        if let shardable = source as? any ShardableBatchSource {
            (samples, batchSize) = (shardable.sampleCount, shardable.batchSize)
        } else {
            let first = try source.batch(at: 0, epoch: 0).size
            (samples, batchSize) = (source.batchCount > 1 ? first * source.batchCount : first, first)
        }
        guard samples >= size else {
            throw KerasError(.invalidArgument, "fit: the training data holds \(samples) samples, fewer than the \(size) ranks of the data-parallel job; every rank needs at least one sample (use fewer ranks or more data)")
        }
        guard batchSize % size == 0 else {
            throw KerasError(.invalidArgument, "fit: `batchSize` \(batchSize) does not divide by the \(size) ranks of the data-parallel job; DataParallel splits each global batch evenly, so choose a multiple of \(size) (e.g. \(max(size, batchSize / size * size)))")
        }
        broadcastWeights(model)
        return ShardedBatches(base: source, parallel: self)
    }

    /// Rank 0's `value` (exact for integers below 2⁵³).
    func rootValue(_ value: Int, during: String) -> Int {
        var shared = [Double(value)]
        world.broadcast(&shared, root: 0, during: during)
        return Int(shared[0])
    }

    /// This rank's share of `source`, for `evaluate`.
    func shard(_ source: some BatchSource) -> any BatchSource { ShardedBatches(base: source, parallel: self) }

    /// Overwrites every float weight with rank 0's.
    func broadcastWeights(_ model: Model) {
        for dtype in [DType.float32, .float64] {
            let variables = model.weights.filter { $0.dtype == dtype }
            guard !variables.isEmpty else { continue }
            if dtype == .float32 {
                var values = Self.pack(variables, as: Float.self)
                world.broadcast(&values, root: 0, during: "broadcasting the initial weights")
                Self.unpack(values, into: variables)
            } else {
                var values = Self.pack(variables, as: Double.self)
                world.broadcast(&values, root: 0, during: "broadcasting the initial weights")
                Self.unpack(values, into: variables)
            }
        }
    }

    /// Averages the non-trainable float weights (batch-normalisation statistics, which each rank
    /// updates from its own rows) over the ranks; at the end of each epoch.
    func averageNonTrainableWeights(_ model: Model) {
        let variables = model.nonTrainableWeights.filter { $0.dtype == .float32 }
        guard !variables.isEmpty else { return }
        var values = Self.pack(variables, as: Float.self)
        world.allReduce(&values, .mean, during: "averaging the non-trainable weights")
        Self.unpack(values, into: variables)
    }

    /// The trackers' results over every rank's samples: their running totals and counts summed
    /// over the ranks (the local state is left as it was). A metric that does not expose its
    /// state (``Metric/stateValues``) reports rank 0's value.
    func globalResults(_ trackers: [Metric]) -> [Double] {
        let states = trackers.map(\.stateValues)
        var flat = states.flatMap { $0 ?? [] }
        if !flat.isEmpty { world.allReduce(&flat, .sum, during: "summing the metrics") }
        var local = trackers.map { $0.stateValues == nil ? $0.result() : 0 }
        if states.contains(where: { $0 == nil }) {
            world.broadcast(&local, root: 0, during: "sharing rank 0's custom metrics")
        }
        var offset = 0
        return zip(trackers, states).enumerated().map { i, pair in
            let (tracker, state) = pair
            guard let state else { return local[i] }
            tracker.stateValues = Array(flat[offset ..< offset + state.count])
            defer { tracker.stateValues = state }
            offset += state.count
            return tracker.result()
        }
    }

    /// `body`'s outputs for this rank's rows of `x`, gathered from every rank in row order.
    func gatherPredictions(_ x: [Tensor], _ body: ([Tensor]) throws -> [Tensor]) throws -> [Tensor] {
        let count = x.first?.shape.first ?? 0
        let rows = shard(of: count)
        let widest = (count + size - 1) / size
        // A rank without rows (a batch smaller than the job) runs one row it then drops, so that
        // it knows the outputs' shapes and joins the gathers.
        let outputs = try body(x.map { Rows.slice($0, rows.isEmpty ? 0 ..< min(1, count) : rows) })
        return outputs.map { output in
            let sampleShape = Array(output.shape.dropFirst())
            let width = sampleShape.reduce(1, *)
            var local = [Float](repeating: 0, count: widest * width)
            if !rows.isEmpty {
                K.cast(output, .float32).withUnsafeBufferPointer(as: Float.self) { for i in 0 ..< $0.count { local[i] = $0[i] } }
            }
            let gathered = world.allGather(local, during: "predict: gathering the outputs")
            var result = Tensor(uninitializedShape: [count] + sampleShape, dtype: .float32)
            result.withUnsafeMutableBufferPointer(as: Float.self) { target in
                var offset = 0
                for r in 0 ..< size {
                    let n = (count * (r + 1) / size - count * r / size) * width
                    for i in 0 ..< n { target[offset + i] = gathered[r * widest * width + i] }
                    offset += n
                }
            }
            return output.dtype == .float32 ? result : K.cast(result, output.dtype)
        }
    }

    // MARK: Weights as flat arrays

    static func pack<T: TensorScalar & BinaryFloatingPoint>(_ variables: [Variable], as: T.Type) -> [T] {
        var values: [T] = []
        values.reserveCapacity(variables.reduce(0) { $0 + $1.shape.reduce(1, *) })
        for v in variables { v.numpy.withUnsafeBufferPointer(as: T.self) { values.append(contentsOf: $0) } }
        return values
    }

    static func unpack<T: TensorScalar & BinaryFloatingPoint>(_ values: [T], into variables: [Variable]) {
        var offset = 0
        for v in variables {
            let count = v.shape.reduce(1, *)
            v.update { tensor in
                tensor.withUnsafeMutableBufferPointer(as: T.self) { target in
                    for i in 0 ..< count { target[i] = values[offset + i] }
                }
            }
            offset += count
        }
    }
}
