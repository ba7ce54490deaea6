/// The sigmoid-shaped and smooth activations: sigmoid and its hard / sparse / log forms, tanh,
/// softplus, softsign, SiLU (swish), hard SiLU, GELU, mish, exponential, squareplus, sparse
/// plus, tanh shrink.
extension Activation {
    /// The logistic function `1 / (1 + exp(−x))`.
    ///
    /// ```swift
    /// Activation.sigmoid(Tensor([0]))   // [0.5]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.sigmoid` (name `"sigmoid"`).
    public static var sigmoid: Activation { Activation(name: "sigmoid", fusedKernel: ActivationParameters(op: .sigmoid)) }

    /// Keras 3's piecewise-linear sigmoid `relu6(x + 3) / 6`: 0 for `x ≤ −3`, 1 for `x ≥ 3`,
    /// `x/6 + 0.5` between. (Keras 2's `hard_sigmoid` was `clip(0.2·x + 0.5, 0, 1)`; the name
    /// means the Keras 3 function here.)
    ///
    /// ```swift
    /// Activation.hardSigmoid(Tensor([-4, 1, 4]))   // [0, 0.666667, 1]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.hard_sigmoid` (name `"hard_sigmoid"`).
    public static var hardSigmoid: Activation { Activation(name: "hard_sigmoid", hardSigmoidFunction) }

    /// Keras 3's hard sigmoid as a function.
    static func hardSigmoidFunction(_ x: Tensor) -> Tensor {
        K.divide(K.relu(K.add(x, 3), maxValue: 6), 6)
    }

    /// `0.5·(clip(x, −1, 1) + 1)`: 0 for `x ≤ −1`, 1 for `x ≥ 1`, linear between.
    ///
    /// ```swift
    /// Activation.sparseSigmoid(Tensor([-2, 0, 0.5]))   // [0, 0.5, 0.75]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.sparse_sigmoid` (name `"sparse_sigmoid"`).
    public static var sparseSigmoid: Activation {
        Activation(name: "sparse_sigmoid") { x in K.multiply(K.add(K.clip(x, minValue: -1, maxValue: 1), 1), 0.5) }
    }

    /// `log(sigmoid(x)) = −softplus(−x)`, without overflow.
    ///
    /// ```swift
    /// Activation.logSigmoid(Tensor([0]))   // [-0.693147]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.log_sigmoid` (name `"log_sigmoid"`).
    public static var logSigmoid: Activation {
        Activation(name: "log_sigmoid") { x in K.negative(K.softplus(K.negative(x))) }
    }

    /// The hyperbolic tangent.
    ///
    /// ```swift
    /// Activation.tanh(Tensor([0, 1]))   // [0, 0.761594]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.tanh` (name `"tanh"`).
    public static var tanh: Activation { Activation(name: "tanh", fusedKernel: ActivationParameters(op: .tanh)) }

    /// `x − tanh(x)`.
    ///
    /// ```swift
    /// Activation.tanhShrink(Tensor([1]))   // [0.238406]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.tanh_shrink` (name `"tanh_shrink"`).
    public static var tanhShrink: Activation {
        Activation(name: "tanh_shrink") { x in K.subtract(x, K.tanh(x)) }
    }

    /// `log(1 + exp(x))`, computed without overflow.
    ///
    /// ```swift
    /// Activation.softplus(Tensor([0]))   // [0.693147]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.softplus` (name `"softplus"`).
    public static var softplus: Activation { Activation(name: "softplus", fusedKernel: ActivationParameters(op: .softplus)) }

    /// `x / (1 + |x|)`.
    ///
    /// ```swift
    /// Activation.softsign(Tensor([1, -3]))   // [0.5, -0.75]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.softsign` (name `"softsign"`).
    public static var softsign: Activation { Activation(name: "softsign") { K.softsign($0) } }

    /// SiLU (swish), `x·sigmoid(x)`.
    ///
    /// ```swift
    /// Activation.silu(Tensor([1]))   // [0.731059]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.silu` (names `"silu"`, `"swish"`; serialized as
    /// `"silu"`).
    public static var silu: Activation { Activation(name: "silu", fusedKernel: ActivationParameters(op: .silu)) }

