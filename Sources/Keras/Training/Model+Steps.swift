/// One step of training, evaluation or prediction on a batch — what `fit`, `evaluate`,
/// `trainOnBatch` and `testOnBatch` are made of.
extension Model {
    /// Forward pass with gradient recording, loss, gradients, one optimizer update, and the
    /// loss and metric trackers updated.
    ///
    /// Each step — the making of its batch included — runs through
    /// ``FallbackMonitor/throwingViolations(_:)``: under the fallback policy `error`, an op the
    /// backend does not run makes the step throw.
    func trainStep(_ makeBatch: @autoclosure () throws -> Batch) throws {
        let compiled = try compiledModel(for: "fit")
        let variables = trainableWeights
        try FallbackMonitor.throwingViolations {
            let batch = try makeBatch()
            // Under DataParallel: gradients summed over the ranks, bucket by bucket as they are
            // ready; dropout masks drawn by the rows' places in the global batch.
            let parallel = Distribution.dataParallel
            let sync = parallel?.gradientSync(for: variables)
            sync?.begin(samples: batch.size)
            if let parallel, let sync, batch.size == 0 {  // a last batch smaller than the job: nothing to add here
                compiled.optimizer.apply(sync.finish(variables.map { _ in nil }), to: variables)
                parallel.finishStep(sync, model: self)
                return
            }
            // The tape and the graph it recorded (which holds the weights' values) end inside
            // `forwardAndBackward`, so the optimizer finds the weights' buffers uniquely owned and
            // updates them in place.
            let rows = parallel.map { _ in BatchRows(first: batch.firstRow, count: batch.size) }
            let (gradients, predictions, total, outputLosses) = try BatchRows.$current.withValue(rows) {
                try forwardAndBackward(compiled, batch, variables, ready: sync.map { $0.ready })
            }
            let reduced = sync.map { sync in StepProfiler.phase("all-reduce") { sync.finish(gradients) } } ?? gradients
            if let parallel, let sync { parallel.finishStep(sync, model: self) }
            StepProfiler.phase("optimizer") { compiled.optimizer.apply(reduced, to: variables) }
            try StepProfiler.phase("metrics") {
                try updateTrackers(compiled, batch, predictions, total: total, outputLosses: outputLosses)
            }
        }
    }

    /// The recorded forward pass and the gradients; every returned tensor is detached.
    /// `ready(i, g)` is called as soon as variable `i`'s gradient is final, during the backward pass.
    private func forwardAndBackward(_ compiled: CompiledModel, _ batch: Batch, _ variables: [Variable],
                                    ready: ((Int, Tensor) -> Void)? = nil) throws
        -> (gradients: [Tensor?], predictions: [Tensor], total: Tensor, outputLosses: [Tensor?]) {
        let tape = GradientTape()
        var predictions: [Tensor] = []
        var outputLosses: [Tensor?] = []
        let total: Tensor = try StepProfiler.phase("forward") {
            try tape.record {
                predictions = try callEager(batch.x, training: true)
                let (total, perOutput) = try computeLoss(compiled, batch, predictions)
                outputLosses = perOutput
                return total
            }
        }
        let gradients: [Tensor?] = StepProfiler.phase("backward") {
            tape.gradient(total, variables, ready: ready).map { $0.detached }
        }
        return (gradients, predictions.map(\.detached), total.detached, outputLosses.map { $0?.detached })
    }

    /// Forward pass in inference mode, loss, and the trackers updated.
    func testStep(_ makeBatch: @autoclosure () throws -> Batch) throws {
        let compiled = try compiledModel(for: "evaluate")
        try FallbackMonitor.throwingViolations { try GradientRecording.$isEnabled.withValue(false) {
            let batch = try makeBatch()
            if batch.size == 0 && Distribution.dataParallel != nil { return }  // this rank's share of a tiny batch
            let predictions = try callEager(batch.x, training: false)
            let (total, perOutput) = try computeLoss(compiled, batch, predictions)
            try updateTrackers(compiled, batch, predictions, total: total, outputLosses: perOutput)
        } }
    }

    /// Outputs in inference mode, without recording gradients.
    func predictStep(_ makeInputs: @autoclosure () throws -> [Tensor]) throws -> [Tensor] {
        try FallbackMonitor.throwingViolations {
            try GradientRecording.$isEnabled.withValue(false) { try callEager(makeInputs(), training: false) }
        }
    }

    /// `Σ weight_i · loss_i(y_i, ŷ_i, sw_i) + Σ model.losses`, and each output's unweighted loss.
    func computeLoss(_ compiled: CompiledModel, _ batch: Batch, _ predictions: [Tensor]) throws -> (Tensor, [Tensor?]) {
        var total: Tensor?
        var perOutput: [Tensor?] = []
        for (i, loss) in compiled.losses.enumerated() {
            guard let loss else { perOutput.append(nil); continue }
            let weight = i < batch.sampleWeights.count ? batch.sampleWeights[i] : nil
            let value = loss(batch.y[i], predictions[i], sampleWeight: weight)
            perOutput.append(value)
            let weighted = compiled.lossWeights[i] == 1 ? value : value * compiled.lossWeights[i]
            total = total.map { K.add($0, weighted) } ?? weighted
        }
        guard var result = total else {
            throw KerasError(.invalidArgument, "No loss to compute: compile() gave none of the outputs \(compiled.outputNames) a loss")
        }
        for extra in losses { result = K.add(result, K.cast(K.sum(extra), result.dtype)) }
        return (result, perOutput)
    }

    private func updateTrackers(_ compiled: CompiledModel, _ batch: Batch, _ predictions: [Tensor],
                                total: Tensor, outputLosses: [Tensor?]) throws {
        let size = Tensor(scalar: Double(batch.size), dtype: .float64)
        compiled.lossTracker.update(total.detached, sampleWeight: size)
        for (tracker, value) in zip(compiled.outputLossTrackers, outputLosses) {
            if let value { tracker.update(value.detached, sampleWeight: size) }
        }
        let metrics = try compiled.resolvedMetrics(yTrue: batch.y, yPred: predictions)
        for (i, outputMetrics) in metrics.enumerated() where i < batch.y.count {
            let weight = i < batch.sampleWeights.count ? batch.sampleWeights[i] : nil
            for metric in outputMetrics {
                metric.updateState(yTrue: batch.y[i], yPred: predictions[i], sampleWeight: weight)
            }
        }
    }
}
