/// The base of every optimizer: gradient clipping, decoupled weight decay, the learning rate
/// (a number or a schedule), per-variable slots, constraints, and the step counter — Keras 3's
/// `BaseOptimizer` machinery. Subclasses implement ``updateStep(_:_:learningRate:)``.
///
/// ```swift
/// let optimizer = Adam(learningRate: 1e-3)
/// optimizer.apply(gradients, to: model.trainableWeights)
/// ```
///
/// Each ``apply(_:to:)``: drops nil gradients, clips (`clipnorm` per variable, `globalClipnorm`
/// over all, or `clipvalue` — only one may be set), applies weight decay
/// `v ← v − v·weightDecay·lr`, runs the update, applies each variable's constraint, and counts
/// the step.
///
/// Mirrors Keras 3's `keras.optimizers.Optimizer`.
open class Optimizer: CustomStringConvertible {
    /// The learning rate: a number or a schedule of the step.
    public var learningRate: LearningRate
    public let weightDecay: Double?
    public let clipnorm: Double?
    public let clipvalue: Double?
    public let globalClipnorm: Double?
    /// The optimizer's name in configs (`"adam"`).
    public let name: String
    /// Completed update steps.
    public package(set) var iterations = 0
    package var slotTable: [ObjectIdentifier: [String: Variable]] = [:]

    public init(learningRate: LearningRate, weightDecay: Double? = nil, clipnorm: Double? = nil,
                clipvalue: Double? = nil, globalClipnorm: Double? = nil, name: String) {
        precondition([clipnorm, clipvalue, globalClipnorm].compactMap { $0 }.count <= 1,
                     "Optimizer \(name): only one of clipnorm, clipvalue and globalClipnorm can be set")
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
        self.name = name
    }

    /// The learning rate at the current step.
    public var currentLearningRate: Double { learningRate.value(at: iterations) }

    /// Applies one update of `gradients` to `variables` (same order; nil gradients are skipped).
    public func apply(_ gradients: [Tensor?], to variables: [Variable]) {
        precondition(gradients.count == variables.count,
                     "Optimizer \(name): \(gradients.count) gradients for \(variables.count) variables")
        var pairs = zip(gradients, variables).compactMap { g, v in g.map { ($0.detached, v) } }
        guard !pairs.isEmpty else { return }
        pairs = clip(pairs)
        prepareStep()
        let lr = currentLearningRate
        GradientRecording.$isEnabled.withValue(false) {
            for (gradient, variable) in pairs {
                let rate = Tensor(scalar: Double(Float(lr)), dtype: variable.dtype)
                if let weightDecay, weightDecay != 0, decays(variable) {
                    variable.assign(variable.numpy - variable.numpy * (rate * weightDecay))
                }
                updateStep(gradient, variable, learningRate: rate)
                if let constraint = variable.constraint { variable.assign(constraint(variable.numpy)) }
            }
        }
        iterations += 1
    }

    /// Updates one variable from its gradient. `learningRate` is a scalar of the variable's dtype.
    open func updateStep(_ gradient: Tensor, _ variable: Variable, learningRate: Tensor) {
        preconditionFailure("\(type(of: self)) must override updateStep(_:_:learningRate:)")
    }

    /// Runs once per step before the variable updates (Nadam's momentum product).
    open func prepareStep() {}

    /// Recomputes state derived from ``iterations`` after a restore (Nadam's momentum product).
    open func didRestoreState() {}

    /// Whether weight decay applies to `variable` (all by default).
    open func decays(_ variable: Variable) -> Bool { true }

    /// The slot `name` of `variable` (a momentum, an accumulator), created on first use filled
    /// with `initialValue`.
    public func slot(_ name: String, for variable: Variable, initialValue: Double = 0) -> Variable {
        let key = ObjectIdentifier(variable)
        if let existing = slotTable[key]?[name] { return existing }
        let slot = Variable(Tensor(shape: variable.shape, repeating: initialValue, dtype: variable.dtype),
                            name: "\(self.name)/\(variable.name)_\(name)", trainable: false)
        slotTable[key, default: [:]][name] = slot
        return slot
    }

    /// Every slot variable.
    public var slots: [Variable] { slotTable.values.flatMap { $0.values } }

    /// Keras 3 config: name, learning rate, clipping and decay settings; subclasses add theirs.
    open func getConfig() -> [String: JSONValue] {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        return [
            "name": .string(name),
            "learning_rate": learningRate.config,
            "weight_decay": number(weightDecay),
            "clipnorm": number(clipnorm),
            "global_clipnorm": number(globalClipnorm),
            "clipvalue": number(clipvalue),
        ]
    }

    public var description: String { "<\(type(of: self)) \(name) learningRate=\(currentLearningRate)>" }

    private func clip(_ pairs: [(Tensor, Variable)]) -> [(Tensor, Variable)] {
        if let clipvalue {
            return pairs.map { (K.clip($0.0, minValue: -clipvalue, maxValue: clipvalue), $0.1) }
        }
        if let clipnorm {
            return pairs.map { g, v in
                let norm = K.sqrt(K.sum(K.square(g)))
                return (g * clipnorm / K.maximum(norm, Tensor(scalar: clipnorm, dtype: norm.dtype)), v)
            }
        }
        if let globalClipnorm {
            let squares = pairs.map { K.sum(K.square(K.cast($0.0, .float64))).item }
            let norm = squares.reduce(0, +).squareRoot()
            let scale = globalClipnorm / max(norm, globalClipnorm)
            return pairs.map { ($0.0 * scale, $0.1) }
        }
        return pairs
    }
}

/// A learning rate: a constant or a schedule of the step (`0.001` works as a literal).
public enum LearningRate: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, Sendable {
    case constant(Double)
    case schedule(LearningRateSchedule)

    public init(floatLiteral value: Double) { self = .constant(value) }
    public init(integerLiteral value: Int) { self = .constant(Double(value)) }

    /// The rate at step `step`.
    public func value(at step: Int) -> Double {
        switch self {
        case .constant(let v): v
        case .schedule(let s): s(step: step)
        }
    }

    /// The Keras config value: a number or a serialized schedule.
    public var config: JSONValue {
        switch self {
        case .constant(let v): .number(Double(Float(v)))
        case .schedule(let s): s.keras3Config
        }
    }
}

/// A learning rate as a function of the step (Keras's `LearningRateSchedule`).
public protocol LearningRateSchedule: Sendable {
    /// The rate at (0-based) step `step`.
    func callAsFunction(step: Int) -> Double
    /// The serialized schedule `{"module", "class_name", "config", …}`.
    var keras3Config: JSONValue { get }
}
