import KerasPluginKit

/// The custom-layer guide's recurrent `AttentionDecoder` (Bahdanau et al. 2014): at every time
/// step it attends over the whole encoded sequence, then updates its state `s` with reset and
/// update gates and emits a softmax `y`. States `[y, s]` start from `y0 = 0` and
/// `s0 = tanh(x[:, 0] W_s)`. Output `(batch, timesteps, output_dim)`, or the attention
/// probabilities `(batch, timesteps, timesteps)` with `return_probabilities`.
///
/// The sequence length must be known when the layer is built; the steps are unrolled in `call`.
final class AttentionDecoder: CustomLayer {
    let units: Int, outputDim: Int, returnProbabilities: Bool
    let kernelInitializer: String, recurrentInitializer: String, biasInitializer: String
    var timesteps = 0, inputDim = 0
    var vA, wA, uA, bA, cR, uR, wR, bR, cZ, uZ, wZ, bZ, cP, uP, wP, bP, cO, uO, wO, bO, wS: Weight!

    init(config: LayerConfig) throws {
        units = try config.int("units")
        outputDim = try config.int("output_dim")
        returnProbabilities = try config.bool("return_probabilities", default: false)
        kernelInitializer = try config.string("kernel_initializer", default: "glorot_uniform")
        recurrentInitializer = try config.string("recurrent_initializer", default: "orthogonal")
        biasInitializer = try config.string("bias_initializer", default: "zeros")
        guard units > 0, outputDim > 0 else {
            throw KernelError.invalidArgument("units and output_dim must be positive, received \(units) and \(outputDim)")
        }
    }

    func build(_ weights: WeightBuilder, inputShapes: [TensorShape]) throws {
        guard inputShapes.count == 1, inputShapes[0].rank == 3 else {
            throw KernelError.invalidArgument("AttentionDecoder takes one input (batch, timesteps, input_dim), received \(inputShapes)")
        }
        timesteps = try inputShapes[0].known(1, "AttentionDecoder")
        inputDim = try inputShapes[0].known(2, "AttentionDecoder")
        func add(_ name: String, _ shape: [Int], _ initializer: String) throws -> Weight {
            try weights.addWeight(name: name, shape: shape, initializer: initializer)
        }
        let (k, r, b) = (kernelInitializer, recurrentInitializer, biasInitializer)
        // Matrices for the context vector.
        vA = try add("V_a", [units], k); wA = try add("W_a", [units, units], k)
        uA = try add("U_a", [inputDim, units], k); bA = try add("b_a", [units], b)
        // The r (reset) gate, the z (update) gate and the proposal.
        cR = try add("C_r", [inputDim, units], r); uR = try add("U_r", [units, units], r)
        wR = try add("W_r", [outputDim, units], r); bR = try add("b_r", [units], b)
        cZ = try add("C_z", [inputDim, units], r); uZ = try add("U_z", [units, units], r)
        wZ = try add("W_z", [outputDim, units], r); bZ = try add("b_z", [units], b)
        cP = try add("C_p", [inputDim, units], r); uP = try add("U_p", [units, units], r)
        wP = try add("W_p", [outputDim, units], r); bP = try add("b_p", [units], b)
        // The prediction, and the initial state.
        cO = try add("C_o", [inputDim, outputDim], r); uO = try add("U_o", [units, outputDim], r)
        wO = try add("W_o", [outputDim, outputDim], r); bO = try add("b_o", [outputDim], b)
        wS = try add("W_s", [inputDim, units], r)
    }

    func call(_ inputs: [HostTensor], weights w: [HostTensor], training: Bool) throws -> [HostTensor] {
        let x = inputs[0]
        guard x.shape.count == 3, x.shape[1] == timesteps, x.shape[2] == inputDim else {
            throw KernelError.invalidArgument("AttentionDecoder was built for (batch, \(timesteps), \(inputDim)), received \(x.shape)")
        }
        // The sequence's projection does not depend on the step: compute it once.
        let uxpb = try K.dot(x, w[uA]) + w[bA]
        // Initial states: s0 = tanh(x[:, 0] W_s), y0 = zeros (batch, output_dim).
        let first = try K.squeeze(K.slice(x, start: [0, 0, 0], size: [-1, 1, -1]), axis: 1)
        var s = try K.tanh(K.dot(first, w[wS]))
        var y = try K.tile(K.expandDims(K.sum(K.zerosLike(x), axes: [1, 2])), [1, outputDim])
        let vA = try K.expandDims(w[self.vA])
        var outputs: [HostTensor] = []
        for _ in 0..<timesteps {
            let wxstm = try K.dot(K.repeat(s, timesteps), w[wA])
            let et = try K.dot(K.tanh(wxstm + uxpb), vA)                    // (batch, timesteps, 1)
            let at0 = try K.exp(et)
            let at = try at0 / K.repeat(K.sum(at0, axis: 1), timesteps)     // attention weights
            let context = try K.squeeze(K.batchDot(at, x, axes: [1, 1]), axis: 1)
            let rt = try K.sigmoid(K.dot(y, w[wR]) + K.dot(s, w[uR]) + K.dot(context, w[cR]) + w[bR])
            let zt = try K.sigmoid(K.dot(y, w[wZ]) + K.dot(s, w[uZ]) + K.dot(context, w[cZ]) + w[bZ])
            let proposal = try K.tanh(K.dot(y, w[wP]) + K.dot(rt * s, w[uP]) + K.dot(context, w[cP]) + w[bP])
            let st = try (1 - zt) * s + zt * proposal
            let yt = try K.softmax(K.dot(y, w[wO]) + K.dot(s, w[uO]) + K.dot(context, w[cO]) + w[bO])
            outputs.append(returnProbabilities ? try K.squeeze(at, axis: 2) : yt)
            (y, s) = (yt, st)
        }
        return [try K.stack(outputs, axis: 1)]
    }

    func computeOutputShapes(_ inputShapes: [TensorShape]) throws -> [TensorShape] {
        let steps = inputShapes[0][1]
        return [TensorShape([inputShapes[0][0], steps, returnProbabilities ? steps : outputDim], dtype: inputShapes[0].dtype)]
    }

    func getConfig() -> [String: ConfigValue] {
        ["units": .number(Double(units)), "output_dim": .number(Double(outputDim)),
         "return_probabilities": .bool(returnProbabilities), "kernel_initializer": .string(kernelInitializer),
         "recurrent_initializer": .string(recurrentInitializer), "bias_initializer": .string(biasInitializer)]
    }
}
