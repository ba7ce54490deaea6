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

extension SimpleRNNCell {
    /// The cell from its Keras 3 config. Mirrors `keras.layers.SimpleRNNCell.from_config`.
    ///
    /// ```swift
    /// let cell = try SimpleRNNCell(config: ConfigReader(["units": .number(4)], context: "cell"))
    /// ```
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        self.init(try CellArguments.units(config), arguments: try CellArguments(config), name: base.name)
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
        self.init(try CellArguments.units(config), unitForgetBias: try config.bool("unit_forget_bias") ?? true,
                  arguments: try CellArguments(config), name: base.name)
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
        self.init(try CellArguments.units(config), resetAfter: try config.bool("reset_after") ?? true,
                  arguments: try CellArguments(config), name: base.name)
        trainable = base.trainable
    }
}
