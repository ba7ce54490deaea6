import KerasPluginKit

/// `ExternalExample>ScaledDense`: `activation(x · kernel + bias) * scale`, with `units`,
/// `activation` ("relu" or "linear") and a fixed `scale` from its config.
final class ScaledDense: CustomLayer {
    let units: Int
    let activation: String
    let scale: Double
    var kernel: Weight!, bias: Weight!

    init(config: LayerConfig) throws {
        units = try config.int("units")
        activation = try config.string("activation", default: "linear")
        scale = try config.double("scale", default: 1)
        guard units > 0 else { throw KernelError.invalidArgument("units must be positive, received \(units)") }
        guard ["relu", "linear"].contains(activation) else {
            throw KernelError.invalidArgument("activation must be \"relu\" or \"linear\", received \"\(activation)\"")
        }
    }

    func build(_ weights: WeightBuilder, inputShapes: [TensorShape]) throws {
        let features = try inputShapes[0].known(-1, "ScaledDense")
        kernel = try weights.addWeight(name: "kernel", shape: [features, units], initializer: "glorot_uniform")
        bias = try weights.addWeight(name: "bias", shape: [units], initializer: "zeros")
    }

    func call(_ inputs: [HostTensor], weights: [HostTensor], training: Bool) throws -> [HostTensor] {
        var y = try K.biasAdd(K.dot(inputs[0], weights[kernel]), weights[bias])
        if activation == "relu" { y = try K.relu(y) }
        return [try y * scale]
    }

    func computeOutputShapes(_ inputShapes: [TensorShape]) throws -> [TensorShape] {
        [TensorShape(Array(inputShapes[0].dimensions.dropLast()) + [units], dtype: inputShapes[0].dtype)]
    }

    func getConfig() -> [String: ConfigValue] {
        ["units": .number(Double(units)), "activation": .string(activation), "scale": .number(scale)]
    }
}

/// `shifted_square(x, shift) = (x + shift)²`, a Lambda function with a double argument
/// (KerasPluginKit writes its signature, `(tensor x, double shift) -> tensor`).
let shiftedSquare = LambdaFunction("shifted_square", ("shift", Double.self), outputShape: { shapes, _ in shapes }) { x, shift in
    try K.square(x + shift)
}

let plugin = LayersPlugin(
    name: "ExternalExample", version: "0.1.0",
    layers: [LayerClass("ExternalExample>ScaledDense", ScaledDense.self)],
    functions: [shiftedSquare])

@_cdecl("keras_plugin_entry")
public func kerasPluginEntry(_ host: HostTable?) -> PluginDescriptor? { plugin.export(host) }
