import KerasPluginKit

/// Row-major layouts of host tensors, described to oneDNN.
enum Layout {
    /// oneDNN's limit on the number of dimensions (`DNNL_MAX_NDIMS`).
    static let maximumRank = 12

    /// Element strides of a dense row-major tensor of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= max(shape[axis], 1)
        }
        return strides
    }

    /// The host tensor `t` as it lies in memory (rank 0 becomes the 1-element vector `[1]`).
    static func plain(_ t: TensorView) throws -> MemoryDescriptor {
        let shape = t.rank == 0 ? [1] : t.shape
        return try MemoryDescriptor(dims: shape, strides: strides(shape))
    }

    /// `shape` with leading ones up to `rank`.
    static func padded(_ shape: [Int], to rank: Int) -> [Int] {
        [Int](repeating: 1, count: max(0, rank - shape.count)) + shape
    }

    /// Whether every operand is float32 and at most ``maximumRank``-dimensional.
    static func isPlainFloat32(_ tensors: [TensorView]) -> Bool {
        tensors.allSatisfy { $0.dtype == .float32 && $0.rank <= maximumRank }
    }
}
