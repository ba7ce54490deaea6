import Testing
@testable import Keras

@Suite struct RegularizerTests {
    private let w = Tensor([[1, -2], [3, -4]], dtype: .float64)

    @Test func penaltiesUseKerasFormulasWithFloat32Factors() {
        // Keras 3 keeps factors as float32: 0.1 is 0.10000000149011612.
        #expect(Regularizer.l1(0.1)(w).item == 1.0000000149011612)
        #expect(Regularizer.l2(2)(K.ones([5, 5], dtype: .float64)).item == 50)      // no ½
        #expect(Regularizer.l2(0.5)(w).item == 15)
        #expect(Regularizer.l1l2(l1: 0.1, l2: 0.2)(Tensor([1, -2], dtype: .float64)).item == 1.3000000193715096)
        #expect(Regularizer.l1l2()(w).item == 0)
        // Keras's docstring example: a 5×5 kernel of ones under L1(0.01) costs 0.25.
        #expect(Swift.abs(Regularizer.l1()(K.ones([5, 5])).item - 0.25) < 1e-6)
        #expect(Regularizer.l2(0.1)(w).dtype == .float64)
    }

    @Test func orthogonalRegularizerAveragesTheOffDiagonalCosines() {
        // Rows (1, 0) and (1, 1)/√2: one pair with |cos| = 1/√2; ½·(2·0.7071)/1 = 0.7071.
        let square = Tensor([[1, 0], [1, 1]], dtype: .float64)
        #expect(Swift.abs(Regularizer.orthogonal(factor: 1)(square).item - 0.5.squareRoot()) < 1e-12)
        #expect(Swift.abs(Regularizer.orthogonal(factor: 1, mode: .columns)(square).item - 0.5.squareRoot()) < 1e-12)
        // Rows (1, 0), (0, 1), (1, 1): pairs 0, 1/√2, 1/√2 over 3 pairs, times the float32 0.01.
        let tall = Tensor([[1, 0], [0, 1], [1, 1]], dtype: .float64)
        #expect(Swift.abs(Regularizer.orthogonal()(tall).item - 0.004714045102543195) < 1e-15)
        // Orthogonal rows cost nothing.
        #expect(Swift.abs(Regularizer.orthogonal(factor: 1)(K.eye(3, dtype: .float64)).item) < 1e-15)
    }

    @Test func penaltiesHaveCorrectGradients() {
        let x = Tensor([[0.5, -1.2, 0.3], [2.0, -0.7, 1.1]], dtype: .float64)
        for regularizer: Regularizer in [.l1(0.3), .l2(0.7), .l1l2(l1: 0.2, l2: 0.4),
                                          .orthogonal(factor: 2), .orthogonal(factor: 1, mode: .columns)] {
            checkGradients([x]) { regularizer($0[0]) }
        }
    }

    @Test func keras3ConfigsRecordTheFloat32Factors() {
        #expect(Regularizer.l2().keras3Config == json([
            "module": .string("keras.regularizers"), "class_name": .string("L2"),
            "config": json(["l2": .number(0.009999999776482582)]), "registered_name": .null]))
        #expect(Regularizer.l1l2(l1: 0.5).config == ["l1": .number(0.5), "l2": .number(0)])
        #expect(Regularizer.orthogonal(mode: .columns).config
                == ["factor": .number(0.009999999776482582), "mode": .string("columns")])
    }

    @Test func configsRoundTripAndNamesResolve() throws {
        for regularizer: Regularizer in [.l1(0.3), .l2(), .l1l2(l1: 0.1, l2: 0.2), .orthogonal(factor: 0.5, mode: .columns)] {
            #expect(try Regularizer.fromConfig(regularizer.keras3Config).keras3Config == regularizer.keras3Config)
        }
        #expect(try Regularizer.named("l1").config == ["l1": .number(0.009999999776482582)])
        #expect(try Regularizer.named("L2").className == "L2")
        #expect(try Regularizer.named("l1l2").config == ["l1": .number(0), "l2": .number(0)])    // Keras 3: zeros
        #expect(try Regularizer.named("l1_l2").config                                            // Keras 2: 0.01 each
                == ["l1": .number(0.009999999776482582), "l2": .number(0.009999999776482582)])
        #expect(try Regularizer.named("orthogonal_regularizer").className == "OrthogonalRegularizer")
        // Keras 2 writes every L1/L2 penalty as L1L2.
        let keras2 = json(["class_name": .string("L1L2"), "config": json(["l1": .number(0), "l2": .number(0.01)])])
        #expect(try Regularizer.fromConfig(keras2).className == "L1L2")
        let reader = ConfigReader(["kernel_regularizer": .string("l2"), "bias_regularizer": .null], context: "layer d")
        #expect(try reader.regularizer("kernel_regularizer")?.className == "L2")
        #expect(try reader.regularizer("bias_regularizer") == nil)
    }

    @Test func unknownNamesAndInvalidFactorsThrow() {
        #expect(throws: KerasError.self) { try Regularizer.named("l3") }
        #expect(throws: KerasError.self) { try Regularizer.fromConfig(json(["class_name": .string("L2"), "config": json(["l2": .number(-1)])])) }
        #expect(throws: KerasError.self) {
            try Regularizer.fromConfig(json(["class_name": .string("OrthogonalRegularizer"), "config": json(["mode": .string("diagonal")])]))
        }
        #expect(throws: KerasError.self) { try Regularizer.fromConfig(.bool(true)) }
        do {
            _ = try ConfigReader(["kernel_regularizer": .string("l3")], context: "layer dense").regularizer("kernel_regularizer")
            Issue.record("expected an error")
        } catch let error as KerasError {
            #expect(error.message.hasPrefix("layer dense: `kernel_regularizer`: Unknown regularizer: 'l3'. Did you mean 'l1' or 'l2'?"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func customRegularizersSerializeUnderTheirOwnName() {
        let custom = Regularizer(name: "Tiny") { w in K.multiply(K.sum(K.abs(w)), 1e-3) }
        #expect(custom(w).item == 0.01)
        #expect(custom.keras3Config["registered_name"] == .string("Tiny"))
    }
}
