/// Sums one step's gradients over the ranks, in buckets (as PyTorch DDP and Horovod do).
///
/// The trainable variables are grouped, last first (the order the backward pass produces their
/// gradients), into buckets of about `bucketByteCount` bytes of one dtype. Each rank scales its
/// gradients by its number of samples `nᵣ` as it packs them; bucket 0 also carries `nᵣ`. When a
/// bucket's gradients are all packed (``ready(_:_:)``, called from the backward pass) its
/// non-blocking all-reduce starts, buckets strictly in order so every rank issues the same
/// collectives; ``finish(_:)`` packs what is left, waits for every bucket and divides by
/// `n = Σ nᵣ`. The result is `Σ nᵣ·gᵣ / n`: the gradient of the mean loss over the global batch,
/// exactly what one process computes for the same batch (up to float summation order), also when
/// the last batch of an epoch splits unevenly.
final class GradientSync {
    private final class Bucket {
        let indices: [Int]
        let offsets: [Int]
        let dtype: DType
        /// Elements including bucket 0's trailing sample count.
        let count: Int
        let buffer: UnsafeMutableRawPointer
        var packed = 0
        var request: Int64 = 0
        var started = false

        init(indices: [Int], offsets: [Int], dtype: DType, count: Int) {
            self.indices = indices
            self.offsets = offsets
            self.dtype = dtype
            self.count = count
            buffer = .allocate(byteCount: max(1, count) * dtype.byteSize, alignment: 64)
        }

        deinit { buffer.deallocate() }
    }

    private let world: Communicator
    private let identities: [ObjectIdentifier]
    private let shapes: [[Int]]
    private var buckets: [Bucket] = []
    /// Variable index → (bucket, position in it).
    private var place: [(bucket: Int, offset: Int)]
    private var delivered: [Bool]
    private var samples = 0
    private var nextToStart = 0
    private var step = 0

    /// Bytes all-reduced per step (gradients and the sample count).
    private(set) var byteCount = 0
    /// The samples of the last finished step over every rank (the global batch).
    private(set) var globalSamples = 0

    init(_ world: Communicator, variables: [Variable], bucketByteCount: Int) {
        self.world = world
        identities = variables.map(ObjectIdentifier.init)
        shapes = variables.map(\.shape)
        place = Array(repeating: (0, 0), count: variables.count)
        delivered = Array(repeating: false, count: variables.count)
        var indices: [Int] = [], offsets: [Int] = [], elements = 0, dtype: DType?
        func close() {
            guard let dtype, !indices.isEmpty else { return }
            let extra = buckets.isEmpty ? 1 : 0
            for (i, index) in indices.enumerated() { place[index] = (buckets.count, offsets[i]) }
            buckets.append(Bucket(indices: indices, offsets: offsets, dtype: dtype, count: elements + extra))
            indices = []; offsets = []; elements = 0
        }
        for index in variables.indices.reversed() {
            let v = variables[index]
            let type: DType = v.dtype == .float64 ? .float64 : .float32
            if dtype != type || (elements > 0 && (elements + v.shape.reduce(1, *)) * type.byteSize > bucketByteCount) {
                close()
                dtype = type
            }
            indices.append(index)
            offsets.append(elements)
            elements += v.shape.reduce(1, *)
        }
        close()
        byteCount = buckets.reduce(0) { $0 + $1.count * $1.dtype.byteSize }
    }

    /// The number of buckets.
    var bucketCount: Int { buckets.count }

    /// Whether this reducer was made for exactly `variables`.
    func matches(_ variables: [Variable]) -> Bool {
        variables.count == identities.count && zip(variables, identities).allSatisfy { ObjectIdentifier($0) == $1 }
    }

    /// Starts a step on a local batch of `samples` rows.
    func begin(samples: Int) {
        self.samples = samples
        step += 1
        nextToStart = 0
        for i in delivered.indices { delivered[i] = false }
        for bucket in buckets { bucket.packed = 0; bucket.started = false; bucket.request = 0 }
    }

