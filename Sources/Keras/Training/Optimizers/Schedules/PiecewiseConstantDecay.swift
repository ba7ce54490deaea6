/// A constant rate per interval of steps: `values[0]` while `step <= boundaries[0]`,
/// `values[i]` while `boundaries[i-1] < step <= boundaries[i]`, `values.last` after the last
/// boundary.
///
/// ```swift
/// let schedule = try PiecewiseConstantDecay(boundaries: [100_000, 110_000], values: [1.0, 0.5, 0.1])
/// schedule(step: 100_000)   // 1.0
/// schedule(step: 100_001)   // 0.5
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.schedules.PiecewiseConstantDecay` (values are float32;
/// boundaries are compared with the integer step, so they are truncated to integers).
public struct PiecewiseConstantDecay: LearningRateSchedule {
    public let boundaries: [Double]
    public let values: [Double]
    public let name: String

    /// Throws unless there is exactly one more value than boundaries.
    public init(boundaries: [Double], values: [Double], name: String = "PiecewiseConstant") throws {
        guard boundaries.count == values.count - 1 else {
            throw KerasError(.invalidArgument, "PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. Received: boundaries=\(boundaries) of length \(boundaries.count), and values=\(values) of length \(values.count).")
        }
        self.boundaries = boundaries
        self.values = values
        self.name = name
    }

    public func callAsFunction(step: Int) -> Double {
        let index = boundaries.firstIndex { step <= Int($0) } ?? boundaries.count
        return Double(Float(values[index]))
    }

    public var keras3Config: JSONValue {
        Self.serialized("PiecewiseConstantDecay", [
            "boundaries": .array(boundaries.map { .number($0) }), "values": .array(values.map { .number($0) }),
            "name": .string(name),
        ])
    }
}
