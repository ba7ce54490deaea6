/// The fully-connected recurrent step: `h = activation(x·W + h₋₁·U + b)`.
///
/// Mirrors Keras's `keras.layers.SimpleRNNCell`.
public final class SimpleRNNCell: GatedCell {
    public init(_ units: Int, arguments: CellArguments = CellArguments(), name: String? = nil) {
        super.init(units: units, gates: 1, states: 1, arguments: arguments, name: name)
    }

    public override func step(_ x: Tensor, states: [Tensor], training: Bool) -> (output: Tensor, states: [Tensor]) {
        var z = K.add(K.dot(droppedInput(x), kernel!.value), K.dot(droppedState(states[0]), recurrentKernel!.value))
        if let bias { z = K.add(z, bias.value) }
        let h = activation(z)
        return (h, [h])
    }
}

/// The long short-term memory step with gates in Keras's order `i, f, c, o`:
/// `z = x·W + h₋₁·U + b`, `i = σ(z_i)`, `f = σ(z_f)`, `c = f·c₋₁ + i·tanh(z_c)`,
/// `o = σ(z_o)`, `h = o·tanh(c)` (σ the recurrent activation, tanh the activation). With
/// `unitForgetBias` the forget-gate bias starts at 1.
///
/// Mirrors Keras's `keras.layers.LSTMCell`.
public final class LSTMCell: GatedCell {
    public let unitForgetBias: Bool

    public init(_ units: Int, unitForgetBias: Bool = true, arguments: CellArguments = CellArguments(), name: String? = nil) {
        self.unitForgetBias = unitForgetBias
        super.init(units: units, gates: 4, states: 2, arguments: arguments, name: name)
    }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["unit_forget_bias"] = .bool(unitForgetBias)
        return config
    }

    public override var effectiveBiasInitializer: Initializer {
        guard unitForgetBias else { return biasInitializer }
        let base = biasInitializer, units = self.units
        return Initializer(name: base.className, config: base.config) { shape, dtype in
            K.concatenate([base(shape: [units], dtype: dtype), Tensor(shape: [units], repeating: 1, dtype: dtype),
                           base(shape: [2 * units], dtype: dtype)], axis: 0)
        }
    }

    public override func step(_ x: Tensor, states: [Tensor], training: Bool) -> (output: Tensor, states: [Tensor]) {
        let (hPrevious, cPrevious) = (droppedState(states[0]), states[1])
        var z = K.add(K.dot(droppedInput(x), kernel!.value), K.dot(hPrevious, recurrentKernel!.value))
        if let bias { z = K.add(z, bias.value) }
        let i = recurrentActivation(gate(z, 0)), f = recurrentActivation(gate(z, 1))
        let c = K.add(K.multiply(f, cPrevious), K.multiply(i, activation(gate(z, 2))))
        let o = recurrentActivation(gate(z, 3))
        let h = K.multiply(o, activation(c))
        return (h, [h, c])
    }
}

/// The gated recurrent unit step with gates in Keras's order `z, r, h`. With `resetAfter`
/// (Keras 3's default) the reset gate multiplies the recurrent projection after it is taken:
/// `x̂ = x·W + b₀`, `ĥ = h₋₁·U + b₁`, `z = σ(x̂_z + ĥ_z)`, `r = σ(x̂_r + ĥ_r)`,
/// `h̃ = tanh(x̂_h + r·ĥ_h)`, `h = z·h₋₁ + (1 − z)·h̃`; without it
/// `h̃ = tanh(x̂_h + (r·h₋₁)·U_h)` and a single bias.
///
/// Mirrors Keras's `keras.layers.GRUCell`.
public final class GRUCell: GatedCell {
    public let resetAfter: Bool

    public init(_ units: Int, resetAfter: Bool = true, arguments: CellArguments = CellArguments(), name: String? = nil) {
        self.resetAfter = resetAfter
        super.init(units: units, gates: 3, states: 1, arguments: arguments, name: name)
    }

    public override var biasShape: [Int] { resetAfter ? [2, 3 * units] : [3 * units] }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["reset_after"] = .bool(resetAfter)
        return config
    }

    public override func step(_ x: Tensor, states: [Tensor], training: Bool) -> (output: Tensor, states: [Tensor]) {
        let hPrevious = states[0]
        let u = recurrentKernel!.value
        var inputBias: Tensor?, recurrentBias: Tensor?
        if let bias {
            if resetAfter {
                inputBias = K.reshape(K.slice(bias.value, start: [0, 0], size: [1, 3 * units]), [3 * units])
                recurrentBias = K.reshape(K.slice(bias.value, start: [1, 0], size: [1, 3 * units]), [3 * units])
            } else {
                inputBias = bias.value
            }
        }
        var projectedX = K.dot(droppedInput(x), kernel!.value)
        if let inputBias { projectedX = K.add(projectedX, inputBias) }
        let hDropped = droppedState(hPrevious)
        let z: Tensor, r: Tensor, candidate: Tensor
        if resetAfter {
            var projectedH = K.dot(hDropped, u)
            if let recurrentBias { projectedH = K.add(projectedH, recurrentBias) }
            z = recurrentActivation(K.add(gate(projectedX, 0), gate(projectedH, 0)))
            r = recurrentActivation(K.add(gate(projectedX, 1), gate(projectedH, 1)))
            candidate = activation(K.add(gate(projectedX, 2), K.multiply(r, gate(projectedH, 2))))
        } else {
            let uZR = K.slice(u, start: [0, 0], size: [units, 2 * units])
            let uH = K.slice(u, start: [0, 2 * units], size: [units, units])
            let projectedH = K.dot(hDropped, uZR)
            z = recurrentActivation(K.add(gate(projectedX, 0), gate(projectedH, 0)))
            r = recurrentActivation(K.add(gate(projectedX, 1), gate(projectedH, 1)))
            candidate = activation(K.add(gate(projectedX, 2), K.dot(K.multiply(r, hDropped), uH)))
        }
        let one = Tensor(scalar: 1, dtype: z.dtype)
        let h = K.add(K.multiply(z, hPrevious), K.multiply(K.subtract(one, z), candidate))
        return (h, [h])
    }
}
