/// `fit`: train the model for a number of epochs.
extension Model {
    /// Trains on in-memory data.
    ///
    /// ```swift
    /// let history = try model.fit(xTrain, yTrain, batchSize: 128, epochs: 3, validationSplit: 0.1)
    /// history.history["val_loss"]
    /// ```
    ///
    /// Everything is checked before the first step: sample counts, names, target shapes against
    /// the losses, `validationSplit` in [0, 1), a non-empty dataset. Keras's rules apply:
    /// `validationSplit` takes the *last* fraction of the samples before any shuffling;
    /// `shuffle` reshuffles the training samples every epoch; `epochs` is the index of the final
    /// epoch (training runs `initialEpoch..<epochs`); `classWeight` weights each sample by its
    /// class (argmax of a one-hot target, or the integer label); `sampleWeight` weights samples
    /// of every output.
    ///
    /// `profile` records where the steps' time goes (see ``StepProfiler``; not a Keras argument).
    ///
    /// - Returns: the ``History`` of epoch logs (`loss`, metrics, `val_` variants).
    @discardableResult
    public func fit(_ x: some ModelData, _ y: some ModelData, batchSize: Int? = nil, epochs: Int = 1,
                    verbose: Int = 1, callbacks: [Callback] = [], validationSplit: Double = 0,
                    validationData: (x: any ModelData, y: any ModelData)? = nil, shuffle: Bool = true,
                    classWeight: [Int: Double]? = nil, sampleWeight: Tensor? = nil,
                    initialEpoch: Int = 0, stepsPerEpoch: Int? = nil, profile: StepProfiler? = nil) throws -> History {
        let compiled = try compiledModel(for: "fit")
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw KerasError(.invalidArgument, "fit: `validationSplit` must be in [0, 1), received \(validationSplit)")
        }
        let batchSize = try checkedBatchSize(batchSize, "fit")
        var data = try TrainingData(model: self, compiled: compiled, x: x, y: y, sampleWeight: sampleWeight,
                                    classWeight: classWeight, role: "")
        var validation: TrainingData?
        if let validationData {
            validation = try TrainingData(model: self, compiled: compiled, x: validationData.x, y: validationData.y,
                                          sampleWeight: nil, classWeight: nil, role: "validation ")
        } else if validationSplit > 0 {
            (data, validation) = try data.split(at: Int((Double(data.count) * (1 - validationSplit)).rounded(.down)),
                                                validationSplit: validationSplit)
        }
        let seed = Int(K.randomUniform([1], dtype: .float64).item * 1e9)
        let train = ArrayBatches(x: data.x, y: data.y, sampleWeights: data.sampleWeights, batchSize: batchSize,
                                 shuffle: shuffle, seed: seed)
        let val = validation.map {
            ArrayBatches(x: $0.x, y: $0.y, sampleWeights: $0.sampleWeights, batchSize: batchSize, shuffle: false, seed: 0)
        }
        return try runFit(train, validation: val, epochs: epochs, initialEpoch: initialEpoch, verbose: verbose,
                          callbacks: callbacks, stepsPerEpoch: stepsPerEpoch, profile: profile)
    }

    /// Trains on batches from a ``BatchSource`` (Keras's `fit_generator` / `Sequence`).
    @discardableResult
    public func fit(_ source: some BatchSource, epochs: Int = 1, verbose: Int = 1, callbacks: [Callback] = [],
                    validation: (any BatchSource)? = nil, initialEpoch: Int = 0,
                    stepsPerEpoch: Int? = nil, profile: StepProfiler? = nil) throws -> History {
        _ = try compiledModel(for: "fit")
        guard source.batchCount > 0 else {
            throw KerasError(.invalidArgument, "fit: the batch source yields no batches (an empty dataset)")
        }
        return try runFit(source, validation: validation, epochs: epochs, initialEpoch: initialEpoch,
                          verbose: verbose, callbacks: callbacks, stepsPerEpoch: stepsPerEpoch, profile: profile)
    }

    func checkedBatchSize(_ batchSize: Int?, _ method: String) throws -> Int {
        let size = batchSize ?? 32
        guard size > 0 else {
            throw KerasError(.invalidArgument, "\(method): `batchSize` must be a positive integer, received \(size)")
        }
        return size
    }

    private func runFit(_ source: some BatchSource, validation: (any BatchSource)?, epochs: Int, initialEpoch: Int,
                        verbose: Int, callbacks: [Callback], stepsPerEpoch: Int?, profile: StepProfiler?) throws -> History {
        if let profile, StepProfiler.current !== profile {
            return try profile.activate {
                try runFit(source, validation: validation, epochs: epochs, initialEpoch: initialEpoch, verbose: verbose,
                           callbacks: callbacks, stepsPerEpoch: stepsPerEpoch, profile: profile)
            }
        }
        let compiled = try compiledModel(for: "fit")
        let steps = stepsPerEpoch ?? source.batchCount
        guard steps > 0 else { throw KerasError(.invalidArgument, "fit: `stepsPerEpoch` must be positive, received \(steps)") }
        let history = History()
        self.history = history
        // Keras 3's order: the user's callbacks, then History, then the progress bar (which
        // therefore prints the entries other callbacks add to the epoch logs).
        let list = CallbackList(callbacks + [history] + (verbose > 0 ? [ProgbarLogger(verbose: verbose)] : []),
                                model: self, params: ["epochs": epochs, "steps": steps, "verbose": verbose])
        stopTraining = false
        try list.onTrainBegin()
        var epochLogs: Callback.Logs = [:]
        for epoch in initialEpoch..<max(initialEpoch, epochs) {
            compiled.resetMetrics()
            try list.onEpochBegin(epoch)
            for step in 0..<steps {
                try list.onTrainBatchBegin(step)
                try StepProfiler.step {
                    let batch = try StepProfiler.phase("data") { try source.batch(at: step % source.batchCount, epoch: epoch) }
                    try trainStep(batch)
                }
                try list.onTrainBatchEnd(step, logs: compiled.logs)
                if stopTraining { break }
            }
            epochLogs = compiled.logs
            if let validation {
                // As Keras 3, validation is an `evaluate` with the same callbacks (their test hooks run).
                let valLogs = try evaluationLoop(validation, callbacks: list)
                for (key, value) in valLogs.items { epochLogs["val_" + key] = value }
            }
            epochLogs = try list.onEpochEnd(epoch, logs: epochLogs)
            if stopTraining { break }
        }
        try list.onTrainEnd(logs: epochLogs)
        return history
    }
}
