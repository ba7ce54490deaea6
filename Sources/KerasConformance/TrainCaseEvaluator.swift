import KerasCore
/// Runs golden `"kind": "train"` cases: rebuild the model, set the weights, compile as recorded,
/// fit without shuffling, and compare the learned weights and the history.
enum TrainCaseEvaluator {
    static func evaluate(_ golden: GoldenCase) throws {
        guard let modelConfig = golden.json["model_config"], let compile = golden.json["compile"],
              let fitConfig = golden.json["fit"]?.objectValue else {
            throw KerasError(.io, "\(golden.id): train case needs \"model_config\", \"compile\" and \"fit\"")
        }
        let model = try Model.fromConfig(modelConfig)
        try model.setWeights(golden.tensors("weights"))
        let optimizer = try Optimizer.fromConfig(compile["optimizer"] ?? .null)

        let lossWeights = compile["loss_weights"] ?? .null
        switch compile["loss"] ?? .null {
        case .array(let list):
            try model.compile(optimizer: optimizer, loss: list.map(Loss.fromConfig),
                              lossWeights: lossWeights.arrayValue?.compactMap(\.doubleValue))
        case .object(let dict) where dict["class_name"] == nil:
            try model.compile(optimizer: optimizer, loss: dict.mapValues(Loss.fromConfig),
                              lossWeights: lossWeights.objectValue?.compactMapValues(\.doubleValue))
        case let single:
            try model.compile(optimizer: optimizer, loss: Loss.fromConfig(single),
                              lossWeights: lossWeights.arrayValue?.compactMap(\.doubleValue))
        }

        let fit = ConfigReader(fitConfig, context: "\(golden.id).fit")
        let x = try golden.tensors("x"), y = try golden.tensors("y")
        let history = try model.fit(x, y, batchSize: try fit.int("batch_size"), epochs: try fit.int("epochs") ?? 1,
                                    verbose: 0, shuffle: try fit.bool("shuffle") ?? true)

        let expectedWeights = try golden.tensors("expected_weights")
        let weights = model.getWeights()
        guard weights.count == expectedWeights.count else {
            throw ConformanceFailure("model has \(weights.count) weights, expected \(expectedWeights.count)")
        }
        for (i, (got, want)) in zip(weights, expectedWeights).enumerated() {
            if let problem = GoldenTensor.mismatch(got, want, rtol: golden.rtol, atol: golden.atol) {
                throw ConformanceFailure("weight \(i) (\(model.weights[i].name)) after fit: \(problem)")
            }
        }
        guard let expectedHistory = golden.json["expected_history"]?.objectValue else {
            throw KerasError(.io, "\(golden.id): train case without \"expected_history\"")
        }
        if Set(expectedHistory.keys) != Set(history.history.keys) {
            throw ConformanceFailure("history keys \(history.history.keys.sorted()), expected \(expectedHistory.keys.sorted())")
        }
        for (key, values) in expectedHistory {
            let want = values.arrayValue?.compactMap(\.doubleValue) ?? []
            let got = history.history[key] ?? []
            let tensorGot = Tensor(got, shape: [got.count], dtype: .float64)
            let tensorWant = Tensor(want, shape: [want.count], dtype: .float64)
            if let problem = GoldenTensor.mismatch(tensorGot, tensorWant, rtol: golden.rtol, atol: golden.atol) {
                throw ConformanceFailure("history[\"\(key)\"]: \(problem)")
            }
        }
    }
}
