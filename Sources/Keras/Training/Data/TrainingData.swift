/// `x`, `y` and sample weights resolved against a compiled model and checked before any step
/// runs: names, sample counts, emptiness, and each target's shape against its output and loss.
struct TrainingData {
    var x: [Tensor]
    var y: [Tensor]
    var sampleWeights: [Tensor?]

    var count: Int { x.first?.shape[0] ?? 0 }

    init(model: Model, compiled: CompiledModel, x: some ModelData, y: some ModelData, sampleWeight: Tensor?,
         classWeight: [Int: Double]?, role: String) throws {
        self.x = try x.tensors(for: model.inputNames, role: "\(role)x")
        self.y = try y.tensors(for: compiled.outputNames, role: "\(role)y")
        let count = try Rows.sampleCount([("\(role)x", self.x), ("\(role)y", self.y)])
        guard count > 0 else {
            throw KerasError(.invalidArgument, "\(role.isEmpty ? "" : role)data is empty: `x` has 0 samples")
        }
        if let sampleWeight {
            guard sampleWeight.rank >= 1, sampleWeight.shape[0] == count else {
                throw KerasError(.invalidArgument, "`sampleWeight` has shape \(sampleWeight.shape), expected \(count) samples (the first axis of `x`)")
            }
        }
        let outputShapes = ((try? model.outputs) ?? []).map(\.shape)
        for (i, loss) in compiled.losses.enumerated() {
            guard let loss, i < outputShapes.count else { continue }
            try Self.checkTarget(self.y[i], output: outputShapes[i], loss: loss, name: compiled.outputNames[i], role: role)
        }
        var weights: [Tensor?] = compiled.outputNames.map { _ in sampleWeight }
        if let classWeight {
            guard self.y.count == 1 else {
                throw KerasError(.invalidArgument, "`classWeight` is only supported for models with a single output")
            }
            let perSample = try Self.classWeights(classWeight, targets: self.y[0])
            weights = [sampleWeight.map { K.multiply($0, perSample) } ?? perSample]
        }
        sampleWeights = weights
    }

    /// The first `index` samples for training and the rest for validation.
    func split(at index: Int, validationSplit: Double) throws -> (TrainingData, TrainingData) {
        guard index > 0 && index < count else {
            throw KerasError(.invalidArgument, "fit: `validationSplit`=\(validationSplit) leaves \(index == 0 ? "no training" : "no validation") samples out of \(count)")
        }
        func part(_ range: Range<Int>) -> TrainingData {
            var d = self
            d.x = x.map { Rows.slice($0, range) }
            d.y = y.map { Rows.slice($0, range) }
            d.sampleWeights = sampleWeights.map { $0.map { Rows.slice($0, range) } }
            return d
        }
        return (part(0..<index), part(index..<count))
    }

    /// Keras's target checks: the target must have the output's shape, or the sparse shape for
    /// sparse losses, or differ only by a trailing axis of size 1.
    static func checkTarget(_ target: Tensor, output: [Int?], loss: Loss, name: String, role: String) throws {
        let t = Array(target.shape.dropFirst())
        let o = Array(output.dropFirst())
        func same(_ a: [Int], _ b: [Int?]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $1 == nil || $0 == $1! }
        }
        if loss.name.hasPrefix("sparse_") {
            if same(t, Array(o.dropLast())) || (t.last == 1 && same(Array(t.dropLast()), Array(o.dropLast()))) {
                if let classes = o.last ?? nil { try checkLabels(target, classes: classes, loss: loss, name: name, role: role) }
                return
            }
            throw KerasError(.shapeMismatch, "\(role)Target for output \"\(name)\" has shape \(ShapeFormat.tuple(target.shape.map { $0 })), but loss \(loss.name) expects integer labels of shape \(ShapeFormat.tuple([nil] + Array(o.dropLast())))")
        }
        if same(t, o) { return }
        if same(t + [1], o) || (t.last == 1 && same(Array(t.dropLast()), o)) { return }
        var hint = ""
        if loss.name == "categorical_crossentropy", t.last == 1 || t.isEmpty {
            hint = " You are passing integer labels to categorical_crossentropy: convert them with K.oneHot or use sparse_categorical_crossentropy."
        }
        throw KerasError(.shapeMismatch, "\(role)Target for output \"\(name)\" has shape \(ShapeFormat.tuple(target.shape.map { $0 })), but the output has shape \(ShapeFormat.tuple(output)) and loss \(loss.name) needs the same shape.\(hint)")
    }

    /// Sparse labels must be class indices of the output: Keras on TensorFlow raises for a label
    /// outside `[0, classes)`; without this check the one-hot row is all zeros and the loss a
    /// silent 0.
    static func checkLabels(_ target: Tensor, classes: Int, loss: Loss, name: String, role: String) throws {
        for (index, label) in target.doubles.enumerated() where !(label >= 0 && label < Double(classes)) || label != label.rounded(.down) {
            let shown = label == label.rounded() && abs(label) < 1e15 ? String(Int(label)) : String(label)
            throw KerasError(.invalidArgument, "\(role)Target for output \"\(name)\" holds label \(shown) at index \(index), outside the valid range [0, \(classes)) of the output's \(classes) classes (loss \(loss.name))")
        }
    }

    /// One weight per sample from its class: the argmax of a one-hot row, or the integer label.
    static func classWeights(_ table: [Int: Double], targets: Tensor) throws -> Tensor {
        let classes: [Int]
        if targets.rank >= 2, targets.shape.last! > 1 {
            classes = K.argmax(targets, axis: -1).doubles.map { Int($0) }
        } else {
            classes = targets.doubles.map { Int($0) }
        }
        let weights = try classes.map { c -> Double in
            guard let w = table[c] else {
                throw KerasError(.invalidArgument, "`classWeight` has no entry for class \(c), which appears in the targets; expected a weight for each of \(Set(classes).sorted())")
            }
            return w
        }
        return Tensor(weights, shape: [weights.count], dtype: targets.dtype.isFloatingPoint ? targets.dtype : KerasConfig.floatx)
    }
}
