import ArgumentParser
import Foundation
import Keras

/// `swiftkeras predict`: loads weights written by `swiftkeras train --output` into the same
/// model and classifies IDX images; with labels, also prints the accuracy.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify IDX images with weights written by `swiftkeras train --output`.",
        discussion: """
        Example: swiftkeras predict --model mlp --weights mlp.weights.h5 \\
                   --images \(Datasets.fashionMNISTDirectory)t10k-images-idx3-ubyte.gz \\
                   --labels \(Datasets.fashionMNISTDirectory)t10k-labels-idx1-ubyte.gz --count 5
        """
    )

    @Option(help: "The model the weights belong to: mlp or cnn.")
    var model: ModelRecipe = .mlp

    @Option(help: "A .weights.h5 file written by `swiftkeras train --output`.")
    var weights: String

    @Option(help: "IDX file of uint8 images (n, rows, cols), gzip or plain.")
    var images: String

    @Option(help: "IDX file of the images' labels, to print the accuracy.")
    var labels: String?

    @Option(help: "How many predictions to print (all images are classified).")
    var count = 10

    @Option(help: "Backend: auto, reference, or a plugin backend; default: SWIFTKERAS_BACKEND, keras.json, else auto.")
    var backend: String?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0, received \(count)") }
    }

    /// Runtime errors (a `KerasError`) are printed as `Error: …` without the usage text.
    func run() throws {
        if let backend { try ActiveBackend.select(backend) } else { try ActiveBackend.activate() }
        let x = try IDXFile.read(images)
        guard x.dtype == .uint8, x.rank == 3 else {
            throw KerasError(.io, "\(images): expected uint8 images of rank 3 (n, rows, cols); found \(x.dtype) of shape \(x.shape)")
        }
        let y = try labels.map(IDXFile.read)
        if let y, let labels {
            guard y.rank == 1, y.shape[0] == x.shape[0] else {
                throw KerasError(.io, "\(labels): expected \(x.shape[0]) labels, one per image in \(images); found shape \(y.shape)")
            }
        }
        let imageShape = [x.shape[1], x.shape[2]]
        let network = try model.build(imageShape: imageShape)
        try network.loadWeights(from: weights)
        let source = try ImageBatches(images: x, batchSize: 1000, sampleShape: model.sampleShape(imageShape: imageShape))
        let probabilities = try network.predict(source)
        let predicted = K.argmax(probabilities, axis: -1).doubles.map { Int($0) }
        let names = Datasets.fashionMNISTClassNames
        for i in 0..<min(count, predicted.count) {
            let p = predicted[i]
            let name = names[p].padding(toLength: 12, withPad: " ", startingAt: 0)
            var line = String(format: "%5d: %d ", i, p) + name + String(format: " p=%.3f", probabilities.element(i * 10 + p))
            if let y { line += "  label \(Int(y.element(i)))" + (Int(y.element(i)) == p ? "" : "  ✗") }
            print(line)
        }
        if let y {
            let correct = predicted.indices.filter { Double(predicted[$0]) == y.element($0) }.count
            print(String(format: "Accuracy on %d images: %.4f", predicted.count, Double(correct) / Double(predicted.count)))
        }
    }
}
