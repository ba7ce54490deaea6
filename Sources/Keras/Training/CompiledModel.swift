/// A metric given to `compile`: a Keras name (`"accuracy"`, `"mae"`) or a ``Metric`` object.
public enum MetricSpec: ExpressibleByStringLiteral {
    case named(String)
    case metric(Metric)

    public init(stringLiteral value: String) { self = .named(value) }
}

/// What `compile` configured, resolved per model output.
package final class CompiledModel {
    package let optimizer: Optimizer
    /// Output names (the layers producing the model's outputs), in `model.outputs` order.
    package let outputNames: [String]
    /// The loss of each output; nil for an output without a loss (absent from a dictionary).
    let losses: [Loss?]
    let lossWeights: [Double]
    let metricSpecs: [[MetricSpec]]
    /// The metric objects per output, resolved from the shapes of the first batch.
    private(set) var metrics: [[Metric]]?

    let lossTracker = Mean(name: "loss")
    let outputLossTrackers: [Mean]

    init(optimizer: Optimizer, outputNames: [String], losses: [Loss?], lossWeights: [Double], metrics: [[MetricSpec]]) {
        self.optimizer = optimizer
        self.outputNames = outputNames
        self.losses = losses
        self.lossWeights = lossWeights
        metricSpecs = metrics
        outputLossTrackers = outputNames.count > 1 ? outputNames.map { Mean(name: "\($0)_loss") } : []
    }

    /// The resolved metrics, created from the first batch's targets and predictions.
    func resolvedMetrics(yTrue: [Tensor], yPred: [Tensor]) throws -> [[Metric]] {
        if let metrics { return metrics }
        let resolved = try metricSpecs.enumerated().map { i, specs in
            try specs.map { spec -> Metric in
                switch spec {
                case .metric(let m): return m
                case .named(let name): return try Metric.resolve(name, yTrue: yTrue[i], yPred: yPred[i])
                }
            }
        }
        metrics = resolved
        metricLogNames = Self.logNames(resolved, outputNames: outputNames)
        return resolved
    }

    /// The names metrics are logged under, as Keras 3's `CompileMetrics.result` makes them: on a
    /// model with several outputs each metric's name gets its output's name as a prefix
    /// (`a_auc`); a name seen before gets `_1`, `_2`, ….
    static func logNames(_ metrics: [[Metric]], outputNames: [String]) -> [String] {
        var seen: [String: Int] = [:]
        var names: [String] = []
        for (i, outputMetrics) in metrics.enumerated() {
            for metric in outputMetrics {
                var name = outputNames.count > 1 ? "\(outputNames[i])_\(metric.name)" : metric.name
                if let count = seen[name] {
                    seen[name] = count + 1
                    name = "\(name)_\(count)"
                } else {
                    seen[name] = 1
                }
                names.append(name)
            }
        }
        return names
    }

    /// The log names of the resolved metrics, in order.
    private var metricLogNames: [String] = []

    /// Every tracker in log order: loss, the outputs' losses, then the metrics.
    var trackers: [Metric] { [lossTracker] + outputLossTrackers + (metrics ?? []).flatMap { $0 } }

    /// The names of ``trackers`` in the logs (Keras's `metrics_names`).
    var trackerNames: [String] { [lossTracker.name] + outputLossTrackers.map(\.name) + metricLogNames }

    func resetMetrics() { for t in trackers { t.resetState() } }

    /// Current values in log order (`loss`, `<output>_loss`, then the metrics).
    var orderedLogs: EvaluationResult { EvaluationResult(Array(zip(trackerNames, results))) }

    /// The trackers' results; under DataParallel, over the totals and counts of every rank.
    private var results: [Double] { Distribution.dataParallel?.globalResults(trackers) ?? trackers.map { $0.result() } }

    /// Current values by name (`loss`, `<output>_loss`, metric names).
    var logs: [String: Double] {
        var logs: [String: Double] = [:]
        for (name, value) in zip(trackerNames, results) { logs[name] = value }
        return logs
    }
}

extension Model {
    /// The compiled configuration, or an error telling the user to compile first.
    func compiledModel(for method: String) throws -> CompiledModel {
        guard let compiled else {
            throw KerasError(.invalidArgument, "You must call compile() before using the model's \(method)().")
        }
        return compiled
    }

    /// Output names as Keras uses them: the names of the layers producing the outputs.
    package var outputNames: [String] { ((try? outputs) ?? []).map(\.layer.name) }

    /// Input names: the names of the input layers.
    var inputNames: [String] { ((try? inputs) ?? []).map(\.layer.name) }
}
