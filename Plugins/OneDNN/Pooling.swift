import CDNNL
import KerasPluginKit

/// Max and average pooling (1, 2 or 3 spatial dimensions), forward and backward, on oneDNN's
/// pooling primitive over channels-last tensors, float32. Average pooling leaves padding out
/// of the divisor (`pooling_avg_exclude_padding`), as Keras's `same` pooling does; max pooling
/// never picks a padding cell. The max gradient is ``MaxPoolGradient``'s loop: oneDNN's would
/// need the training forward's workspace, which cannot cross from the forward call.
enum Pooling {
    private struct Problem {
        let input: [Int], output: [Int]
        let parameters: PoolingParameters
        let key: [Int]

        init(input: [Int], output: [Int], parameters: PoolingParameters) {
            (self.input, self.output, self.parameters) = (input, output, parameters)
            key = input + output + parameters.window + parameters.strides + parameters.paddingBefore + parameters.paddingAfter
        }

        var algorithm: dnnl_alg_kind_t { parameters.mode == .max ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding }
        var name: String { parameters.mode == .max ? "max" : "average" }

        var geometry: DNNLShim.Geometry {
            .init(strides: parameters.strides.map(Int64.init), dilations: parameters.window.map { _ in 0 },
                  paddingBefore: parameters.paddingBefore.map(Int64.init), paddingAfter: parameters.paddingAfter.map(Int64.init))
        }

        /// The forward primitive: inference (no workspace) for the forward kernel, training (with
        /// the max workspace) as the backward's partner.
        func forward(training: Bool, _ engine: DNNLEngine) throws -> Primitive {
            let (src, dst) = (try Convolution.Problem.activation(input), try Convolution.Problem.activation(output))
            let pass = training ? "training" : "inference"
            return try PrimitiveCache.primitive(PrimitiveKey("pooling.\(name).forward-\(pass).f32", key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.pooling(forward: true, training: training, algorithm: algorithm, source: src, destination: dst,
                                                   window: parameters.window.map(Int64.init), geometry: geometry,
                                                   attributes: attributes, engine: engine.engine), "\(name) pooling forward")
                }
            }
        }
    }

    static func forward(_ x: TensorView, _ parameters: PoolingParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("pool", [x]) {
            guard Layout.isPlainFloat32([x, out]) else { throw KernelError.unimplemented("float32 only") }
            guard out.count > 0 else { return }
            let problem = Problem(input: x.shape, output: out.shape, parameters: parameters)
            let engine = try DNNLEngine.get()
            let primitive = try problem.forward(training: false, engine)
            let (src, dst) = (try Convolution.Problem.activation(x.shape), try Convolution.Problem.activation(out.shape))
            try primitive.execute([.init(DNNL_ARG_SRC, src, x.rawPointer), .init(DNNL_ARG_DST, dst, out.rawPointer)],
                                  engine: engine, label: "\(problem.name) pooling forward")
        }
    }

    static func backward(_ x: TensorView, _ dy: TensorView, _ parameters: PoolingParameters, _ out: TensorView) throws {
        try DNNLCall.kernel("pool backward", [x, dy]) {
            guard Layout.isPlainFloat32([x, dy, out]) else { throw KernelError.unimplemented("float32 only") }
            guard out.count > 0 else { return }
            if parameters.mode == .max { return MaxPoolGradient.run(x, dy, parameters, out) }
            let problem = Problem(input: x.shape, output: dy.shape, parameters: parameters)
            let engine = try DNNLEngine.get()
            let forward = try problem.forward(training: true, engine)
            let (src, dst) = (try Convolution.Problem.activation(x.shape), try Convolution.Problem.activation(dy.shape))
            let primitive = try PrimitiveCache.primitive(PrimitiveKey("pooling.\(problem.name).backward.f32", problem.key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.pooling(forward: false, training: true, algorithm: problem.algorithm, source: src,
                                                   destination: dst, window: parameters.window.map(Int64.init),
                                                   geometry: problem.geometry, attributes: attributes, engine: engine.engine,
                                                   hint: forward.descriptor), "\(problem.name) pooling backward")
                }
            }
            try primitive.execute([.init(DNNL_ARG_DIFF_DST, dst, dy.rawPointer), .init(DNNL_ARG_DIFF_SRC, src, out.rawPointer)],
                                  engine: engine, label: "average pooling backward")
        }
    }
}
