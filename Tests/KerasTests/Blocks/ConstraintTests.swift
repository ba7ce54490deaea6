import Testing
@testable import Keras

@Suite struct ConstraintTests {
    private let epsilon = 1e-7

    @Test func maxNormRescalesOnlyLongVectorsUpToEpsilon() {
        // Column norms 5 and 1: the first is brought to 2, the second kept (times 1/(1 + ε)).
        let w = Tensor([[3, 0.6], [4, 0.8]], dtype: .float64)
        let expected = [3 * 2 / (5 + epsilon), 0.6 / (1 + epsilon), 4 * 2 / (5 + epsilon), 0.8 / (1 + epsilon)]
        #expect(allClose(Constraint.maxNorm()(w).doubles, expected, tolerance: 1e-15))
        // Along axis 1 the rows have norms ≈ 3.059 and ≈ 4.079: both capped at 1.
        let rows = Constraint.maxNorm(maxValue: 1, axis: 1)(w).doubles
        let n0 = (9 + 0.36).squareRoot(), n1 = (16 + 0.64).squareRoot()
        #expect(allClose(rows, [3 / (n0 + epsilon), 0.6 / (n0 + epsilon), 4 / (n1 + epsilon), 0.8 / (n1 + epsilon)],
                         tolerance: 1e-15))
    }

    @Test func maxNormOverSeveralAxesTreatsEachFilterAsOneVector() {
        // A (1, 2, 2) "conv kernel" with axes [0, 1]: each of the 2 output filters has 2 weights.
        let w = Tensor([[[3, 1], [4, 0]]], dtype: .float64)
        let got = Constraint.maxNorm(maxValue: 1, axes: [0, 1])(w).doubles
        #expect(allClose(got, [3 / (5 + epsilon), 1 / (1 + epsilon), 4 / (5 + epsilon), 0], tolerance: 1e-15))
    }

    @Test func nonNegZeroesNegativeWeights() {
        #expect(Constraint.nonNeg(Tensor([-1, 0, 2.5], dtype: .float64)).doubles == [0, 0, 2.5])
    }

    @Test func unitNormDividesByEpsilonPlusTheNorm() {
        let got = Constraint.unitNorm()(Tensor([[3], [4]], dtype: .float64)).doubles
        #expect(allClose(got, [3 / (5 + epsilon), 4 / (5 + epsilon)], tolerance: 1e-15))
        let rows = Constraint.unitNorm(axis: 1)(Tensor([[3, 4], [0, 2]], dtype: .float64)).doubles
        #expect(allClose(rows, [3 / (5 + epsilon), 4 / (5 + epsilon), 0, 2 / (2 + epsilon)], tolerance: 1e-15))
    }

    @Test func minMaxNormMovesNormsIntoTheIntervalAtTheRate() {
        let short = Tensor([[0.3], [0.4]], dtype: .float64)      // norm 0.5
        let strict = Constraint.minMaxNorm(minValue: 1, maxValue: 2)(short).doubles
        #expect(allClose(strict, [0.3 / (0.5 + epsilon), 0.4 / (0.5 + epsilon)], tolerance: 1e-15))
        // rate 0.5: desired = 0.5·1 + 0.5·0.5 = 0.75.
        let halfway = Constraint.minMaxNorm(minValue: 1, maxValue: 2, rate: 0.5)(short).doubles
        #expect(allClose(halfway, [0.3 * 0.75 / (0.5 + epsilon), 0.4 * 0.75 / (0.5 + epsilon)], tolerance: 1e-15))
        // Defaults (0, 1): a norm of 5 becomes 1.
        let long = Constraint.minMaxNorm()(Tensor([[3], [4]], dtype: .float64)).doubles
        #expect(allClose(long, [3 / (5 + epsilon), 4 / (5 + epsilon)], tolerance: 1e-15))
    }

    @Test func keras3ConfigsAndRoundTrips() throws {
        #expect(Constraint.maxNorm().keras3Config == json([
            "module": .string("keras.constraints"), "class_name": .string("MaxNorm"),
            "config": json(["max_value": .number(2), "axis": .number(0)]), "registered_name": .null]))
        #expect(Constraint.nonNeg.config == [:])
        #expect(Constraint.unitNorm(axes: [0, 1, 2]).config == ["axis": .array([.number(0), .number(1), .number(2)])])
        #expect(Constraint.minMaxNorm().config
                == ["min_value": .number(0), "max_value": .number(1), "rate": .number(1), "axis": .number(0)])
        for constraint: Constraint in [.maxNorm(maxValue: 3, axis: 1), .maxNorm(axes: [0, 1]), .nonNeg, .unitNorm(),
                                        .unitNorm(axes: [1, 2]), .minMaxNorm(minValue: 0.5, maxValue: 2, rate: 0.3, axis: 1)] {
            #expect(try Constraint.fromConfig(constraint.keras3Config).keras3Config == constraint.keras3Config)
        }
    }

    @Test func namesIncludingKeras2AliasesResolve() throws {
        let expected = ["max_norm": "MaxNorm", "maxnorm": "MaxNorm", "MaxNorm": "MaxNorm", "non_neg": "NonNeg",
                        "nonneg": "NonNeg", "NonNeg": "NonNeg", "unit_norm": "UnitNorm", "unitnorm": "UnitNorm",
                        "UnitNorm": "UnitNorm", "min_max_norm": "MinMaxNorm", "MinMaxNorm": "MinMaxNorm"]
        for (name, className) in expected { #expect(try Constraint.named(name).className == className) }
        let keras2 = json(["class_name": .string("MaxNorm"), "config": json(["max_value": .number(3), "axis": .number(0)])])
        #expect(try Constraint.fromConfig(keras2).config["max_value"] == .number(3))
        let reader = ConfigReader(["kernel_constraint": .string("non_neg"), "bias_constraint": .null], context: "layer d")
        #expect(try reader.constraint("kernel_constraint")?.className == "NonNeg")
        #expect(try reader.constraint("bias_constraint") == nil)
    }

    @Test func unknownNamesAndBadArgumentsThrow() {
        #expect(throws: KerasError.self) { try Constraint.named("positive") }
        #expect(throws: KerasError.self) {
            try Constraint.fromConfig(json(["class_name": .string("MaxNorm"), "config": json(["axis": .string("rows")])]))
        }
        do {
            _ = try Constraint.named("max-norm")
            Issue.record("expected an error")
        } catch let error as KerasError {
            #expect(error.message.contains("Unknown constraint: 'max-norm'. Did you mean 'max_norm'? Expected one of: MaxNorm,"))
            #expect(error.message.contains("max_norm"))
        } catch { Issue.record("unexpected \(error)") }
    }
}
