/// What SimpleRNN, LSTM and GRU cells share: `gates × units` columns of an input kernel
/// `(features, gates·units)`, a recurrent kernel `(units, gates·units)` and a bias, created in
/// Keras's order (`kernel`, `recurrent_kernel`, `bias`), plus input and recurrent dropout.
open class GatedCell: RNNCell {
    public let units: Int
    public let gates: Int
    public let activation: Activation
    public let recurrentActivation: Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let recurrentInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let recurrentRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    public let kernelConstraint: Constraint?
    public let recurrentConstraint: Constraint?
    public let biasConstraint: Constraint?
    public let dropout: Double
    public let recurrentDropout: Double

    public private(set) var kernel: Variable?
    public private(set) var recurrentKernel: Variable?
    public private(set) var bias: Variable?

    init(units: Int, gates: Int, states: Int, arguments a: CellArguments, name: String?) {
        if let problem = CellArguments.unitsProblem(units) ?? a.dropoutProblem { preconditionFailure(problem) }
        self.units = units
        self.gates = gates
        activation = a.activation
        recurrentActivation = a.recurrentActivation
        useBias = a.useBias
        kernelInitializer = a.kernelInitializer
        recurrentInitializer = a.recurrentInitializer
        biasInitializer = a.biasInitializer
        kernelRegularizer = a.kernelRegularizer
        recurrentRegularizer = a.recurrentRegularizer
        biasRegularizer = a.biasRegularizer
        kernelConstraint = a.kernelConstraint
        recurrentConstraint = a.recurrentConstraint
        biasConstraint = a.biasConstraint
        dropout = a.dropout
        recurrentDropout = a.recurrentDropout
        super.init(stateSize: Array(repeating: units, count: states), outputSize: units, name: name, dtype: a.dtype)
    }

    /// The bias shape and initializer (GRU and LSTM override).
    open var biasShape: [Int] { [gates * units] }
    open var effectiveBiasInitializer: Initializer { biasInitializer }

    open override func build(inputShape: [Int?]) throws {
        guard let features = inputShape.last ?? nil else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\": the feature axis of the input must be known, received \(ShapeFormat.tuple(inputShape))")
        }
        kernel = addWeight(name: "kernel", shape: [features, gates * units], initializer: kernelInitializer,
                           regularizer: kernelRegularizer, constraint: kernelConstraint)
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [units, gates * units], initializer: recurrentInitializer,
                                    regularizer: recurrentRegularizer, constraint: recurrentConstraint)
        if useBias {
            bias = addWeight(name: "bias", shape: biasShape, initializer: effectiveBiasInitializer,
                             regularizer: biasRegularizer, constraint: biasConstraint)
        }
    }

    open override var dropoutRates: (input: Double, recurrent: Double) { (dropout, recurrentDropout) }

    /// Column block `i` (of `units` columns) of a `(…, gates·units)` tensor.
    func gate(_ x: Tensor, _ i: Int) -> Tensor {
        K.slice(x, start: [0, i * units], size: [x.shape[0], units])
    }

    /// The cell's Keras 3 config (`keras.layers.SimpleRNNCell.get_config()` and the like).
    open override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        encodeCell(into: &config)
        config["seed"] = .null
        return config
    }

    /// The cell arguments of the config.
    func encodeCell(into config: inout [String: JSONValue]) {
        config["units"] = .number(Double(units))
        config["activation"] = LayerArguments.encode(activation)
        // A one-gate cell (SimpleRNN) has no recurrent activation in Keras, which refuses the key.
        if gates > 1 { config["recurrent_activation"] = LayerArguments.encode(recurrentActivation) }
        config["use_bias"] = .bool(useBias)
        config["kernel_initializer"] = LayerArguments.encode(kernelInitializer)
        config["recurrent_initializer"] = LayerArguments.encode(recurrentInitializer)
        config["bias_initializer"] = LayerArguments.encode(biasInitializer)
        config["kernel_regularizer"] = LayerArguments.encode(kernelRegularizer)
        config["recurrent_regularizer"] = LayerArguments.encode(recurrentRegularizer)
        config["bias_regularizer"] = LayerArguments.encode(biasRegularizer)
        config["kernel_constraint"] = LayerArguments.encode(kernelConstraint)
        config["recurrent_constraint"] = LayerArguments.encode(recurrentConstraint)
        config["bias_constraint"] = LayerArguments.encode(biasConstraint)
        config["dropout"] = .number(dropout)
        config["recurrent_dropout"] = .number(recurrentDropout)
    }
}

