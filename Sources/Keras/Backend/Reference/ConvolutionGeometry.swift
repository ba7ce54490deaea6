import KerasKernelTypes

// The reference backend's im2col / col2im over the shared ``ConvolutionGeometry``
// (KerasKernelTypes): column buffers, the batch loop, and contiguous runs of taps.
extension ConvolutionGeometry {
    /// The geometry of a validated convolution: traps with `op` and the problem otherwise
    /// (`K` has checked the shapes; this guards the backend's own callers).
    init(input inputShape: [Int], kernel kernelShape: [Int], _ p: ConvolutionParameters, op: String) {
        if let problem = ConvolutionGeometry.problem(input: inputShape, kernel: kernelShape, p) {
            preconditionFailure("\(op): \(problem)")
        }
        self.init(input: inputShape, kernel: kernelShape, p)
    }

    /// Row stride of the matrix ``columns(_:group:into:)`` returns.
    var columnStride: Int { isPointwise ? inChannels : columnWidth }

    /// A buffer for one column matrix, or `nil` when the input is used directly.
    func allocateColumns<T>(_ type: T.Type) -> UnsafeMutablePointer<T>? {
        isPointwise ? nil : UnsafeMutablePointer<T>.allocateAligned(count: positions * columnWidth)
    }

    /// Runs `body` over the batch: in parallel chunks (single-threaded GEMMs) when the batch can
    /// feed every thread, else in one chunk whose GEMMs use every thread.
    func forEachBatchEntry(_ body: (Range<Int>, _ parallelGEMM: Bool) -> Void) {
        if KerasConfig.threads > 1 && batch >= KerasConfig.threads {
            Parallel.forEachChunk(batch) { body($0, false) }
        } else {
            body(0..<batch, true)
        }
    }

    /// The column matrix of batch entry `x` (pointing at its first element) for `group`: `x`
    /// itself for a pointwise convolution, else im2col into `buffer` (zeros at padding).
    func columns<T: BinaryFloatingPoint>(_ x: UnsafePointer<T>, group: Int,
                                         into buffer: UnsafeMutablePointer<T>?) -> UnsafePointer<T> {
        guard let buffer else { return x + group * inPerGroup }
        let cg = inPerGroup
        forEachRun { row, tap, taps, source in
            let dst = buffer + row * columnWidth + tap * cg
            if let source {
                dst.update(from: x + source + group * cg, count: taps * cg)
            } else {
                dst.update(repeating: 0, count: taps * cg)
            }
        }
        return UnsafePointer(buffer)
    }

    /// col2im: adds each entry of the column matrix `columns` (row stride `columnWidth`) onto the
    /// input element of batch entry `dx` it was read from (padding entries are dropped).
    func addColumns<T: GEMMScalar>(_ columns: UnsafePointer<T>, group: Int, into dx: UnsafeMutablePointer<T>) {
        let cg = inPerGroup
        forEachRun { row, tap, taps, source in
            guard let source else { return }
            GEMM.axpy(1, columns + row * columnWidth + tap * cg, dx + source + group * cg, taps * cg)
        }
    }

    /// Like ``forEachTap(_:)``, but calls `body(row, tap, taps, offset)` once per run of `taps`
    /// consecutive taps whose column entries and input elements are both contiguous: with one
    /// group and unit dilation along x, neighbouring x taps read neighbouring pixels, so the
    /// in-bounds part of each kernel row is one run (and each padding side another).
    @inline(__always)
    private func forEachRun(_ body: (Int, Int, Int, Int?) -> Void) {
        guard groups == 1 && dilations[2] == 1 else {
            forEachTap { row, tap, source in body(row, tap, 1, source) }
            return
        }
        let kw = kernel[2]
        var row = 0
        for oz in 0..<output[0] {
            for oy in 0..<output[1] {
                for ox in 0..<output[2] {
                    let x0 = ox * strides[2] - paddingBefore[2]
                    // Taps kx in low ..< high read inside the image.
                    let low = min(kw, max(0, -x0)), high = max(low, min(kw, input[2] - x0))
                    var tap = 0
                    for kz in 0..<kernel[0] {
                        let iz = oz * strides[0] - paddingBefore[0] + kz * dilations[0]
                        let zInside = iz >= 0 && iz < input[0]
                        for ky in 0..<kernel[1] {
                            let iy = oy * strides[1] - paddingBefore[1] + ky * dilations[1]
                            if zInside && iy >= 0 && iy < input[1] {
                                if low > 0 { body(row, tap, low, nil) }
                                if high > low { body(row, tap + low, high - low, ((iz * input[1] + iy) * input[2] + x0 + low) * inChannels) }
                                if high < kw { body(row, tap + high, kw - high, nil) }
                            } else {
                                body(row, tap, kw, nil)
                            }
                            tap += kw
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
