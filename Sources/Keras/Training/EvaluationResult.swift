/// What `evaluate` returns: the loss and metric values in Keras's `metrics_names` order
/// (`loss`, each output's loss, then the metrics), also readable by name.
///
/// ```swift
/// let scores = try model.evaluate(xTest, yTest)
/// scores[0]              // the loss (Keras's `evaluate(...)[0]`)
/// scores["accuracy"]     // by name (Keras's `return_dict=True`), nil for an unknown name
/// scores.names           // ["loss", "accuracy"]  (Keras's `model.metrics_names`)
/// for (name, value) in scores.items { print(name, value) }
/// ```
///
/// Mirrors Keras 3's `Model.evaluate` return value (a list in `metrics_names` order, or a dict
/// with `return_dict=True`).
public struct EvaluationResult: RandomAccessCollection, Sendable, Equatable, CustomStringConvertible {
    /// The names, in order.
    public let names: [String]
    /// The values, in the order of ``names``.
    public let values: [Double]

    /// A result from (name, value) pairs in order.
    public init(_ items: [(String, Double)]) {
        names = items.map(\.0)
        values = items.map(\.1)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }

    /// The value at a position in ``names`` order.
    public subscript(position: Int) -> Double { values[position] }

    /// The value named `name` (`"loss"`, `"accuracy"`, `"a_auc"`), nil when there is none.
    public subscript(name: String) -> Double? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// (name, value) pairs in order.
    public var items: [(name: String, value: Double)] { Array(zip(names, values)) }

    /// The values by name (Keras's `return_dict=True`).
    public var dictionary: [String: Double] {
        Dictionary(zip(names, values)) { first, _ in first }
    }

    /// `loss: 0.3125 - accuracy: 0.5000`, as Keras's progress bar prints logs.
    public var description: String {
        items.map { "\($0.name): \($0.value)" }.joined(separator: " - ")
    }
}
