import KerasCore

/// Loading Keras 2's HDF5 weights files (`model.save_weights("w.h5")` in Keras 2, or the
/// `model_weights` group of a Keras 2 full-model `.h5`), as Keras 3's `load_weights` still does.
///
/// The file's root (or `model_weights/`) lists `layer_names`; each layer's group lists its
/// `weight_names`, the paths of its datasets. Layers are matched in order: the file's layers
/// that have weights against the model's layers that have weights (Keras's "topological"
/// loading); each pair must have the same number of weights and the same shapes.
enum LegacyWeightsFile {
    static func load(into model: Model, from path: String) throws {
        guard model.built else {
            throw KerasError(.invalidArgument, "You are loading weights into a model that has not yet been built. Try building the model first by calling it on some data or by giving its first layer an input shape.")
        }
        var assignments: [(Variable, Tensor)] = []
        try HDF5File.read(path) { root in
            let base = try root.group(at: "model_weights") ?? root
            guard let layerNames = base.stringListAttribute("layer_names") else {
                throw KerasError(.io, "\(path): not a Keras weights file (no `layer_names` attribute at \(base.path)); Keras 3 weights files end in `.weights.h5`")
            }
            var saved: [(name: String, group: HDF5Group, weightNames: [String])] = []
            for name in layerNames {
                guard let group = try base.group(at: name) else {
                    throw KerasError(.io, "\(path): layer \"\(name)\" is listed in `layer_names` but has no group")
                }
                let weightNames = group.stringListAttribute("weight_names") ?? []
                if !weightNames.isEmpty { saved.append((name, group, weightNames)) }
            }
            let layers = model.layers.filter { !$0.weights.isEmpty }
            guard layers.count == saved.count else {
                throw KerasError(.shapeMismatch, "\(path): You are trying to load a weight file containing \(saved.count) layers into a model with \(layers.count) layers.")
            }
            for (index, (layer, entry)) in zip(layers, saved).enumerated() {
                let variables = layer.weights
                guard variables.count == entry.weightNames.count else {
                    throw KerasError(.shapeMismatch, "\(path): Layer #\(index) (named \"\(layer.name)\" in the current model) was found to correspond to layer \"\(entry.name)\" in the save file. However the new layer \"\(layer.name)\" expects \(variables.count) weights, but the saved weights have \(entry.weightNames.count) elements.")
                }
                for (variable, weightName) in zip(variables, entry.weightNames) {
                    let parts = weightName.split(separator: "/").map(String.init)
                    guard let group = try entry.group.group(at: parts.dropLast().joined(separator: "/")),
                          let leaf = parts.last, group.kind(of: leaf) == .dataset else {
                        throw KerasError(.io, "\(path): layer \"\(entry.name)\" lists weight \(weightName), which the file does not hold")
                    }
                    let (shape, _) = try group.datasetInfo(leaf)
                    guard shape == variable.shape else {
                        throw KerasError(.shapeMismatch, "\(path): layer \"\(layer.name)\" (\(layer.className)) from saved layer \"\(entry.name)\": weight \(variable.name) expected shape \(ShapeFormat.tuple(variable.shape)), found \(ShapeFormat.tuple(shape)) (\(weightName))")
                    }
                    let value = try group.readDataset(leaf)
                    assignments.append((variable, value.dtype == variable.dtype ? value : K.cast(value, variable.dtype)))
                }
            }
        }
        for (variable, value) in assignments { variable.assign(value) }
    }
}
