// The default implementations of the first composite kernels (softmax, log-softmax, linear),
// written with the primitives; a plugin backend uses the same compositions when its plugin
// lacks or declines the fused kernel.
extension Backend {
    public func softmax(_ x: Tensor, axis: Int) -> Tensor { composedSoftmax(x, axis: axis) }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor { composedLogSoftmax(x, axis: axis) }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor { composedLinear(x, weight: weight, bias: bias) }

    /// `exp(x − max) / Σ exp(x − max)` from `reduce`, `binary` and `unary`.
    func composedSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        let shifted = binary(.subtract, x, reduce(.max, x, axes: [axis], keepDims: true))
        let e = unary(.exp, shifted)
        return binary(.divide, e, reduce(.sum, e, axes: [axis], keepDims: true))
    }

    /// `x − max − log Σ exp(x − max)` from `reduce`, `binary` and `unary`.
    func composedLogSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        let shifted = binary(.subtract, x, reduce(.max, x, axes: [axis], keepDims: true))
        let logSum = unary(.log, reduce(.sum, unary(.exp, shifted), axes: [axis], keepDims: true))
        return binary(.subtract, shifted, logSum)
    }

    /// `x · w (+ bias)` as one matrix product over the flattened leading axes.
    func composedLinear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let k = x.shape.last ?? 1
        let flat = x.reshapedStorage(to: [x.count / max(k, 1), k])
        var y = matmul(flat, weight, transposeA: false, transposeB: false)
        if let bias { y = binary(.add, y, bias) }
        return y.reshapedStorage(to: Array(x.shape.dropLast()) + [weight.shape[1]])
    }
}