    /// Gradient `index` is final: pack it, and start every bucket that is now complete.
    func ready(_ index: Int, _ gradient: Tensor) {
        guard index < delivered.count, !delivered[index] else { return }
        pack(index, gradient)
        startCompleteBuckets()
    }

    /// Packs the gradients not delivered yet (`nil`: zero), completes every bucket and returns
    /// the global gradients.
    func finish(_ gradients: [Tensor?]) -> [Tensor?] {
        for (index, gradient) in gradients.enumerated() where index < delivered.count && !delivered[index] {
            pack(index, gradient)
        }
        startCompleteBuckets()
        var total = Double(samples)
        for (b, bucket) in buckets.enumerated() {
            world.wait(bucket.request, during: "step \(step): gradient bucket \(b + 1) of \(buckets.count)")
            if b == 0 { total = read(bucket, bucket.count - 1) }
        }
        globalSamples = Int(total.rounded())
        let scale = total > 0 ? 1 / total : 0
        return shapes.indices.map { index in unpack(index, scale: scale) }
    }

    // MARK: Packing

    private func pack(_ index: Int, _ gradient: Tensor?) {
        delivered[index] = true
        let (b, offset) = place[index]
        let bucket = buckets[b]
        let count = shapes[index].reduce(1, *)
        let factor = Double(samples)
        if let gradient {
            let g = gradient.dtype == bucket.dtype ? gradient : K.cast(gradient, bucket.dtype)
            if bucket.dtype == .float64 {
                let target = bucket.buffer.assumingMemoryBound(to: Double.self) + offset
                g.withUnsafeBufferPointer(as: Double.self) { for i in 0..<count { target[i] = $0[i] * factor } }
            } else {
                let target = bucket.buffer.assumingMemoryBound(to: Float.self) + offset
                let f = Float(factor)
                g.withUnsafeBufferPointer(as: Float.self) { for i in 0..<count { target[i] = $0[i] * f } }
            }
        } else {
            (bucket.buffer + offset * bucket.dtype.byteSize).initializeMemory(as: UInt8.self, repeating: 0,
                                                                            count: count * bucket.dtype.byteSize)
        }
        bucket.packed += 1
        if b == 0 && bucket.packed == bucket.indices.count { write(bucket, bucket.count - 1, Double(samples)) }
    }

    private func startCompleteBuckets() {
        while nextToStart < buckets.count, buckets[nextToStart].packed == buckets[nextToStart].indices.count {
            let bucket = buckets[nextToStart]
            bucket.request = world.startAllReduce(bucket.buffer, count: bucket.count, dtype: bucket.dtype.abiCode, .sum,
                                                  during: "step \(step): gradient bucket \(nextToStart + 1) of \(buckets.count)")
            bucket.started = true
            nextToStart += 1
        }
    }

    private func unpack(_ index: Int, scale: Double) -> Tensor {
        let (b, offset) = place[index]
        let bucket = buckets[b]
        let count = shapes[index].reduce(1, *)
        var out = Tensor(uninitializedShape: shapes[index], dtype: bucket.dtype)
        if bucket.dtype == .float64 {
            let source = bucket.buffer.assumingMemoryBound(to: Double.self) + offset
            out.withUnsafeMutableBufferPointer(as: Double.self) { for i in 0..<count { $0[i] = source[i] * scale } }
        } else {
            let source = bucket.buffer.assumingMemoryBound(to: Float.self) + offset
            let s = Float(scale)
            out.withUnsafeMutableBufferPointer(as: Float.self) { for i in 0..<count { $0[i] = source[i] * s } }
        }
        return out
    }

    private func read(_ bucket: Bucket, _ i: Int) -> Double {
        bucket.dtype == .float64 ? bucket.buffer.assumingMemoryBound(to: Double.self)[i]
            : Double(bucket.buffer.assumingMemoryBound(to: Float.self)[i])
    }

    private func write(_ bucket: Bucket, _ i: Int, _ value: Double) {
        if bucket.dtype == .float64 { bucket.buffer.assumingMemoryBound(to: Double.self)[i] = value }
        else { bucket.buffer.assumingMemoryBound(to: Float.self)[i] = Float(value) }
    }
}
