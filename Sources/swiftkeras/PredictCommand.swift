import ArgumentParser
import Foundation
import Keras

/// `swiftkeras predict`: runs a model — the built-in mlp or cnn with weights written by
/// `swiftkeras train --output`, or any `.keras` archive (from here or from Python Keras) — on
/// NumPy data (`--input`) or on IDX images (`--images`, with `--labels` for the accuracy).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a model (mlp, cnn, a .keras file or a Keras 2 .h5 model) on NumPy arrays or IDX images.",
        discussion: """
        Examples:
          swiftkeras predict --model m.keras --input x.npy --output y.npy
          swiftkeras predict --model m.keras --input inputs.npz      (several inputs, keyed by input name)
          swiftkeras predict --model mlp --weights mlp.weights.h5 \\
                   --images \(Datasets.fashionMNISTDirectory)t10k-images-idx3-ubyte.gz \\
                   --labels \(Datasets.fashionMNISTDirectory)t10k-labels-idx1-ubyte.gz --count 5
        """
    )

    @Option(help: "mlp, cnn, or the path of a .keras archive (or of a Keras 2 whole-model .h5 file).")
    var model = "mlp"

    @Option(help: "The .weights.h5 file of the mlp or cnn (written by `swiftkeras train --output`); not with a .keras model.")
    var weights: String?

    @Option(help: "A .npy array (one input) or a .npz archive keyed by input name, fed to the model as it is.")
    var input: String?

    @Option(help: "Where to write the predictions: .npy (one output) or .npz keyed by output name; default: print them.")
    var output: String?

    @Option(help: "IDX file of uint8 images (n, rows, cols), gzip or plain, scaled to [0, 1].")
    var images: String?

    @Option(help: "IDX file of the images' labels, to print the accuracy.")
    var labels: String?

    @Option(help: "How many predictions to print (all images are classified).")
    var count = 10

    @Option(help: "Backend: auto, reference, or a plugin backend; default: SWIFTKERAS_BACKEND, keras.json, else auto.")
    var backend: String?

    /// A whole-model file: a `.keras` archive, or Keras 2's `.h5` / `.hdf5`.
    var archive: Bool { [".keras", ".h5", ".hdf5"].contains { model.hasSuffix($0) } }

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0, received \(count)") }
        if archive {
            if weights != nil {
                throw ValidationError("--weights does not apply to a .keras or .h5 model file, which holds its own weights (received --weights \(weights!))")
            }
        } else {
            guard ModelRecipe(rawValue: model) != nil else {
                throw ValidationError("--model must be mlp, cnn, a .keras file or a Keras 2 .h5 model file, received \(model)")
            }
            guard weights != nil else { throw ValidationError("--weights is required with --model \(model)") }
        }
        switch (input, images) {
        case (nil, nil): throw ValidationError("give --input (a .npy or .npz file) or --images (an IDX file)")
        case (.some, .some): throw ValidationError("--input and --images exclude each other")
        default: break
        }
        if let input, !(input.hasSuffix(".npy") || input.hasSuffix(".npz")) {
            throw ValidationError("--input must be a .npy or .npz file, received \(input)")
        }
        if let output {
            guard input != nil else { throw ValidationError("--output applies to --input") }
            guard output.hasSuffix(".npy") || output.hasSuffix(".npz") else {
                throw ValidationError("--output must be a .npy or .npz file, received \(output)")
            }
        }
        if labels != nil && images == nil { throw ValidationError("--labels applies to --images") }
    }

    /// Runtime errors (a `KerasError`) are printed as `Error: …` without the usage text.
    func run() throws {
        if let backend { try ActiveBackend.select(backend) } else { try ActiveBackend.activate() }
        if let input { try predictArrays(input) } else if let images { try predictImages(images) }
    }

    /// The model: a .keras archive, or a recipe with its weights for images of `imageShape`.
    private func network(imageShape: [Int]) throws -> Model {
        if archive { return try loadModel(model, compile: false) }
        let recipe = ModelRecipe(rawValue: model)!
        let network = try recipe.build(imageShape: imageShape)
        try network.loadWeights(from: weights!)
        return network
    }

    private func predictArrays(_ path: String) throws {
        let network = try self.network(imageShape: [28, 28])
        let symbolic = try network.inputs
        let names = symbolic.map(\.layer.name)
        var xs: [Tensor]
        if path.hasSuffix(".npz") {
            let arrays = try Tensor.arrays(npz: path)
            let unknown = Set(arrays.keys).subtracting(names)
            guard unknown.isEmpty else {
                throw KerasError(.invalidArgument, "\(path): arrays \(unknown.sorted()) name no input of the model; its inputs are \(names)")
            }
            xs = try names.map { name in
                guard let x = arrays[name] else {
                    throw KerasError(.invalidArgument, "\(path): no array for the model's input \"\(name)\"; the archive holds \(arrays.keys.sorted())")
                }
                return x
            }
        } else {
            guard names.count == 1 else {
                throw KerasError(.invalidArgument, "\(path): the model has \(names.count) inputs (\(names)); give them as a .npz archive keyed by those names")
            }
            xs = [try Tensor(npy: path)]
        }
        // Cast as Keras does when the array's dtype differs from the input's.
        xs = zip(xs, symbolic).map { x, s in x.dtype == s.dtype ? x : K.cast(x, s.dtype) }
        let outputs: [Tensor] = try network.predict(xs, batchSize: 256)
        let outputNames = try network.outputs.map(\.layer.name)
        if let output {
            if output.hasSuffix(".npz") {
                try Tensor.save(npz: output, Dictionary(zip(outputNames, outputs)) { first, _ in first })
            } else {
                guard outputs.count == 1 else {
                    throw KerasError(.invalidArgument, "\(output): the model has \(outputs.count) outputs (\(outputNames)); write them to a .npz file")
                }
                try outputs[0].save(npy: output)
            }
            print("Predictions \(ShapeFormat.list(outputs.map { $0.shape.map { Optional($0) } })) written to \(output)")
        } else {
            for (name, y) in zip(outputNames, outputs) {
                if outputs.count > 1 { print("\(name):") }
                print(y)
            }
        }
    }

    private func predictImages(_ images: String) throws {
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
        let network = try self.network(imageShape: imageShape)
        let sampleShape: [Int]
        if archive {
            let shape = try network.input.shape.dropFirst()
            guard shape.allSatisfy({ $0 != nil }), shape.compactMap({ $0 }).reduce(1, *) == imageShape.reduce(1, *) else {
                throw KerasError(.invalidArgument, "\(model): the model's input \(ShapeFormat.tuple(Array(shape))) does not hold \(imageShape[0])×\(imageShape[1]) images")
            }
            sampleShape = shape.compactMap { $0 }
        } else {
            sampleShape = ModelRecipe(rawValue: model)!.sampleShape(imageShape: imageShape)
        }
        let source = try ImageBatches(images: x, batchSize: 1000, sampleShape: sampleShape)
        let probabilities = try network.predict(source)
        let classes = probabilities.shape.last ?? 1
        let predicted = K.argmax(probabilities, axis: -1).doubles.map { Int($0) }
        let names = Datasets.fashionMNISTClassNames
        for i in 0..<min(count, predicted.count) {
            let p = predicted[i]
            let name = (p < names.count ? names[p] : "").padding(toLength: 12, withPad: " ", startingAt: 0)
            var line = String(format: "%5d: %d ", i, p) + name + String(format: " p=%.3f", probabilities.element(i * classes + p))
            if let y { line += "  label \(Int(y.element(i)))" + (Int(y.element(i)) == p ? "" : "  ✗") }
            print(line)
        }
        if let y {
            let correct = predicted.indices.filter { Double(predicted[$0]) == y.element($0) }.count
            print(String(format: "Accuracy on %d images: %.4f", predicted.count, Double(correct) / Double(predicted.count)))
        }
    }
}
