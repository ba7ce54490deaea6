import CDNNL
import KerasPluginKit

/// N-D convolution (1, 2 or 3 spatial dimensions; strides, dilation, asymmetric padding,
/// groups and depthwise) and its two gradients on oneDNN's direct convolution, float32.
///
/// Activations stay channels-last where the host keeps them (oneDNN reads `nwc`/`nhwc`/`ndhwc`
/// with the strides below). Weights are handed to the primitive in whatever layout it prefers
/// (`format_tag_any`, usually a blocked format for the JIT kernels) and reordered from or to
/// the host's `(spatial…, in / groups, out)` inside the call: they are small next to the
/// activations, and the blocked kernels are several times faster than the plain-weights ones.
enum Convolution {
    /// The shapes and geometry of one convolution, in oneDNN's terms.
    struct Problem {
        let input: [Int], kernel: [Int], output: [Int]
        let parameters: ConvolutionParameters
        let key: [Int]

        init(input: [Int], kernel: [Int], output: [Int], parameters: ConvolutionParameters) {
            (self.input, self.kernel, self.output, self.parameters) = (input, kernel, output, parameters)
            key = input + kernel + output + parameters.strides + parameters.dilations + parameters.paddingBefore
                + parameters.paddingAfter + [parameters.groups]
        }

        var geometry: DNNLShim.Geometry {
            .init(strides: parameters.strides.map(Int64.init), dilations: parameters.dilations.map { Int64($0 - 1) },
                  paddingBefore: parameters.paddingBefore.map(Int64.init), paddingAfter: parameters.paddingAfter.map(Int64.init))
        }

        /// A channels-last activation `(batch, spatial…, channels)` as oneDNN's
        /// `(batch, channels, spatial…)` with strides.
        static func activation(_ shape: [Int]) throws -> MemoryDescriptor {
            let strides = Layout.strides(shape)
            let last = shape.count - 1
            return try MemoryDescriptor(dims: [shape[0], shape[last]] + shape[1..<last],
                                        strides: [strides[0], strides[last]] + strides[1..<last])
        }

        /// The host's kernel `(spatial…, in / groups, out)` as oneDNN's weights: `(out, in, spatial…)`,
        /// or `(groups, out / groups, in / groups, spatial…)` when grouped.
        var hostWeights: MemoryDescriptor {
            get throws {
                let strides = Layout.strides(kernel)
                let n = kernel.count - 2
                let (inPerGroup, out) = (kernel[n], kernel[n + 1])
                let spatial = Array(kernel[0..<n]), spatialStrides = Array(strides[0..<n])
                let groups = parameters.groups
                if groups == 1 {
                    return try MemoryDescriptor(dims: [out, inPerGroup] + spatial, strides: [1, out] + spatialStrides)
                }
                return try MemoryDescriptor(dims: [groups, out / groups, inPerGroup] + spatial,
                                            strides: [out / groups, 1, out] + spatialStrides)
            }
        }

        /// The weights' dims with the layout left to the primitive.
        var anyWeights: MemoryDescriptor {
            get throws {
                let n = kernel.count - 2
                let (inPerGroup, out, groups) = (kernel[n], kernel[n + 1], parameters.groups)
                let spatial = Array(kernel[0..<n])
                return try MemoryDescriptor(anyLayoutOf: groups == 1 ? [out, inPerGroup] + spatial
                                                                     : [groups, out / groups, inPerGroup] + spatial)
            }
        }

