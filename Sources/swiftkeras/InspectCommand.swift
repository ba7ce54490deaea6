import ArgumentParser
import Foundation
import Keras

/// `swiftkeras inspect --config model.json`: rebuilds a model from its Keras 3 JSON
/// (`model.to_json()`), finding plugin layer classes and Lambda functions on the plugin search
/// path, prints its summary, and optionally runs it on ones or trains it briefly.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Rebuild a model from its Keras JSON config and show it (plugin layers included).",
        discussion: """
        Layer classes and Lambda functions the config names that are not built in are looked up \
        in the plugins on the search path (SWIFTKERAS_PLUGIN_PATH, keras.json plugin_paths, ...). \
        Example: SWIFTKERAS_PLUGIN_PATH=.build/debug swiftkeras inspect --config model.json --predict-ones
        """
    )

    @Option(help: "A model's Keras 3 JSON config (model.to_json()).")
    var config: String

    @Flag(help: "Print the model's outputs for a batch of one input of ones.")
    var predictOnes = false

    @Option(help: "Train for this many epochs on 64 seeded random samples towards a fixed linear target (mean squared error, Adam), printing each epoch's loss.")
    var fitEpochs = 0

    func validate() throws {
        guard fitEpochs >= 0 else { throw ValidationError("--fit-epochs must be >= 0, received \(fitEpochs)") }
    }

    func run() throws {
        do {
            try inspect()
        } catch let error as KerasError {
            throw ValidationError(error.message)
        }
    }

    private func inspect() throws {
        let text: String
        do { text = try String(contentsOfFile: config, encoding: .utf8) } catch {
            throw KerasError(.io, "\(config): cannot be read (\(error.localizedDescription))")
        }
        let model = try Model.fromJSON(text)
        model.summary()
        let inputShapes = try model.inputs.map { input in
            try input.shape.dropFirst().map { dim -> Int in
                guard let dim else { throw KerasError(.invalidArgument, "\(config): input \(input.shape) has an unknown non-batch axis") }
                return dim
            }
        }
        if predictOnes {
            let outputs: [Tensor] = try model.predict(inputShapes.map { K.ones([1] + $0) })
            for (i, output) in outputs.enumerated() {
                print("output \(i) shape \(output.shape): " + output.doubles.map { String(format: "%.6f", $0) }.joined(separator: " "))
            }
        }
        if fitEpochs > 0 {
            guard inputShapes.count == 1, try model.outputs.count == 1 else {
                throw KerasError(.invalidArgument, "--fit-epochs: the model must have one input and one output")
            }
            let x = K.randomUniform([64] + inputShapes[0], minval: -1, maxval: 1, seed: 7)
            let outputShape = try model.outputs[0].shape.dropFirst().map { $0 ?? 1 }
            // A fixed linear map of the inputs' mean, broadcast to the output's shape.
            let signal = K.mean(K.batchFlatten(x), axis: 1, keepDims: true)
            let y = K.reshape(K.tile(signal, [1, outputShape.reduce(1, *)]), [64] + outputShape)
            try model.compile(optimizer: Adam(learningRate: 0.01), loss: .meanSquaredError)
            let history = try model.fit(x, y, batchSize: 16, epochs: fitEpochs, verbose: 0, shuffle: false)
            for (epoch, loss) in (history.history["loss"] ?? []).enumerated() {
                print("epoch \(epoch + 1) loss \(String(format: "%.6f", loss))")
            }
        }
    }
}
