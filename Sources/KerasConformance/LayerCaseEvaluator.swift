import KerasCore
/// Runs golden `"kind": "layer"` and `"kind": "model"` cases: builds the layer or model from its
/// Keras 3 config, sets the recorded weights, runs it, and compares the outputs.
enum LayerCaseEvaluator {
    /// A layer case: build from `class_name` + `config`, call once to build, set the weights,
    /// call again with the case's `training` flag.
    static func evaluateLayer(_ golden: GoldenCase) throws {
        guard let className = golden.json["class_name"]?.stringValue,
              let config = golden.json["config"]?.objectValue else {
            throw KerasError(.io, "\(golden.id): layer case without \"class_name\" and \"config\"")
        }
        let inputs = try golden.tensors("inputs")
        let weights = try golden.tensors("weights")
        let expected = try golden.tensors("expected")
        let training = golden.json["training"]?.boolValue ?? false

        let layer = try LayerRegistry.layer(className: className, config: config)
        _ = try layer.callEager(inputs, training: training)
        try layer.setWeights(weights)
        let outputs = try layer.callEager(inputs, training: training)
        try compare(outputs, expected, golden)
    }

    /// A model case: rebuild from `model_config`, set the weights, predict.
    static func evaluateModel(_ golden: GoldenCase) throws {
        guard let config = golden.json["model_config"] else {
            throw KerasError(.io, "\(golden.id): model case without \"model_config\"")
        }
        let model = try Model.fromConfig(config)
        try model.setWeights(golden.tensors("weights"))
        let outputs = try model.callEager(golden.tensors("inputs"), training: false)
        try compare(outputs, golden.tensors("expected"), golden)
    }

    private static func compare(_ outputs: [Tensor], _ expected: [Tensor], _ golden: GoldenCase) throws {
        guard outputs.count == expected.count else {
            throw ConformanceFailure("returned \(outputs.count) outputs, expected \(expected.count)")
        }
        for (index, (got, want)) in zip(outputs, expected).enumerated() {
            if let problem = GoldenTensor.mismatch(got, want, rtol: golden.rtol, atol: golden.atol) {
                throw ConformanceFailure(expected.count == 1 ? "output: \(problem)" : "output \(index): \(problem)")
            }
        }
    }
}