    /// The same function as ``silu``, by its other name.
    ///
    /// Mirrors Keras's `keras.activations.swish`.
    public static var swish: Activation { silu }

    /// Hard SiLU (hard swish), `x·relu6(x + 3)/6`: 0 for `x ≤ −3`, `x` for `x ≥ 3`.
    ///
    /// ```swift
    /// Activation.hardSilu(Tensor([-4, 1, 4]))   // [0, 0.666667, 4]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.hard_silu` (names `"hard_silu"`, `"hard_swish"`;
    /// serialized as `"hard_silu"`).
    public static var hardSilu: Activation {
        Activation(name: "hard_silu") { x in K.multiply(x, hardSigmoidFunction(x)) }
    }

    /// The same function as ``hardSilu``, by its other name.
    ///
    /// Mirrors Keras's `keras.activations.hard_swish`.
    public static var hardSwish: Activation { hardSilu }

    /// The Gaussian error linear unit in Keras 3's default, exact form:
    /// `x·Φ(x) = 0.5·x·(1 + erf(x/√2))`.
    ///
    /// ```swift
    /// Activation.gelu(Tensor([1]))   // [0.841345]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.gelu` (name `"gelu"`).
    public static var gelu: Activation { gelu() }

    /// GELU, exact (`0.5·x·(1 + erf(x/√2))`) or, with `approximate`, the tanh form
    /// `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
    ///
    /// ```swift
    /// Activation.gelu(approximate: true)(Tensor([1]))   // [0.841192]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.gelu(x, approximate=False)`.
    public static func gelu(approximate: Bool = false) -> Activation {
        let name = spelled("gelu", [("approximate", .bool(approximate), !approximate)])
        return Activation(name: name, fusedKernel: ActivationParameters(op: approximate ? .geluTanh : .gelu))
    }

    /// Mish, `x·tanh(softplus(x))`.
    ///
    /// ```swift
    /// Activation.mish(Tensor([1]))   // [0.865098]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.mish` (name `"mish"`).
    public static var mish: Activation {
        Activation(name: "mish") { x in K.multiply(x, K.tanh(K.softplus(x))) }
    }

    /// `exp(x)`.
    ///
    /// ```swift
    /// Activation.exponential(Tensor([1]))   // [2.71828]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.exponential` (name `"exponential"`).
    public static var exponential: Activation { Activation(name: "exponential") { K.exp($0) } }

    /// Squareplus with `b = 4`.
    ///
    /// Mirrors Keras's `keras.activations.squareplus` (name `"squareplus"`).
    public static var squareplus: Activation { squareplus() }

    /// Squareplus, `(x + sqrt(x² + b)) / 2`, a smooth ReLU.
    ///
    /// ```swift
    /// Activation.squareplus(b: 4)(Tensor([0]))   // [1]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.squareplus(x, b=4)`.
    public static func squareplus(b: Double = 4) -> Activation {
        Activation(name: spelled("squareplus", [("b", .number(b), b == 4)])) { x in
            K.multiply(K.add(x, K.sqrt(K.add(K.square(x), b))), 0.5)
        }
    }

    /// Sparse plus: 0 for `x ≤ −1`, `(x + 1)²/4` for `−1 < x < 1`, `x` for `x ≥ 1`.
    ///
    /// ```swift
    /// Activation.sparsePlus(Tensor([-2, 0, 2]))   // [0, 0.25, 2]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.sparse_plus` (name `"sparse_plus"`).
    public static var sparsePlus: Activation {
        Activation(name: "sparse_plus") { x in
            // (clip(x, −1, 1) + 1)²/4 + relu(x − 1) has the same values and derivative.
            let inside = K.square(K.add(K.clip(x, minValue: -1, maxValue: 1), 1))
            return K.add(K.multiply(inside, 0.25), K.relu(K.subtract(x, 1)))
        }
    }
}
