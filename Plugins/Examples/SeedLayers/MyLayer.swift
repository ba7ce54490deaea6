import KerasPluginKit

/// The custom-layer guide's `MyLayer` (third seed): a trainable kernel of shape
/// `(input_dim, output_dim)` drawn from `uniform`, and `call` = `K.dot(x, kernel)`.
final class MyLayer: CustomLayer {
    let outputDim: Int
    var kernel: Weight!

    init(config: LayerConfig) throws {
        outputDim = try config.int("output_dim")
        guard outputDim > 0 else { throw KernelError.invalidArgument("output_dim must be positive, received \(outputDim)") }
    }

    func build(_ weights: WeightBuilder, inputShapes: [TensorShape]) throws {
        guard inputShapes.count == 1, inputShapes[0].rank == 2 else {
            throw KernelError.invalidArgument("MyLayer takes one 2-D input, received \(inputShapes)")
        }
        kernel = try weights.addWeight(name: "kernel", shape: [try inputShapes[0].known(1, "MyLayer"), outputDim], initializer: "uniform")
    }

    func call(_ inputs: [HostTensor], weights: [HostTensor], training: Bool) throws -> [HostTensor] {
        [try K.dot(inputs[0], weights[kernel])]
    }

    func computeOutputShapes(_ inputShapes: [TensorShape]) throws -> [TensorShape] {
        [TensorShape([inputShapes[0][0], outputDim], dtype: inputShapes[0].dtype)]
    }

    func getConfig() -> [String: ConfigValue] { ["output_dim": .number(Double(outputDim))] }
}

/// The guide's second `MyLayer`: two inputs `a`, `b` in, `[K.dot(a, kernel) + b, K.mean(b, axis=-1)]` out.
final class MyMultiIOLayer: CustomLayer {
    let outputDim: Int
    var kernel: Weight!

    init(config: LayerConfig) throws {
        outputDim = try config.int("output_dim")
        guard outputDim > 0 else { throw KernelError.invalidArgument("output_dim must be positive, received \(outputDim)") }
    }

    func build(_ weights: WeightBuilder, inputShapes: [TensorShape]) throws {
        guard inputShapes.count == 2 else { throw KernelError.invalidArgument("MyMultiIOLayer takes a list of two inputs, received \(inputShapes.count)") }
        kernel = try weights.addWeight(name: "kernel", shape: [try inputShapes[0].known(1, "MyMultiIOLayer"), outputDim], initializer: "uniform")
    }

    func call(_ inputs: [HostTensor], weights: [HostTensor], training: Bool) throws -> [HostTensor] {
        let (a, b) = (inputs[0], inputs[1])
        return [try K.dot(a, weights[kernel]) + b, try K.mean(b, axis: -1)]
    }

    func computeOutputShapes(_ inputShapes: [TensorShape]) throws -> [TensorShape] {
        let (a, b) = (inputShapes[0], inputShapes[1])
        return [TensorShape([a[0], outputDim], dtype: a.dtype), TensorShape(Array(b.dimensions.dropLast()), dtype: b.dtype)]
    }

    func getConfig() -> [String: ConfigValue] { ["output_dim": .number(Double(outputDim))] }
}
