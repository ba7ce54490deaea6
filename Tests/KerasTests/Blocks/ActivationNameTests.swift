import Testing
@testable import Keras

@Suite struct ActivationNameTests {
    @Test func everyKeras3NameIsKnownAndSerializesAsItself() throws {
        let keras3Names = ["celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
                           "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
                           "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
                           "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
                           "tanh_shrink", "threshold"]
        #expect(Activation.knownNames == keras3Names)
        let aliases = ["swish": "silu", "hard_swish": "hard_silu"]
        for name in keras3Names where name != "threshold" {
            let activation = try Activation.named(name)
            #expect(activation.name == (aliases[name] ?? name))
            #expect(activation.keras3Config == .string(aliases[name] ?? name))
        }
        let literal: Activation = "softmax"
        #expect(literal.name == "softmax")
    }

    @Test func nonDefaultArgumentsAreSpelledAndReadBack() throws {
        let cases: [(Activation, String)] = [
            (.relu(negativeSlope: 0.1, maxValue: 6), "relu(negative_slope=0.1, max_value=6)"),
            (.relu(threshold: 1.5), "relu(threshold=1.5)"),
            (.relu(negativeSlope: 0, maxValue: nil, threshold: 0), "relu"),
            (.leakyRelu(negativeSlope: 0.3), "leaky_relu(negative_slope=0.3)"),
            (.leakyRelu(negativeSlope: 0.2), "leaky_relu"),
            (.elu(alpha: 0.5), "elu(alpha=0.5)"),
            (.gelu(approximate: true), "gelu(approximate=True)"),
            (.softmax(axis: 1), "softmax(axis=1)"),
            (.softmax(axes: [1, 2]), "softmax(axis=[1, 2])"),
            (.logSoftmax(axis: -2), "log_softmax(axis=-2)"),
            (.threshold(0.5, defaultValue: -1), "threshold(threshold=0.5, default_value=-1)"),
            (.squareplus(b: 2), "squareplus(b=2)"),
            (.sparsemax(axis: 0), "sparsemax(axis=0)"),
            (.glu(axis: 1), "glu(axis=1)"),
        ]
        let x = Tensor([[[-1.5, 0.5, 2], [3, -0.2, 7]]], dtype: .float64)
        for (activation, name) in cases {
            #expect(activation.name == name)
            let restored = try Activation.named(name)
            #expect(restored.name == name)
            #expect(restored(x).doubles == activation(x).doubles, "\(name)")
        }
        // Python tuples are read too.
        #expect(try Activation.named("softmax(axis=(1, 2))").name == "softmax(axis=[1, 2])")
    }

    @Test func configsOfLayersAreRead() throws {
        #expect(try Activation.fromConfig(.null).name == "linear")
        #expect(try Activation.fromConfig(.string("tanh")).name == "tanh")
        let serializedFunction = JSONValue.object(["module": .string("keras.activations"), "class_name": .string("function"),
                                                   "config": .string("relu"), "registered_name": .string("function")])
        #expect(try Activation.fromConfig(serializedFunction).name == "relu")
        let reader = ConfigReader(["activation": .string("gelu"), "recurrent_activation": .null], context: "layer lstm")
        #expect(try reader.activation("activation")?.name == "gelu")
        #expect(try reader.activation("recurrent_activation")?.name == "linear")
        #expect(try reader.activation("missing") == nil)
    }

    @Test func unknownNamesAndArgumentsThrow() {
        do {
            _ = try Activation.named("relu7")
            Issue.record("expected an error")
        } catch let error as KerasError {
            #expect(error.message.hasPrefix("Unknown activation: 'relu7'. Did you mean 'relu' or 'relu6'? Expected one of: celu, elu"))
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: KerasError.self) { try Activation.named("threshold") }            // arguments required
        #expect(throws: KerasError.self) { try Activation.named("relu(alpha=0.1)") }      // Keras 3 says negative_slope
        #expect(throws: KerasError.self) { try Activation.named("tanh(x=1)") }
        #expect(throws: KerasError.self) { try Activation.named("relu(max_value=six)") }
        #expect(throws: KerasError.self) { try Activation.named("relu(max_value=6") }
        #expect(throws: KerasError.self) { try Activation.fromConfig(.number(1)) }
        let reader = ConfigReader(["activation": .string("swishy")], context: "layer dense_2")
        do {
            _ = try reader.activation("activation")
            Issue.record("expected an error")
        } catch let error as KerasError {
            #expect(error.message.hasPrefix("layer dense_2: `activation`: Unknown activation: 'swishy'"))
        } catch { Issue.record("unexpected \(error)") }
    }
}
