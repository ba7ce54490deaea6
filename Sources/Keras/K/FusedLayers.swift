// The fused layer math of `K`: a dense layer's and a convolution layer's whole forward as one
// backend call where the backend has one (`linearActivation`, `convolutionActivation`), each
// with its gradient. Dense and the convolution layers call these; nothing below `K` is called
// from a layer.
extension K {
    /// `activation(x · kernel (+ bias))`, contracted on the last axis of `x` — a `Dense` layer's
    /// forward — with its gradient.
    ///
    /// `x (…, K)`, `kernel (K, N)`, `bias (N)` → `(…, N)`. Without an activation (or `linear`)
    /// this is the backend's `linear` kernel. When the activation's derivative is a function of
    /// its output (relu with `alpha ≥ 0` and no cap or the relu6 cap, elu with `alpha ≥ 0`,
    /// selu, sigmoid, tanh) the forward is ONE backend call (`linearActivation`) and the gradient
    /// takes `f′` from the output; otherwise (gelu, silu, softplus, relu with a threshold,
    /// another cap or a negative slope) the pre-activation is kept: `linear`, then the fused
    /// activation with its own backward kernel. Gradients: `dx = ĝ · kernelᵀ`,
    /// `dkernel = x̂ᵀ · ĝ`, `dbias = Σ ĝ` (x̂, ĝ: `x` and the output's cotangent times `f′`, as
    /// matrices of rows).
    ///
    /// ```swift
    /// let y = K.linear(Tensor([[1, 2]]), Tensor([[1, 0], [0, 1]]), Tensor([-3, 0]),
    ///                  activation: ActivationParameters(op: .relu))   // [[0, 2]]
    /// ```
    ///
    /// Keras: `Dense.call` (`activation(matmul(x, kernel) + bias)`).
    public static func linear(_ x: Tensor, _ kernel: Tensor, _ bias: Tensor? = nil,
                              activation: ActivationParameters? = nil) -> Tensor {
        let op = "K.linear"
        requireFloat(x, op)
        precondition(kernel.rank == 2 && x.rank >= 1 && x.shape[x.rank - 1] == kernel.shape[0],
                     "\(op): the last axis of the input \(x.shape) must match the kernel \(kernel.shape)")
        precondition(x.dtype == kernel.dtype, "\(op): input dtype \(x.dtype) differs from the kernel's \(kernel.dtype)")
        if let bias {
            precondition(bias.shape == [kernel.shape[1]], "\(op): the bias \(bias.shape) must be [\(kernel.shape[1])]")
            requireSameDType(x, bias, op, ("x", "bias"))
        }
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        // The input's gradient only when it is differentiated (not for a model's input batch).
        let inputGradient = x.isDifferentiated
        guard let p = activation, p.op != .linear else {
            let y = backend.linear(x.detached, weight: kernel.detached, bias: bias?.detached)
            return y.recorded(from: inputs) { g in linearGradients(g, x, kernel, hasBias: bias != nil, inputGradient: inputGradient) }
        }
        guard let slope = OutputSlope(p) else { return K.activation(linear(x, kernel, bias), p, op) }
        let y = backend.linearActivation(x.detached, weight: kernel.detached, bias: bias?.detached, p)
        return y.recorded(from: inputs) { g in
            linearGradients(slope.gradient(g, output: y), x, kernel, hasBias: bias != nil, inputGradient: inputGradient)
        }
    }

    /// The gradients of `x · kernel (+ bias)` for the cotangent `g` of its output (nil for `x`
    /// unless `inputGradient`).
    private static func linearGradients(_ g: Tensor, _ x: Tensor, _ kernel: Tensor, hasBias: Bool, inputGradient: Bool) -> [Tensor?] {
        let (inputDim, units) = (kernel.shape[0], kernel.shape[1])
        let rows = g.count / Swift.max(units, 1)
        let flatG = reshape(g, [rows, units])
        let flatX = reshape(x, [rows, inputDim])
        var grads: [Tensor?] = [
            inputGradient ? reshape(matmul(flatG, kernel, transposeB: true), x.shape) : nil,
            matmul(flatX, flatG, transposeA: true),
        ]
        if hasBias { grads.append(sum(flatG, axis: 0)) }
        return grads
    }

    /// `activation(convolution(x, kernel) + bias)` over channels-last data — a convolution
    /// layer's forward — with its gradient.
    ///
    /// `x (batch, spatial…, inChannels)`, `kernel (spatial…, inChannels / groups, outChannels)`,
    /// `bias (outChannels)` (or nil), N = 1, 2 or 3 spatial axes. When the activation's derivative
    /// is a function of its output (see ``linear(_:_:_:activation:)``; `linear` and nil
    /// included) the forward is ONE backend call (`convolutionActivation`) and the gradient is the
    /// convolution's, applied to `g · f′` taken from the output, plus the bias's sum over every
    /// axis but channels. Otherwise the convolution and bias are one call and the activation
    /// another, with its own backward kernel.
    ///
    /// ```swift
    /// let y = K.convolution(x, kernel, bias, strides: [1, 1], padding: .same,
    ///                       activation: ActivationParameters(op: .relu))
    /// ```
    ///
    /// Keras: `BaseConv.call` (`activation(conv(inputs, kernel) + bias)`), channels last.
    public static func convolution(_ x: Tensor, _ kernel: Tensor, _ bias: Tensor? = nil, strides: [Int],
                                   padding: Padding = .valid, dilations: [Int]? = nil, groups: Int = 1,
                                   activation: ActivationParameters? = nil) -> Tensor {
        let op = "K.convolution"
        requireFloat(x, op)
        requireSameDType(x, kernel, op, ("x", "kernel"))
        let p = convolutionParameters(input: x.shape, kernel: kernel.shape, strides: strides,
                                      dilations: dilations ?? [Int](repeating: 1, count: strides.count),
                                      padding: padding, groups: groups, op: op)
        if let bias {
            precondition(bias.shape == [kernel.shape[kernel.rank - 1]], "\(op): the bias \(bias.shape) must be [\(kernel.shape[kernel.rank - 1])]")
            requireSameDType(x, bias, op, ("x", "bias"))
        }
        let a = activation ?? ActivationParameters(op: .linear)
        let slope = OutputSlope(a)
        guard a.op == .linear || slope != nil else {
            return K.activation(convolution(x, kernel, bias, strides: strides, padding: padding, dilations: dilations, groups: groups),
                                a, op)
        }
        let (xd, kd, b) = (x.detached, kernel.detached, bias)
        let inputGradient = x.isDifferentiated   // not for a model's input batch
        let y = backend.convolutionActivation(xd, kernel: kd, bias: b?.detached, p, a)
        return y.recorded(from: b.map { [x, kernel, $0] } ?? [x, kernel]) { g in
            let dz = slope?.gradient(g, output: y) ?? g
            var grads: [Tensor?] = [inputGradient ? K.kernels.backend.convolutionBackwardInput(dz, kernel: kd, inputShape: xd.shape, p) : nil,
                                    K.kernels.backend.convolutionBackwardKernel(xd, dz, kernelShape: kd.shape, p)]
            if b != nil { grads.append(sum(dz, axes: Array(0..<(dz.rank - 1)))) }
            return grads
        }
    }
}
