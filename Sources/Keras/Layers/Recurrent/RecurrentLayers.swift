extension LayerRegistry {
    /// The recurrent layers by Keras class name.
    static let recurrentLayers: [String: LayerFactory] = [
        "SimpleRNN": { try SimpleRNN(config: $0) },
        "LSTM": { try LSTM(config: $0) },
        "GRU": { try GRU(config: $0) },
        "RNN": { try RNN.fromConfig($0) },
        "SimpleRNNCell": { try SimpleRNNCell(config: $0) },
        "LSTMCell": { try LSTMCell(config: $0) },
        "GRUCell": { try GRUCell(config: $0) },
    ]
}
