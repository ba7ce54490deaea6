/// `predict` over a ``BatchSource``.
extension Model {
    /// Predictions of a single-output model over every batch of `source` (its `x`; targets are
    /// ignored), concatenated along the batch axis — Keras's `predict` on a `Sequence`.
    ///
    /// ```swift
    /// let probabilities = try model.predict(ImageBatches(images: xTest, batchSize: 1000, sampleShape: [784]))
    /// ```
    public func predict(_ source: some BatchSource, verbose: Int = 0, callbacks: [Callback] = []) throws -> Tensor {
        let steps = source.batchCount
        let list = CallbackList(callbacks + (verbose > 0 && Distribution.isChief ? [ProgbarLogger(verbose: verbose, mode: .predict)] : []),
                                model: self, params: ["steps": steps, "verbose": verbose])
        try list.onPredictBegin()
        var pieces: [Tensor] = []
        for step in 0..<steps {
            try list.onPredictBatchBegin(step)
            let x = try source.batch(at: step, epoch: 0).x
            let outputs = try Distribution.dataParallel?.gatherPredictions(x, { try predictStep($0) }) ?? predictStep(x)
            guard outputs.count == 1 else {
                throw KerasError(.invalidArgument, "predict: the model has \(outputs.count) outputs; predict(_: BatchSource) returns one tensor")
            }
            pieces.append(outputs[0])
            try list.onPredictBatchEnd(step, outputs: outputs)
        }
        try list.onPredictEnd()
        guard let first = pieces.first else {
            throw KerasError(.invalidArgument, "predict: the batch source yields no batches (an empty dataset)")
        }
        return pieces.count == 1 ? first : K.backend.concatenate(pieces, axis: 0)
    }
}
