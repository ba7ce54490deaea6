import KerasCore
import Foundation

/// Keras 3's whole-model file, `.keras`: a zip of `metadata.json` (`keras_version`,
/// `date_saved`), `config.json` (the model's serialized config, with `compile_config` when
/// compiled) and `model.weights.h5` (the weights in Keras 3's layout, plus the optimizer's
/// variables under `optimizer/vars` when compiled), as `keras/src/saving/saving_lib.py` writes it.
enum KerasArchive {
    /// The Keras version written into `metadata.json`: the format followed.
    static let kerasVersion = "3.15.1"

    static func save(_ model: Model, to path: String, overwrite: Bool) throws {
        guard path.hasSuffix(".keras") else {
            throw KerasError(.invalidArgument, "Invalid filepath extension for saving. Please add a `.keras` extension. Received: filepath=\(path)")
        }
        guard model.built, model.graph != nil else {
            throw KerasError(.invalidArgument, "\(path): the model \"\(model.name)\" is not built (give its first layer an input shape, or call it on data) and cannot be saved.")
        }
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw KerasError(.io, "\(path): the file exists and overwrite is false")
        }
        guard case .object(var config) = try model.toConfig() else { preconditionFailure("a model's config is an object") }
        if let compile = CompileConfig.of(model) { config["compile_config"] = compile }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        let metadata: JSONValue = .object(["keras_version": .string(kerasVersion), "date_saved": .string(formatter.string(from: Date()))])
        let weights = try weightsBytes(model, source: path)
        try ZipArchive.write([
            ("metadata.json", Data(try ModelSerializer.text(metadata).utf8)),
            ("config.json", Data(try ModelSerializer.text(.object(config)).utf8)),
            ("model.weights.h5", weights),
        ], to: path, compress: false)
    }

    /// The `model.weights.h5` member: written to a scratch file through libhdf5, read back.
    private static func weightsBytes(_ model: Model, source: String) throws -> Data {
        let scratch = try ScratchFile(suffix: ".weights.h5")
        defer { scratch.remove() }
        try HDF5File.create(scratch.path) { root in
            try WeightsFile.write(WeightsLayout(root: model), into: root)
            if let optimizer = model.compiled?.optimizer {
                let vars = try WeightsFile.group(at: "optimizer/vars", under: root)
                try vars.setStringAttribute("name", optimizer.name)
                for (index, value) in OptimizerVariables.values(optimizer, trainable: model.trainableWeights).enumerated() {
                    try vars.writeDataset(String(index), value)
                }
            }
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: scratch.path))
        } catch {
            throw KerasError(.io, "\(source): cannot read back the weights written to \(scratch.path)")
        }
    }

    /// A model rebuilt from the archive at `path`: its architecture, its weights, and (when the
    /// archive holds a `compile_config` and `compile`) its compile state and optimizer variables.
    static func load(_ path: String, compile: Bool) throws -> Model {
        guard path.hasSuffix(".keras") else {
            throw KerasError(.invalidArgument, "\(path): loadModel reads `.keras` archives (and Keras 2 `.h5` files); the file name must end in `.keras`")
        }
        let members = Dictionary(try ZipArchive.read(path).map { ($0.name, $0.data) }) { first, _ in first }
        func member(_ name: String) throws -> Data {
            guard let data = members[name] else {
                throw KerasError(.io, "\(path): the archive has no member \(name) (it holds \(members.keys.sorted())); not a Keras 3 .keras file")
            }
            return data
        }
        if let metadata = members["metadata.json"] {
            let parsed = try JSONValue.parse(metadata, source: "\(path): member metadata.json")
            guard parsed.objectValue != nil else { throw KerasError(.io, "\(path): member metadata.json is not a JSON object") }
        }
        let config = try JSONValue.parse(try member("config.json"), source: "\(path): member config.json")
        let model: Model
        do {
            model = try Model.fromConfig(config)
        } catch let error as KerasError {
            throw KerasError(error.kind, "\(path): member config.json: \(error.message)")
        }
        if !model.built || model.graph == nil {
            throw KerasError(.invalidArgument, "\(path): member config.json: the model \"\(model.name)\" has no input shape, so its weights cannot be placed")
        }
        // Keras writes `"compile_config": {}` for a model that was never compiled.
        if compile, let compileConfig = config["compile_config"], !compileConfig.isNull, compileConfig.objectValue?.isEmpty != true {
            try CompileConfig.compile(model, from: compileConfig, source: "\(path): member config.json")
        }
        let weights = try member("model.weights.h5")
        let scratch = try ScratchFile(suffix: ".weights.h5")
        defer { scratch.remove() }
        do {
            try weights.write(to: URL(fileURLWithPath: scratch.path))
        } catch {
            throw KerasError(.io, "\(path): cannot unpack member model.weights.h5 to \(scratch.path)")
        }
        let source = "\(path): member model.weights.h5"
        var finish: () -> Void = {}
        let assignments = try rewritingSource(scratch.path, as: source) {
            try HDF5File.read(scratch.path) { root -> [(Variable, Tensor)] in
                let assignments = try WeightsFile.assignments(WeightsLayout(root: model), in: root, file: source, skipMismatch: false)
                if let optimizer = model.compiled?.optimizer, let vars = try root.group(at: "optimizer/vars") {
                    let names = try vars.childNames().filter { vars.kind(of: $0) == .dataset }
                    let values = try (0..<names.count).map { index -> Tensor in
                        guard vars.contains(String(index)) else {
                            throw KerasError(.shapeMismatch, "\(source): optimizer/vars holds \(names) but no variable \(index)")
                        }
                        return try vars.readDataset(String(index))
                    }
                    finish = try OptimizerVariables.restore(optimizer, trainable: model.trainableWeights, values: values,
                                                            source: "\(source): optimizer/vars")
                }
                return assignments
            }
        }
        for (variable, value) in assignments { variable.assign(value) }
        finish()
        return model
    }

    /// Runs `body`, replacing the scratch path in its errors by the archive member's name.
    private static func rewritingSource<R>(_ scratch: String, as source: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as KerasError {
            throw KerasError(error.kind, error.message.replacingOccurrences(of: scratch, with: source))
        }
    }
}

