/// Gated recurrent unit over the time axis (Cho et al., 2014), the step of ``GRUCell``.
///
/// Input shape: `(batch, time, features)`. Output shape: `(batch, units)`, or
/// `(batch, time, units)` with `returnSequences`; with `returnState` the final state follow
/// (`h`).
///
/// ```swift
/// let y = try GRU(16, returnSequences: true)(Input(shape: [20, 8]))   // (None, 20, 16)
/// ```
///
/// Mirrors Keras's `keras.layers.GRU`.
public final class GRU: RNN {
    /// The cell's size.
    public var units: Int { typedCell.units }
    private var typedCell: GRUCell { cell as! GRUCell }

    /// Creates the layer; see ``CellArguments`` for the cell's arguments and their defaults.
    public init(_ units: Int, resetAfter: Bool = true, activation: Activation = "tanh", recurrentActivation: Activation = "sigmoid", useBias: Bool = true,
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
        super.init(GRUCell(units, resetAfter: resetAfter, arguments: a, name: name.map { "\($0)_cell" }),
                   returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                   stateful: stateful, unroll: unroll, zeroOutputForMask: zeroOutputForMask,
                   name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    /// The layer from its Keras 3 config (the RNN and cell arguments, flattened).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let a = try CellArguments(config, defaultActivation: "tanh")
        let r = try RNN.Arguments(config)
        self.init(try CellArguments.units(config), resetAfter: try config.bool("reset_after") ?? true, activation: a.activation, recurrentActivation: a.recurrentActivation,
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
        config["reset_after"] = .bool(typedCell.resetAfter)
        config["seed"] = .null
        return config
    }
}