        /// The forward primitive (also the hint of the backward ones).
        func forward(_ engine: DNNLEngine) throws -> Primitive {
            let (src, weights, dst) = (try Self.activation(input), try anyWeights, try Self.activation(output))
            return try PrimitiveCache.primitive(PrimitiveKey("convolution.forward.f32", key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.convolution(.forward, source: src, weights: weights, destination: dst, geometry: geometry,
                                                       attributes: attributes, engine: engine.engine), "convolution forward")
                }
            }
        }
    }

    static func forward(_ x: TensorView, _ kernel: TensorView, _ parameters: ConvolutionParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("convolution", [x, kernel]) {
            guard try prepare([x, kernel], out) else { return }
            let problem = Problem(input: x.shape, kernel: kernel.shape, output: out.shape, parameters: parameters)
            let engine = try DNNLEngine.get()
            let primitive = try problem.forward(engine)
            let wanted = primitive.layout(dnnl_query_weights_md)!
            let (src, dst) = (try Problem.activation(x.shape), try Problem.activation(out.shape))
            try Reorder.input(kernel.rawPointer, host: try problem.hostWeights, wanted: wanted,
                              key: PrimitiveKey("convolution.weights.f32", problem.key), engine: engine) { weights in
                try primitive.execute([.init(DNNL_ARG_SRC, src, x.rawPointer), .init(DNNL_ARG_WEIGHTS, wanted, weights),
                                       .init(DNNL_ARG_DST, dst, out.rawPointer)], engine: engine, label: "convolution forward")
            }
        }
    }

    /// `f(convolution(x, kernel) + bias)`: a convolution layer's whole forward as one primitive,
    /// the bias inside the convolution and the activation as eltwise post-ops (FusedActivation's
    /// chain); declined when oneDNN cannot compute the activation as Keras does.
    static func forwardActivation(_ x: TensorView, _ kernel: TensorView, _ bias: TensorView?, _ parameters: ConvolutionParameters,
                                  _ activation: ActivationParameters, _ out: TensorView) throws {
        guard let steps = FusedActivation.steps(activation) else {
            throw KernelError.unimplemented("oneDNN cannot compute \(activation.op) with these parameters exactly")
        }
        let postOps = activation.op == .linear ? [] : steps
        // oneDNN's relu post-op turns a NaN into 0; with a NaN operand the host composes instead.
        if activation.op == .relu, FloatSemantics.containsNaN([x, kernel] + (bias.map { [$0] } ?? [])) {
            throw KernelError.unimplemented("relu after a convolution with a NaN operand (oneDNN's relu drops NaN)")
        }
        try DNNLCall.kernel("convolution+\(activation.op)", [x, kernel]) {
            guard Layout.isPlainFloat32([x, kernel, out] + (bias.map { [$0] } ?? [])) else { throw KernelError.unimplemented("float32 only") }
            guard out.count > 0 else { return }
            guard x.count > 0, kernel.count > 0 else { throw KernelError.unimplemented("an empty convolution with an activation") }
            let problem = Problem(input: x.shape, kernel: kernel.shape, output: out.shape, parameters: parameters)
            let engine = try DNNLEngine.get()
            let (src, dst) = (try Problem.activation(x.shape), try Problem.activation(out.shape))
            let biasLayout = try bias.map { try MemoryDescriptor(dims: [$0.count], strides: [1]) }
            let weights = try problem.anyWeights
            let chain = postOps.flatMap { [Int($0.algorithm.rawValue), Int($0.alpha.bitPattern), Int($0.beta.bitPattern)] }
            let key = PrimitiveKey("convolution.forward-fused.f32", problem.key + [bias == nil ? 0 : 1] + chain)
            let primitive = try PrimitiveCache.primitive(key) {
                try PrimitiveAttributes.with { attributes in
                    try DNNLShim.appendEltwisePostOps(postOps, to: attributes)
                    return try Primitive(DNNLShim.convolution(.forward, source: src, weights: weights, destination: dst, bias: biasLayout,
                                                              geometry: problem.geometry, attributes: attributes, engine: engine.engine),
                                         "convolution forward with bias and activation")
                }
            }
            let wanted = primitive.layout(dnnl_query_weights_md)!
            try Reorder.input(kernel.rawPointer, host: try problem.hostWeights, wanted: wanted,
                              key: PrimitiveKey("convolution.weights.f32", problem.key), engine: engine) { w in
                var arguments: [Primitive.Argument] = [.init(DNNL_ARG_SRC, src, x.rawPointer), .init(DNNL_ARG_WEIGHTS, wanted, w),
                                                       .init(DNNL_ARG_DST, dst, out.rawPointer)]
                if let bias, let biasLayout { arguments.append(.init(DNNL_ARG_BIAS, biasLayout, bias.rawPointer)) }
                try primitive.execute(arguments, engine: engine, label: "convolution forward with bias and activation")
            }
        }
    }

    static func backwardInput(_ dy: TensorView, _ kernel: TensorView, _ parameters: ConvolutionParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("convolution backward input", [dy, kernel]) {
            guard try prepare([dy, kernel], out) else { return }
            let problem = Problem(input: out.shape, kernel: kernel.shape, output: dy.shape, parameters: parameters)
            let engine = try DNNLEngine.get()
            let hint = try problem.forward(engine)
            let (diffSrc, diffDst) = (try Problem.activation(out.shape), try Problem.activation(dy.shape))
            let weights = try problem.anyWeights
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("convolution.backward-data.f32", problem.key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.convolution(.backwardData, source: diffSrc, weights: weights, destination: diffDst,
                                                       geometry: problem.geometry, attributes: attributes, engine: engine.engine,
                                                       hint: hint.descriptor), "convolution backward data")
                }
            }
            let wanted = primitive.layout(dnnl_query_weights_md)!
            try Reorder.input(kernel.rawPointer, host: try problem.hostWeights, wanted: wanted,
                              key: PrimitiveKey("convolution.backward-data-weights.f32", problem.key), engine: engine) { w in
                try primitive.execute([.init(DNNL_ARG_DIFF_DST, diffDst, dy.rawPointer), .init(DNNL_ARG_WEIGHTS, wanted, w),
                                       .init(DNNL_ARG_DIFF_SRC, diffSrc, out.rawPointer)], engine: engine,
                                      label: "convolution backward data")
            }
        }
    }

    static func backwardKernel(_ x: TensorView, _ dy: TensorView, _ parameters: ConvolutionParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("convolution backward kernel", [x, dy]) {
            guard try prepare([x, dy], out) else { return }
            let problem = Problem(input: x.shape, kernel: out.shape, output: dy.shape, parameters: parameters)
            let engine = try DNNLEngine.get()
            let hint = try problem.forward(engine)
            let (src, diffDst) = (try Problem.activation(x.shape), try Problem.activation(dy.shape))
            let weights = try problem.anyWeights
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("convolution.backward-weights.f32", problem.key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.convolution(.backwardWeights, source: src, weights: weights, destination: diffDst,
                                                       geometry: problem.geometry, attributes: attributes, engine: engine.engine,
                                                       hint: hint.descriptor), "convolution backward weights")
                }
            }
            let wanted = primitive.layout(dnnl_query_diff_weights_md)!
            try Reorder.output(out.rawPointer, host: try problem.hostWeights, wanted: wanted,
                               key: PrimitiveKey("convolution.backward-weights.f32", problem.key), engine: engine) { w in
                try primitive.execute([.init(DNNL_ARG_SRC, src, x.rawPointer), .init(DNNL_ARG_DIFF_DST, diffDst, dy.rawPointer),
                                       .init(DNNL_ARG_DIFF_WEIGHTS, wanted, w)], engine: engine,
                                      label: "convolution backward weights")
            }
        }
    }

    /// Checks dtypes and handles empty operands: `false` when the output is already complete
    /// (nothing to write, or zeros because an operand is empty).
    private static func prepare(_ inputs: [TensorView], _ out: TensorView) throws -> Bool {
        guard Layout.isPlainFloat32(inputs + [out]) else { throw KernelError.unimplemented("float32 only") }
        guard out.count > 0 else { return false }
        if inputs.contains(where: { $0.count == 0 }) {
            out.pointer(as: Float.self).update(repeating: 0, count: out.count)
            return false
        }
        return true
    }
}
