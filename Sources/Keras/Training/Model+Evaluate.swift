/// `evaluate`, `predict`, and the single-batch methods.
extension Model {
    /// The loss and metrics on data, in Keras's `metrics_names` order and by name
    /// (`scores[0]`, `scores["accuracy"]`; see ``EvaluationResult``). Values are averaged over
    /// all samples.
    ///
    /// ```swift
    /// let scores = try model.evaluate(xTest, yTest, batchSize: 128)
    /// print(scores.names, scores["loss"]!)
    /// ```
    public func evaluate(_ x: some ModelData, _ y: some ModelData, batchSize: Int? = nil, verbose: Int = 0,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> EvaluationResult {
        let compiled = try compiledModel(for: "evaluate")
        let data = try TrainingData(model: self, compiled: compiled, x: x, y: y, sampleWeight: sampleWeight,
                                    classWeight: nil, role: "")
        let batches = ArrayBatches(x: data.x, y: data.y, sampleWeights: data.sampleWeights,
                                   batchSize: try checkedBatchSize(batchSize, "evaluate"), shuffle: false, seed: 0)
        let list = CallbackList(callbacks + (verbose > 0 ? [ProgbarLogger(verbose: verbose, mode: .test)] : []),
                                model: self, params: ["steps": batches.batchCount, "verbose": verbose])
        return try evaluationLoop(batches, callbacks: list)
    }

    /// The loss and metrics over a ``BatchSource``.
    public func evaluate(_ source: some BatchSource, verbose: Int = 0, callbacks: [Callback] = []) throws -> EvaluationResult {
        let list = CallbackList(callbacks + (verbose > 0 ? [ProgbarLogger(verbose: verbose, mode: .test)] : []),
                                model: self, params: ["steps": source.batchCount, "verbose": verbose])
        return try evaluationLoop(source, callbacks: list)
    }

    func evaluationLoop(_ source: some BatchSource, callbacks: CallbackList) throws -> EvaluationResult {
        let compiled = try compiledModel(for: "evaluate")
        compiled.resetMetrics()
        try callbacks.onTestBegin()
        for step in 0..<source.batchCount {
            try callbacks.onTestBatchBegin(step)
            try testStep(source.batch(at: step, epoch: 0))
            try callbacks.onTestBatchEnd(step, logs: compiled.logs)
        }
        let result = compiled.orderedLogs
        try callbacks.onTestEnd(logs: result.dictionary)
        return result
    }

    /// Predictions of a single-output model, batch by batch, concatenated.
    ///
    /// ```swift
    /// let probabilities = try model.predict(xTest, batchSize: 256)
    /// ```
    public func predict(_ x: some ModelData, batchSize: Int? = nil, verbose: Int = 0,
                        callbacks: [Callback] = []) throws -> Tensor {
        let outputs: [Tensor] = try predict(x, batchSize: batchSize, verbose: verbose, callbacks: callbacks)
        guard outputs.count == 1 else {
            throw KerasError(.invalidArgument, "predict: the model has \(outputs.count) outputs; annotate the result as [Tensor]")
        }
        return outputs[0]
    }

    /// Predictions of every output, batch by batch, concatenated.
    @_disfavoredOverload
    public func predict(_ x: some ModelData, batchSize: Int? = nil, verbose: Int = 0,
                        callbacks: [Callback] = []) throws -> [Tensor] {
        let xs = try x.tensors(for: inputNames, role: "x")
        let count = try Rows.sampleCount([("x", xs)])
        let batchSize = try checkedBatchSize(batchSize, "predict")
        let steps = (count + batchSize - 1) / batchSize
        let list = CallbackList(callbacks + (verbose > 0 ? [ProgbarLogger(verbose: verbose, mode: .predict)] : []),
                                model: self, params: ["steps": steps, "verbose": verbose])
        try list.onPredictBegin()
        var pieces: [[Tensor]] = []
        for step in 0..<steps {
            try list.onPredictBatchBegin(step)
            let range = step * batchSize ..< min(count, (step + 1) * batchSize)
            let batch = steps == 1 ? xs : xs.map { Rows.slice($0, range) }
            let outputs = try predictStep(batch)
            pieces.append(outputs)
            try list.onPredictBatchEnd(step, outputs: outputs)
        }
        try list.onPredictEnd()
        guard let first = pieces.first else { return [] }
        if pieces.count == 1 { return first }
        return first.indices.map { i in K.backend.concatenate(pieces.map { $0[i] }, axis: 0) }
    }

    /// One gradient update on one batch; returns the batch's loss and metrics.
    public func trainOnBatch(_ x: some ModelData, _ y: some ModelData, sampleWeight: Tensor? = nil,
                             classWeight: [Int: Double]? = nil) throws -> [String: Double] {
        let compiled = try compiledModel(for: "trainOnBatch")
        let data = try TrainingData(model: self, compiled: compiled, x: x, y: y, sampleWeight: sampleWeight,
                                    classWeight: classWeight, role: "")
        compiled.resetMetrics()
        try trainStep(Batch(x: data.x, y: data.y, sampleWeights: data.sampleWeights))
        return compiled.logs
    }

    /// The loss and metrics of one batch, without updating weights.
    public func testOnBatch(_ x: some ModelData, _ y: some ModelData, sampleWeight: Tensor? = nil) throws -> [String: Double] {
        let compiled = try compiledModel(for: "testOnBatch")
        let data = try TrainingData(model: self, compiled: compiled, x: x, y: y, sampleWeight: sampleWeight,
                                    classWeight: nil, role: "")
        compiled.resetMetrics()
        try testStep(Batch(x: data.x, y: data.y, sampleWeights: data.sampleWeights))
        return compiled.logs
    }

    /// The outputs for one batch (`predict_on_batch`).
    public func predictOnBatch(_ x: some ModelData) throws -> [Tensor] {
        try predictStep(x.tensors(for: inputNames, role: "x"))
    }
}
