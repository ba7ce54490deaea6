import KerasPluginKit

// OpenBLAS's im2col / col2im over the shared ``ConvolutionGeometry`` (KerasKernelTypes, through
// KerasPluginKit): the column matrix of a group spans the whole batch (one row per output
// position of every batch entry) and is built in blocks of rows.
extension ConvolutionGeometry {
    /// Reads the geometry from the input, kernel and output of a kernel call; declines shapes
    /// that do not fit (the host has validated them) and sizes beyond BLAS's 32-bit integers.
    init(input x: TensorView, kernel w: TensorView, output y: TensorView, _ p: ConvolutionParameters) throws {
        if let problem = ConvolutionGeometry.problem(input: x.shape, kernel: w.shape, p) {
            throw KernelError.unimplemented("convolution: \(problem)")
        }
        guard y.rank == x.rank else { throw KernelError.unimplemented("convolution output of rank \(y.rank)") }
        self.init(input: x.shape, kernel: w.shape, output: y.shape, p)
        try requireBLASSizes(rows, columnWidth, outChannels, inChannels)
    }

    /// Rows of the column matrix: every output position of every batch entry.
    var rows: Int { batch * positions }

    /// A pointwise convolution with one group: the input *is* the column matrix of the whole batch.
    var readsInputAsColumns: Bool { isPointwise && groups == 1 }

    /// Rows per block, so that a block's column matrix stays near `budget` elements.
    func blockRows(budget: Int = 1 << 20) -> Int { max(1, min(rows, budget / max(1, columnWidth))) }

    /// im2col: fills `columns` (`rowCount × columnWidth`) with rows `first ..< first + rowCount`
    /// of group `group`'s column matrix.
    func gather<T: BLASScalar>(_ x: UnsafePointer<T>, group: Int, rows first: Int, count rowCount: Int,
                               into columns: UnsafeMutablePointer<T>) {
        let width = columnWidth, channels = inPerGroup
        nonisolated(unsafe) let source = x, target = columns
        PluginThreads.forEachChunk(rowCount, minimumChunk: 64) { range in
            for r in range {
                let rowStart = target + r * width
                forEachTap(row: first + r, group: group) { tap, offset in
                    let dst = rowStart + tap * channels
                    if let offset { dst.update(from: source + offset, count: channels) } else { dst.update(repeating: 0, count: channels) }
                }
            }
        }
    }

    /// col2im: adds rows `first ..< first + rowCount` of a group's column matrix into `dx`
    /// (overlapping windows accumulate). Sequential: windows of neighbouring rows overlap.
    func scatterAdd<T: BLASScalar>(_ columns: UnsafePointer<T>, group: Int, rows first: Int, count rowCount: Int,
                                   into dx: UnsafeMutablePointer<T>) {
        let width = columnWidth, channels = inPerGroup
        for r in 0..<rowCount {
            let rowStart = columns + r * width
            forEachTap(row: first + r, group: group) { tap, offset in
                guard let offset else { return }
                let src = rowStart + tap * channels, dst = dx + offset
                for c in 0..<channels { dst[c] += src[c] }
            }
        }
    }
}
