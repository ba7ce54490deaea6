import KerasCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing Keras 3's `.weights.h5` files (the layout is described in
/// ``WeightsLayout``): a file written by Keras 3 for the same architecture loads here, and a
/// file written here loads in Keras 3.
enum WeightsFile {
    /// Writes every weight of `model` to `path`, atomically: the file is written beside the
    /// target under a temporary name, then renamed over it, so the target is never partial.
    static func save(_ model: Layer, to path: String, overwrite: Bool) throws {
        guard path.hasSuffix(".weights.h5") else {
            throw KerasError(.invalidArgument, "The filename must end in `.weights.h5`. Received: filepath=\(path)")
        }
        guard model.built else {
            throw KerasError(.invalidArgument, "You are saving a model that has not yet been built. Try building the model first by calling it on some data or by giving its first layer an input shape.")
        }
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw KerasError(.io, "\(path): the file exists and overwrite is false")
        }
        let layout = WeightsLayout(root: model)
        try AtomicFile.write(to: path) { temporary in
            try HDF5File.create(temporary) { root in try write(layout, into: root) }
        }
    }

    /// Writes every `vars` group of `layout` under `root`.
    static func write(_ layout: WeightsLayout, into root: HDF5Group) throws {
        for entry in layout.entries {
            let vars = try group(at: entry.varsPath, under: root)
            try vars.setStringAttribute("name", entry.layer.name)
            for (index, variable) in entry.variables.enumerated() {
                try vars.writeDataset(String(index), variable.numpy)
            }
        }
    }

    /// The checked values for every variable of `layout` in the file whose root is `root`
    /// (see ``load(into:from:skipMismatch:)``).
    static func assignments(_ layout: WeightsLayout, in root: HDF5Group, file: String, skipMismatch: Bool) throws -> [(Variable, Tensor)] {
        var assignments: [(Variable, Tensor)] = []
        for entry in layout.entries {
            do {
                assignments += try read(entry, from: root, file: file)
            } catch let error as KerasError where skipMismatch && error.kind == .shapeMismatch {
                KerasLog.log(.warning, "Skipping loading weights for layer \"\(entry.layer.name)\": \(error.message)")
            }
        }
        let problems = try unusedGroups(in: root, layout: layout)
        if !problems.isEmpty && !skipMismatch {
            throw KerasError(.shapeMismatch, "\(file): the file holds weights for objects the model does not have: \(problems.joined(separator: ", ")). It was saved from a different architecture.")
        }
        return assignments
    }

    /// Reads `path` into the weights of `model`. Every variable's presence, count and shape is
    /// checked before any is assigned: when a check fails, the error names the file, the layer
    /// path and the expected and found shapes, and no weight has changed.
    ///
    /// With `skipMismatch`, layers whose variables do not match are left unchanged (with a
    /// warning) and the others are loaded.
    static func load(into model: Layer, from path: String, skipMismatch: Bool) throws {
        guard path.hasSuffix(".weights.h5") else {
            throw KerasError(.invalidArgument, "\(path): SwiftKeras loads weights from `.weights.h5` files (Keras 3's format) and Keras 2 `.h5` / `.hdf5` files; the file name must end in one of those.")
        }
        guard model.built else {
            throw KerasError(.invalidArgument, "You are loading weights into a model that has not yet been built. Try building the model first by calling it on some data or by giving its first layer an input shape.")
        }
        let layout = WeightsLayout(root: model)
        let assignments = try HDF5File.read(path) { root in
            try self.assignments(layout, in: root, file: path, skipMismatch: skipMismatch)
        }
        for (variable, value) in assignments { variable.assign(value) }
    }

    /// The values for `entry`'s variables, checked against them; throws naming what differs.
    private static func read(_ entry: WeightsLayout.Entry, from root: HDF5Group, file: String) throws -> [(Variable, Tensor)] {
        let layer = entry.layer
        let subject = "layer \"\(layer.name)\" (\(layer.className)) at \(entry.varsPath)"
        guard let vars = try root.group(at: entry.varsPath) else {
            if entry.variables.isEmpty { return [] }
            throw KerasError(.shapeMismatch, "\(file): \(subject) expected \(entry.variables.count) variables, but the file has no group \(entry.varsPath). Expected: \(entry.variables.map(\.name))")
        }
        let stored = try vars.childNames().filter { vars.kind(of: $0) == .dataset }
        guard stored.count == entry.variables.count else {
            throw KerasError(.shapeMismatch, "\(file): \(subject) expected \(entry.variables.count) variables, but received \(stored.count) variables during loading. Expected: \(entry.variables.map(\.name))")
        }
        var values: [(Variable, Tensor)] = []
        for (index, variable) in entry.variables.enumerated() {
            guard vars.contains(String(index)) else {
                throw KerasError(.shapeMismatch, "\(file): \(subject): variable \(index) (\(variable.name)) is missing; the group holds \(stored)")
            }
            let (shape, _) = try vars.datasetInfo(String(index))
            guard shape == variable.shape else {
                throw KerasError(.shapeMismatch, "\(file): \(subject): variable \(index) (\(variable.name)) expected shape \(ShapeFormat.tuple(variable.shape)), found \(ShapeFormat.tuple(shape)) in the file")
            }
            let value = try vars.readDataset(String(index))
            values.append((variable, value.dtype == variable.dtype ? value : K.cast(value, variable.dtype)))
        }
        return values
    }

    /// Groups under `layers/` that hold datasets but belong to no object of the model.
    private static func unusedGroups(in root: HDF5Group, layout: WeightsLayout) throws -> [String] {
        let known = Set(layout.entries.map(\.varsPath))
        var unused: [String] = []
        func scan(_ group: HDF5Group, _ path: String) throws {
            for name in try group.childNames() where group.kind(of: name) == .group {
                let childPath = path + "/" + name
                guard let child = try group.group(at: name) else { continue }
                if name == "vars" {
                    let hasData = try child.childNames().contains { child.kind(of: $0) == .dataset }
                    if hasData && !known.contains(childPath) { unused.append(childPath) }
                } else {
                    try scan(child, childPath)
                }
            }
        }
        if let layers = try root.group(at: "layers") { try scan(layers, "layers") }
        return unused
    }

    /// The group at `path` (`a/b/vars`), creating each missing part.
    static func group(at path: String, under root: HDF5Group) throws -> HDF5Group {
        var group = root
        for component in path.split(separator: "/") { group = try group.group(creatingIfNeeded: String(component)) }
        return group
    }
}

