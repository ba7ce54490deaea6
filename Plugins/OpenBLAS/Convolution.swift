import KerasPluginKit

/// Convolution forward and both backward passes as im2col + GEMM, block by block of output
/// positions so the column matrix stays small. A pointwise convolution (1×1, unit strides, no
/// padding) skips im2col: the input is already the column matrix.
enum Convolution {
    static func forward(_ x: TensorView, _ w: TensorView, _ p: ConvolutionParameters, _ y: TensorView) throws {
        switch x.dtype {
        case .float32: try forward(x, w, p, y, as: Float.self)
        case .float64: try forward(x, w, p, y, as: Double.self)
        default: throw KernelError.unimplemented("convolution of \(String(describing: x.dtype)) tensors")
        }
    }

    static func backwardInput(_ dy: TensorView, _ w: TensorView, _ p: ConvolutionParameters, _ dx: TensorView) throws {
        switch dy.dtype {
        case .float32: try backwardInput(dy, w, p, dx, as: Float.self)
        case .float64: try backwardInput(dy, w, p, dx, as: Double.self)
        default: throw KernelError.unimplemented("convolution of \(String(describing: dy.dtype)) tensors")
        }
    }

    static func backwardKernel(_ x: TensorView, _ dy: TensorView, _ p: ConvolutionParameters, _ dw: TensorView) throws {
        switch x.dtype {
        case .float32: try backwardKernel(x, dy, p, dw, as: Float.self)
        case .float64: try backwardKernel(x, dy, p, dw, as: Double.self)
        default: throw KernelError.unimplemented("convolution of \(String(describing: x.dtype)) tensors")
        }
    }

    /// `y[rows, group] = columns · kernel[:, group]`.
    private static func forward<T: BLASScalar>(_ x: TensorView, _ w: TensorView, _ p: ConvolutionParameters,
                                               _ y: TensorView, as: T.Type) throws {
        let layout = try ConvolutionGeometry(input: x, kernel: w, output: y, p)
        let px = x.pointer(as: T.self), pw = w.pointer(as: T.self), py = y.pointer(as: T.self)
        guard y.count > 0 else { return }
        guard layout.columnWidth > 0 else { return py.update(repeating: 0, count: y.count) }
        if layout.readsInputAsColumns {
            T.gemm(transposeA: false, transposeB: false, m: layout.rows, n: layout.outChannels, k: layout.inChannels,
                   alpha: 1, a: px, lda: layout.inChannels, b: pw, ldb: layout.outChannels, beta: 0, c: py, ldc: layout.outChannels)
            return
        }
        let block = layout.blockRows()
        let columns = UnsafeMutablePointer<T>.allocate(capacity: block * layout.columnWidth)
        defer { columns.deallocate() }
        for first in stride(from: 0, to: layout.rows, by: block) {
            let count = min(block, layout.rows - first)
            for g in 0..<layout.groups {
                layout.gather(px, group: g, rows: first, count: count, into: columns)
                T.gemm(transposeA: false, transposeB: false, m: count, n: layout.outPerGroup, k: layout.columnWidth,
                       alpha: 1, a: columns, lda: layout.columnWidth, b: pw + g * layout.outPerGroup, ldb: layout.outChannels,
                       beta: 0, c: py + first * layout.outChannels + g * layout.outPerGroup, ldc: layout.outChannels)
            }
        }
    }

    /// `dcolumns = dy[rows, group] · kernel[:, group]ᵀ`, then col2im into `dx`.
    private static func backwardInput<T: BLASScalar>(_ dy: TensorView, _ w: TensorView, _ p: ConvolutionParameters,
                                                     _ dx: TensorView, as: T.Type) throws {
        let layout = try ConvolutionGeometry(input: dx, kernel: w, output: dy, p)
        let pdy = dy.pointer(as: T.self), pw = w.pointer(as: T.self), pdx = dx.pointer(as: T.self)
        guard dx.count > 0 else { return }
        if layout.readsInputAsColumns {
            T.gemm(transposeA: false, transposeB: true, m: layout.rows, n: layout.inChannels, k: layout.outChannels,
                   alpha: 1, a: pdy, lda: layout.outChannels, b: pw, ldb: layout.outChannels, beta: 0, c: pdx, ldc: layout.inChannels)
            return
        }
        pdx.update(repeating: 0, count: dx.count)
        guard layout.rows > 0, layout.outPerGroup > 0 else { return }
        let block = layout.blockRows()
        let columns = UnsafeMutablePointer<T>.allocate(capacity: block * layout.columnWidth)
        defer { columns.deallocate() }
        for first in stride(from: 0, to: layout.rows, by: block) {
            let count = min(block, layout.rows - first)
            for g in 0..<layout.groups {
                T.gemm(transposeA: false, transposeB: true, m: count, n: layout.columnWidth, k: layout.outPerGroup,
                       alpha: 1, a: pdy + first * layout.outChannels + g * layout.outPerGroup, lda: layout.outChannels,
                       b: pw + g * layout.outPerGroup, ldb: layout.outChannels, beta: 0, c: columns, ldc: layout.columnWidth)
                layout.scatterAdd(columns, group: g, rows: first, count: count, into: pdx)
            }
        }
    }

    /// `dkernel[:, group] += columnsᵀ · dy[rows, group]`, summed over the blocks.
    private static func backwardKernel<T: BLASScalar>(_ x: TensorView, _ dy: TensorView, _ p: ConvolutionParameters,
                                                      _ dw: TensorView, as: T.Type) throws {
        let layout = try ConvolutionGeometry(input: x, kernel: dw, output: dy, p)
        let px = x.pointer(as: T.self), pdy = dy.pointer(as: T.self), pdw = dw.pointer(as: T.self)
        guard dw.count > 0 else { return }
        guard layout.rows > 0 else { return pdw.update(repeating: 0, count: dw.count) }
        if layout.readsInputAsColumns {
            T.gemm(transposeA: true, transposeB: false, m: layout.inChannels, n: layout.outChannels, k: layout.rows,
                   alpha: 1, a: px, lda: layout.inChannels, b: pdy, ldb: layout.outChannels, beta: 0, c: pdw, ldc: layout.outChannels)
            return
        }
        let block = layout.blockRows()
        let columns = UnsafeMutablePointer<T>.allocate(capacity: block * layout.columnWidth)
        defer { columns.deallocate() }
        for first in stride(from: 0, to: layout.rows, by: block) {
            let count = min(block, layout.rows - first)
            for g in 0..<layout.groups {
                layout.gather(px, group: g, rows: first, count: count, into: columns)
                T.gemm(transposeA: true, transposeB: false, m: layout.columnWidth, n: layout.outPerGroup, k: count,
                       alpha: 1, a: columns, lda: layout.columnWidth, b: pdy + first * layout.outChannels + g * layout.outPerGroup,
                       ldb: layout.outChannels, beta: first == 0 ? 0 : 1, c: pdw + g * layout.outPerGroup, ldc: layout.outChannels)
            }
        }
    }
}