/// A file name in the temporary directory, removed by ``remove()``.
struct ScratchFile {
    let path: String

    init(suffix: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("swiftkeras-\(getpid())-\(UUID().uuidString)\(suffix)").path
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension Model {
    /// Saves the whole model as a Keras 3 `.keras` archive: its architecture, its weights and,
    /// when compiled, its compile settings and optimizer state, so ``loadModel(_:compile:)`` (or
    /// Keras's `keras.models.load_model`) gives back a model that predicts the same and resumes
    /// training where this one stopped.
    ///
    /// ```swift
    /// try model.save("mnist.keras")                // Keras: model.save("mnist.keras")
    /// let again = try loadModel("mnist.keras")     // keras.models.load_model("mnist.keras")
    /// ```
    ///
    /// The file is written beside `path` and renamed over it when complete. Throws when the
    /// model is not built, or holds a layer a config cannot describe (a ``Lambda`` on an
    /// unregistered closure).
    ///
    /// Under ``DataParallel`` only rank 0 writes; on the other ranks it does nothing (every rank
    /// holds the same model), so every rank can run the same code.
    public func save(_ path: String, overwrite: Bool = true) throws {
        guard Distribution.isChief else { return }
        try KerasArchive.save(self, to: path, overwrite: overwrite)
    }
}

/// Loads a model saved by ``Model/save(_:overwrite:)`` or by Keras 3's `model.save("….keras")`
/// (Keras's `keras.models.load_model(filepath, compile=True)`).
///
/// The model is built from the archive's config (custom layers must be registered in
/// ``LayerRegistry`` first, Lambda functions in ``LambdaFunctions``), its weights are checked
/// against the architecture before any is assigned, and, with `compile`, it is compiled as it
/// was saved with its optimizer's variables restored. A truncated archive, a missing member,
/// malformed JSON, an unknown class, or weights that do not fit throw a ``KerasError`` naming
/// the file and the member.
///
/// A name ending in `.h5` or `.hdf5` is read as Keras 2's whole-model HDF5 file
/// (`model.save("m.h5")` in tf.keras): the architecture from its `model_config` attribute, the
/// weights from `model_weights/`, and with `compile` the settings of `training_config` and the
/// optimizer state of `optimizer_weights/` (Keras 2.11+'s layout), as Keras 3 reads them.
///
/// ```swift
/// let model = try loadModel("mnist.keras")
/// let probabilities = try model.predict(x)
/// ```
public func loadModel(_ path: String, compile: Bool = true) throws -> Model {
    if LegacyModelFile.handles(path) { return try LegacyModelFile.load(path, compile: compile) }
    return try KerasArchive.load(path, compile: compile)
}
