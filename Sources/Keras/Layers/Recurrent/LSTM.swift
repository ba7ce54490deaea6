/// Long short-term memory over the time axis (Hochreiter & Schmidhuber, 1997), the step of ``LSTMCell``.
///
/// Input shape: `(batch, time, features)`. Output shape: `(batch, units)`, or
/// `(batch, time, units)` with `returnSequences`; with `returnState` the final states follow
/// (`h`, then `c`).
///
/// ```swift
/// let encoded = try LSTM(32)(try Embedding(10000, 512)(Input(shape: [100], dtype: .int32)))
/// ```
///
/// Mirrors Keras's `keras.layers.LSTM`.
public final class LSTM: RNN {
    /// The cell's size.
    public var units: Int { typedCell.units }
    private var typedCell: LSTMCell { cell as! LSTMCell }

    /// Creates the layer; see ``CellArguments`` for the cell's arguments and their defaults.
    public init(_ units: Int, unitForgetBias: Bool = true, activation: Activation = "tanh", recurrentActivation: Activation = "sigmoid", useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(), recurrentInitializer: Initializer = .orthogonal(),
                biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                kernelConstraint: Constraint? = nil, recurrentConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
                dropout: Double = 0, recurrentDropout: Double = 0, returnSequences: Bool = false, returnState: Bool = false,
                goBackwards: Bool = false, stateful: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false,
                name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        var a = CellArguments()
        a.activation = activation
        a.recurrentActivation = recurrentActivation
        a.useBias = useBias
        a.kernelInitializer = kernelInitializer
        a.recurrentInitializer = recurrentInitializer
        a.biasInitializer = biasInitializer
        a.kernelRegularizer = kernelRegularizer
        a.recurrentRegularizer = recurrentRegularizer
        a.biasRegularizer = biasRegularizer
        a.kernelConstraint = kernelConstraint
        a.recurrentConstraint = recurrentConstraint
        a.biasConstraint = biasConstraint
        a.dropout = dropout
        a.recurrentDropout = recurrentDropout
        a.dtype = dtype
        super.init(LSTMCell(units, unitForgetBias: unitForgetBias, arguments: a, name: name.map { "\($0)_cell" }),
                   returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                   stateful: stateful, unroll: unroll, zeroOutputForMask: zeroOutputForMask,
                   name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    /// The layer from its Keras 3 config (the RNN and cell arguments, flattened).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let a = try CellArguments(config, defaultActivation: "tanh")
        let r = try RNN.Arguments(config)
        self.init(try CellArguments.units(config), unitForgetBias: try config.bool("unit_forget_bias") ?? true, activation: a.activation, recurrentActivation: a.recurrentActivation,
                  useBias: a.useBias, kernelInitializer: a.kernelInitializer, recurrentInitializer: a.recurrentInitializer,
                  biasInitializer: a.biasInitializer, kernelRegularizer: a.kernelRegularizer,
                  recurrentRegularizer: a.recurrentRegularizer, biasRegularizer: a.biasRegularizer,
                  kernelConstraint: a.kernelConstraint, recurrentConstraint: a.recurrentConstraint,
                  biasConstraint: a.biasConstraint, dropout: a.dropout, recurrentDropout: a.recurrentDropout,
                  returnSequences: r.returnSequences, returnState: r.returnState, goBackwards: r.goBackwards,
                  stateful: r.stateful, unroll: r.unroll, zeroOutputForMask: r.zeroOutputForMask,
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["cell"] = nil    // Keras writes the cell's arguments flat
        typedCell.encodeCell(into: &config)
        config["unit_forget_bias"] = .bool(typedCell.unitForgetBias)
        config["seed"] = .null
        return config
    }
}
