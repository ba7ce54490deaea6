// Building the generic `RNN` layer and the built-in cells from their Keras 3 configs: an `RNN`
// holds its cell as a nested serialized layer (`"cell": {"class_name": "LSTMCell", …}`); a cell's
// config holds the arguments the LSTM/GRU/SimpleRNN layers hold flat.

extension RNN {
    /// The layer from its Keras 3 config: the `RNN` arguments and the serialized `cell` (a
    /// built-in cell or an ``RNNCell`` registered in ``LayerRegistry``).
    ///
    /// ```swift
    /// let config = RNN(LSTMCell(4), returnSequences: true).getConfig()
    /// let copy = try RNN.fromConfig(ConfigReader(config, context: "rnn"))
    /// ```
    ///
    /// Mirrors Keras's `keras.layers.RNN.from_config`.
    public static func fromConfig(_ config: ConfigReader) throws -> RNN {
        let base = try config.layerBase()
        let r = try Arguments(config)
        let item = try config.required("cell", config.object)
        let layer: Layer
        do {
            layer = try LayerRegistry.layer(from: .object(item))
        } catch let error as KerasError {
            throw KerasError(error.kind, "\(config.context): `cell`: \(error.message)")
        }
        guard let cell = layer as? RNNCell else {
            throw KerasError(.invalidArgument, "\(config.context): `cell`: expected a recurrent cell (SimpleRNNCell, LSTMCell, GRUCell or a registered RNNCell), received a \(layer.className)")
        }
        return RNN(cell, returnSequences: r.returnSequences, returnState: r.returnState, goBackwards: r.goBackwards,
                  stateful: r.stateful, unroll: r.unroll, zeroOutputForMask: r.zeroOutputForMask,
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }
}

extension GatedCell {
    /// `units` of a cell or recurrent layer config: a positive integer, else a thrown error
    /// naming the layer.
    static func units(_ config: ConfigReader) throws -> Int {
        let units = try config.required("units", config.int)
        guard units > 0 else {
            throw KerasError(.invalidArgument, "\(config.context): `units`: expected a positive integer, received \(units)")
        }
        return units
    }

    /// The cell arguments of a config, with the dropout rates checked (the initializer traps
    /// on rates outside [0, 1)).
    static func arguments(_ config: ConfigReader) throws -> CellArguments {
        let a = try CellArguments(config)
        guard (0..<1).contains(a.dropout), (0..<1).contains(a.recurrentDropout) else {
            throw KerasError(.invalidArgument, "\(config.context): `dropout` and `recurrent_dropout` must be in [0, 1), received \(a.dropout) and \(a.recurrentDropout)")
        }
        return a
    }
}

extension SimpleRNNCell {
    /// The cell from its Keras 3 config. Mirrors `keras.layers.SimpleRNNCell.from_config`.
    ///
    /// ```swift
    /// let cell = try SimpleRNNCell(config: ConfigReader(["units": .number(4)], context: "cell"))
    /// ```
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        self.init(try GatedCell.units(config), arguments: try GatedCell.arguments(config), name: base.name)
        trainable = base.trainable
    }
}

extension LSTMCell {
    /// The cell from its Keras 3 config (with `unit_forget_bias`). Mirrors
    /// `keras.layers.LSTMCell.from_config`.
    ///
    /// ```swift
    /// let cell = try LSTMCell(config: ConfigReader(["units": .number(4)], context: "cell"))
    /// ```
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        self.init(try GatedCell.units(config), unitForgetBias: try config.bool("unit_forget_bias") ?? true,
                  arguments: try GatedCell.arguments(config), name: base.name)
        trainable = base.trainable
    }
}

extension GRUCell {
    /// The cell from its Keras 3 config (with `reset_after`). Mirrors
    /// `keras.layers.GRUCell.from_config`.
    ///
    /// ```swift
    /// let cell = try GRUCell(config: ConfigReader(["units": .number(4)], context: "cell"))
    /// ```
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        self.init(try GatedCell.units(config), resetAfter: try config.bool("reset_after") ?? true,
                  arguments: try GatedCell.arguments(config), name: base.name)
        trainable = base.trainable
    }
}
