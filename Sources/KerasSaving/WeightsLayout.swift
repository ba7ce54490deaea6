import KerasCore

/// Where each layer's weights live in a Keras 3 `.weights.h5` file.
///
/// Keras 3 (`saving_lib.py`) walks the model as a tree of objects: every layer (and the model
/// itself) gets a group `<path>/vars` holding its *own* variables as datasets `0`, `1`, … in
/// creation order (trainable then non-trainable), with a `name` attribute holding the layer's
/// name. Children are found by attribute name:
///
/// * a functional or sequential model lists its layers under `layers/`, each keyed by its
///   snake-cased class name made unique within the list (`dense`, `dense_1`, `input_layer`) —
///   not by the layer's own name;
/// * a recurrent layer keeps its cell under `cell`, `TimeDistributed` its layer under `layer`,
///   `Bidirectional` its two layers under `backward_layer` and `forward_layer`;
/// * a user-defined layer or model keeps sub-layers in stored properties; their snake-cased
///   names are the keys (`self.denseOne` → `dense_one`), visited in Keras's order (sorted, names
///   starting with `_` last), and arrays of layers become lists like `layers/`.
///
/// A layer reached twice (a shared layer) is stored once, at the first path.
///
/// ```text
/// vars                              attrs {name: "functional"}     (the model's own: none)
/// layers/input_layer/vars           attrs {name: "input"}
/// layers/lstm/vars                  attrs {name: "lstm"}
/// layers/lstm/cell/vars/0 … 2       kernel, recurrent_kernel, bias
/// layers/sequential/layers/dense/vars/0, 1
/// ```
struct WeightsLayout {
    /// One object of the tree: its path (`""` for the root), the layer, its own variables.
    struct Entry {
        let path: String
        let layer: Layer
        let variables: [Variable]

        /// The group holding the variables: `vars` at the root, `<path>/vars` below it.
        var varsPath: String { path.isEmpty ? "vars" : path + "/vars" }
    }

    /// Every object, parents before children, in Keras's visiting order.
    let entries: [Entry]

    init(root: Layer) {
        var entries: [Entry] = []
        var visited = Set<ObjectIdentifier>()
        Self.visit(root, path: "", visited: &visited, into: &entries)
        self.entries = entries
    }

    private static func visit(_ layer: Layer, path: String, visited: inout Set<ObjectIdentifier>, into entries: inout [Entry]) {
        guard visited.insert(ObjectIdentifier(layer)).inserted else { return }
        entries.append(Entry(path: path, layer: layer, variables: layer.ownTrainableWeights + layer.ownNonTrainableWeights))
        for (key, child) in children(of: layer) {
            let childPath = path.isEmpty ? key : path + "/" + key
            switch child {
            case .layer(let sublayer):
                visit(sublayer, path: childPath, visited: &visited, into: &entries)
            case .list(let list):
                // Keras names list items by class, counting every item (even one already saved).
                var used: [String: Int] = [:]
                for item in list {
                    let base = UniqueNames.snakeCase(item.className)
                    let n = used[base, default: -1] + 1
                    used[base] = n
                    visit(item, path: childPath + "/" + (n == 0 ? base : "\(base)_\(n)"), visited: &visited, into: &entries)
                }
            }
        }
    }

    enum Child {
        case layer(Layer)
        case list([Layer])
    }

    /// The children of `layer`, keyed as Keras 3 keys them.
    static func children(of layer: Layer) -> [(String, Child)] {
        var found: [(String, Child)] = []
        if let model = layer as? Model, model is Sequential || model.graph != nil {
            found.append(("layers", .list(model.layers)))
        } else if let rnn = layer as? RNN {
            found.append(("cell", .layer(rnn.cell)))
        } else if let wrapper = layer as? Bidirectional {
            found += [("backward_layer", .layer(wrapper.backwardLayer)), ("forward_layer", .layer(wrapper.forwardLayer))]
        } else if let wrapper = layer as? TimeDistributed {
            found.append(("layer", .layer(wrapper.layer)))
        }
        found += userDefinedChildren(of: layer)
        // Tracked layers reached by none of the above (tracked but not stored in a property).
        var reached = Set<ObjectIdentifier>()
        for (_, child) in found {
            switch child {
            case .layer(let l): reached.insert(ObjectIdentifier(l))
            case .list(let list): for l in list { reached.insert(ObjectIdentifier(l)) }
            }
        }
        let rest = layer.trackedLayers.filter { !reached.contains(ObjectIdentifier($0)) }
        if !rest.isEmpty && !found.contains(where: { $0.0 == "layers" }) { found.append(("layers", .list(rest))) }
        return found
    }

    /// `"KerasCore."`: the prefix of the fully qualified names of the core's own classes.
    private static let coreModulePrefix = String(reflecting: Layer.self).prefix { $0 != "." } + "."

    /// Layers held in stored properties declared outside SwiftKeras (user subclasses), keyed by
    /// the snake-cased property name and sorted as Keras sorts attribute names.
    private static func userDefinedChildren(of layer: Layer) -> [(String, Child)] {
        var found: [(String, Child)] = []
        var mirror: Mirror? = Mirror(reflecting: layer)
        while let current = mirror, !String(reflecting: current.subjectType).hasPrefix(coreModulePrefix) {
            for child in current.children {
                guard let label = child.label, let value = layerValue(child.value) else { continue }
                found.append((UniqueNames.snakeCase(label.hasPrefix("$__lazy_storage_$_") ? String(label.dropFirst(18)) : label), value))
            }
            mirror = current.superclassMirror
        }
        // Keras visits attributes sorted by name, with private (`_`) ones last.
        func key(_ name: String) -> String { name.hasPrefix("_") ? "~" + name : name }
        return found.sorted { key($0.0) < key($1.0) }
    }

    /// `value` as a layer or a list of layers (looking through optionals), or nil.
    private static func layerValue(_ value: Any) -> Child? {
        if let layer = value as? Layer { return .layer(layer) }
        if let list = value as? [Layer], !list.isEmpty { return .list(list) }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value { return layerValue(wrapped) }
        return nil
    }
}