extension Model {
    /// Writes the weights of every layer to a Keras 3 `.weights.h5` file (Keras's
    /// `model.save_weights(filepath, overwrite=True)`).
    ///
    /// The file is written beside `path` and renamed over it when complete, so an interrupted
    /// save never leaves a partial file. The model must be built; the name must end in
    /// `.weights.h5`. Optimizer state is not saved.
    ///
    /// Under ``DataParallel`` only rank 0 writes; on the other ranks it does nothing (every rank
    /// holds the same weights), so every rank can run the same code.
    ///
    /// ```swift
    /// try model.saveWeights(to: "checkpoints/mlp.weights.h5")
    /// ```
    public func saveWeights(to path: String, overwrite: Bool = true) throws {
        guard Distribution.isChief else { return }
        try WeightsFile.save(self, to: path, overwrite: overwrite)
    }

    /// ``saveWeights(to:overwrite:)`` for a file URL.
    public func saveWeights(to url: URL, overwrite: Bool = true) throws {
        try saveWeights(to: url.path, overwrite: overwrite)
    }

    /// Loads weights written by ``saveWeights(to:overwrite:)`` or by Keras 3's `save_weights`
    /// for the same architecture (Keras's `model.load_weights(filepath, skip_mismatch=False)`).
    /// A Keras 2 weights file (a name ending in `.h5` or `.hdf5` but not `.weights.h5`) is read
    /// as Keras 3 reads it: its layers with weights are matched in order with the model's, and
    /// counts and shapes are checked before anything is assigned (`skipMismatch` does not apply).
    ///
    /// Weights are matched by position in the model (layer class and order), not by layer name.
    /// Every layer's variable count and every shape is checked before anything is assigned: on
    /// a mismatch the thrown ``KerasError`` names the file, the layer and its path in the file,
    /// and the expected and found shapes, and the model is unchanged. With `skipMismatch`,
    /// mismatched layers are skipped with a warning instead.
    ///
    /// ```swift
    /// try model.loadWeights(from: "checkpoints/mlp.weights.h5")
    /// ```
    public func loadWeights(from path: String, skipMismatch: Bool = false) throws {
        if !path.hasSuffix(".weights.h5") && (path.hasSuffix(".h5") || path.hasSuffix(".hdf5")) {
            return try LegacyWeightsFile.load(into: self, from: path)
        }
        try WeightsFile.load(into: self, from: path, skipMismatch: skipMismatch)
    }

    /// ``loadWeights(from:skipMismatch:)`` for a file URL.
    public func loadWeights(from url: URL, skipMismatch: Bool = false) throws {
        try loadWeights(from: url.path, skipMismatch: skipMismatch)
    }
}