/// The arguments every gated cell takes, with Keras's defaults.
public struct CellArguments {
    public var activation: Activation = "tanh"
    public var recurrentActivation: Activation = "sigmoid"
    public var useBias = true
    public var kernelInitializer: Initializer = .glorotUniform()
    public var recurrentInitializer: Initializer = .orthogonal()
    public var biasInitializer: Initializer = .zeros
    public var kernelRegularizer: Regularizer?
    public var recurrentRegularizer: Regularizer?
    public var biasRegularizer: Regularizer?
    public var kernelConstraint: Constraint?
    public var recurrentConstraint: Constraint?
    public var biasConstraint: Constraint?
    public var dropout = 0.0
    public var recurrentDropout = 0.0
    public var dtype: DType?

    public init() {}

    /// The arguments from a recurrent layer's Keras 3 config.
    init(_ config: ConfigReader, defaultActivation: Activation = "tanh") throws {
        activation = try LayerArguments.activation(config, "activation") ?? defaultActivation
        recurrentActivation = try LayerArguments.activation(config, "recurrent_activation") ?? "sigmoid"
        useBias = try config.bool("use_bias") ?? true
        kernelInitializer = try LayerArguments.initializer(config, "kernel_initializer") ?? .glorotUniform()
        recurrentInitializer = try LayerArguments.initializer(config, "recurrent_initializer") ?? .orthogonal()
        biasInitializer = try LayerArguments.initializer(config, "bias_initializer") ?? .zeros
        kernelRegularizer = try LayerArguments.regularizer(config, "kernel_regularizer")
        recurrentRegularizer = try LayerArguments.regularizer(config, "recurrent_regularizer")
        biasRegularizer = try LayerArguments.regularizer(config, "bias_regularizer")
        kernelConstraint = try LayerArguments.constraint(config, "kernel_constraint")
        recurrentConstraint = try LayerArguments.constraint(config, "recurrent_constraint")
        biasConstraint = try LayerArguments.constraint(config, "bias_constraint")
        dropout = try config.double("dropout") ?? 0
        recurrentDropout = try config.double("recurrent_dropout") ?? 0
        dtype = try config.layerBase().dtype
        try LayerArguments.rejectUnsupported(config, ["activity_regularizer"])
        if let problem = dropoutProblem { throw KerasError(.invalidArgument, "\(config.context): \(problem)") }
    }

    /// A recurrent layer's `units` from its config: a positive integer, else a thrown error.
    static func units(_ config: ConfigReader) throws -> Int {
        let units = try config.required("units", config.int)
        if let problem = unitsProblem(units) { throw KerasError(.invalidArgument, "\(config.context): \(problem)") }
        return units
    }

    /// Keras's complaint about `units`, or nil.
    static func unitsProblem(_ units: Int) -> String? {
        units > 0 ? nil : "Received an invalid value for argument `units`, expected a positive integer, got \(units)."
    }

    /// Keras's complaint about the dropout rates, or nil (both must lie in [0, 1)).
    var dropoutProblem: String? {
        (0..<1).contains(dropout) && (0..<1).contains(recurrentDropout) ? nil
            : "`dropout` and `recurrent_dropout` must be in [0, 1), received dropout=\(dropout), recurrent_dropout=\(recurrentDropout)"
    }
}
