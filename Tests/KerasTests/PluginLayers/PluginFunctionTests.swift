import Foundation
import Testing
import Keras
@testable import KerasCore

/// The SeedLayers plugin's Lambda functions (one with scalars, called through libffi) and its
/// native op.
@Suite(.serialized) struct PluginFunctionTests {
    /// The seed's antirectifier written with K in Swift.
    static func antirectifier(_ x: Tensor) -> Tensor {
        let centred = x - K.mean(x, axis: 1, keepDims: true)
        let normalised = K.l2Normalize(centred, axis: 1)
        return K.concatenate([K.relu(normalised), K.relu(-normalised)], axis: 1)
    }

    @Test func antirectifierMatchesSwiftAndKeepsItsShapeRule() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try Lambda(named: "antirectifier")
        let y = try layer(Input(shape: [5]))
        #expect(y.shape == [nil, 10], "the plugin's output-shape rule")
        let x = K.randomUniform([3, 5], minval: -1, maxval: 1, seed: 8)
        let out: Tensor = try layer(x)
        #expect(SeedLayersFixture.worst(out, Self.antirectifier(x)) < 1e-6)
        // The config names the function and no output_shape: the name brings the rule back.
        let config = layer.getConfig()
        #expect(config["function"] == .string("antirectifier"))
        #expect(config["output_shape"] == nil)
        let rebuilt = try LayerRegistry.layer(className: "Lambda", config: config)
        #expect(try rebuilt(Input(shape: [7])).shape == [nil, 14])
    }

    @Test func scaleShiftThroughLibffiMatchesSwift() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try Lambda(named: "scale_shift", argumentValues: ["scale": .number(2.5), "shift": .number(-0.75)])
        let x = K.randomUniform([4, 3], minval: -2, maxval: 2, seed: 9)
        let out: Tensor = try layer(x)
        #expect(SeedLayersFixture.worst(out, x * 2.5 - 0.75) < 1e-6)
        // Differentiable: d sum(y) / dx = scale.
        let tape = GradientTape()
        let watched = tape.watch(x)
        let y: Tensor = try tape.record { try layer(watched) }
        #expect(tape.gradient(K.sum(y), [watched])[0].doubles.allSatisfy { abs($0 - 2.5) < 1e-6 })
        // Round trip through the config, arguments included.
        let config = layer.getConfig()
        #expect(config["arguments"] == .object(["scale": .number(2.5), "shift": .number(-0.75)]))
        let rebuilt = try LayerRegistry.layer(className: "Lambda", config: config)
        let again: Tensor = try rebuilt(x)
        #expect(SeedLayersFixture.worst(again, out) == 0)
    }

    @Test func swiftClosureFunctionsWithSeveralTensorsAndMixedScalars() throws {
        guard SeedLayersFixture.load() else { return }
        // KerasPluginKit wrote the signature from the Swift parameter list.
        let info = try #require(PluginRegistry.shared.plugins.first { $0.name == "SeedLayers" })
        #expect(info.functions.contains("mix(tensor a, tensor b, double alpha, bool swap) -> tensor"), "\(info.functions)")
        #expect(info.functions.contains("scale_shift(tensor x, float scale, float shift) -> tensor"), "\(info.functions)")
        let a = K.randomUniform([2, 3], minval: -1, maxval: 1, seed: 51), b = K.randomUniform([2, 3], minval: -1, maxval: 1, seed: 52)
        for swap in [false, true] {
            let layer = try Lambda(named: "mix", argumentValues: ["alpha": .number(0.25), "swap": .bool(swap)])
            let tape = GradientTape()
            let (wa, wb) = (tape.watch(a), tape.watch(b))
            let outputs: [Tensor] = try tape.record { try layer([wa, wb]) }
            let y = try #require(outputs.first)
            let (first, second) = swap ? (b, a) : (a, b)
            #expect(SeedLayersFixture.worst(y, first * 0.25 + second * 0.75) < 1e-6)
            // Both tensors are in the autodiff graph.
            let gradients = tape.gradient(K.sum(y), [wa, wb])
            #expect(gradients[0].doubles.allSatisfy { abs($0 - (swap ? 0.75 : 0.25)) < 1e-6 })
            #expect(gradients[1].doubles.allSatisfy { abs($0 - (swap ? 0.25 : 0.75)) < 1e-6 })
        }
        // Mixed types are matched by type: a number for the bool is an error.
        let wrong = try #require(throws: KerasError.self) { _ = try Lambda(named: "mix", argumentValues: ["alpha": .number(0.5), "swap": .number(1)]) }
        #expect(wrong.message.contains("swap"), "\(wrong.message)")
    }

    @Test func argumentsThatDoNotMatchTheSignatureAreErrors() throws {
        guard SeedLayersFixture.load() else { return }
        let missing = try #require(throws: KerasError.self) { _ = try Lambda(named: "scale_shift", argumentValues: ["scale": .number(2)]) }
        #expect(missing.message.contains("missing \"shift\""), "\(missing.message)")
        let extra = try #require(throws: KerasError.self) {
            _ = try Lambda(named: "scale_shift", argumentValues: ["scale": .number(2), "shift": .number(1), "bias": .number(0)])
        }
        #expect(extra.message.contains("unexpected \"bias\""), "\(extra.message)")
        let wrongType = try #require(throws: KerasError.self) {
            _ = try Lambda(named: "scale_shift", argumentValues: ["scale": .bool(true), "shift": .number(1)])
        }
        #expect(wrongType.message.contains("\"scale\" is float"), "\(wrongType.message)")
        // From a config too, naming the layer.
        let config: [String: JSONValue] = ["name": .string("ss"), "function": .string("scale_shift"), "arguments": .object(["scale": .number(1)])]
        let fromConfig = try #require(throws: KerasError.self) { _ = try LayerRegistry.layer(className: "Lambda", config: config) }
        #expect(fromConfig.message.contains("ss") && fromConfig.message.contains("shift"), "\(fromConfig.message)")
    }

    @Test func integerAndBooleanParametersKeepTheirTypes() throws {
        let signature = try FunctionSignature(parsing: "(tensor a, tensor b, int32 k, bool flag, double d) -> (tensor, tensor)")
        #expect(signature.tensorNames == ["a", "b"] && signature.resultCount == 2)
        let ok = try ScalarArgument.convert(["k": .number(3), "flag": .bool(true), "d": .number(0.5)], for: signature, function: "f", context: "t")
        #expect(ok == [.int32(3), .bool(true), .double(0.5)])
        #expect(throws: KerasError.self) {
            _ = try ScalarArgument.convert(["k": .number(2.5), "flag": .bool(true), "d": .number(0.5)], for: signature, function: "f", context: "t")
        }
        #expect(throws: KerasError.self) {
            _ = try ScalarArgument.convert(["k": .number(2), "flag": .number(1), "d": .number(0.5)], for: signature, function: "f", context: "t")
        }
        #expect(throws: KerasError.self) {
            _ = try ScalarArgument.convert(["k": .number(3e10), "flag": .bool(false), "d": .number(0.5)], for: signature, function: "f", context: "t")
        }
    }

    @Test func signaturesThatDoNotParseAreErrors() {
        for bad in ["tensor x -> tensor", "(tensor x, float) -> tensor", "(float a, tensor x) -> tensor",
                    "(tensor x, complex z) -> tensor", "(tensor x) -> float", "(tensor x, tensor x) -> tensor", "() -> tensor"] {
            #expect(throws: KerasError.self, "\(bad)") { _ = try FunctionSignature(parsing: bad) }
        }
        #expect((try? FunctionSignature(parsing: "(tensor x, float scale, float shift) -> tensor"))?.description
                == "(tensor x, float scale, float shift) -> tensor")
    }

    @Test func spaceToDepthMovesEachBlockIntoTheChannels() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try Lambda(named: "space_to_depth_x2", name: "space_to_depth")
        #expect(try layer(Input(shape: [4, 6, 3])).shape == [nil, 2, 3, 12])
        // TensorFlow's order: output channel (dy * 2 + dx) * C + c of pixel (i, j) is input (2i + dy, 2j + dx, c).
        let x = K.reshape(K.cast(K.arange(0, stop: 2 * 4 * 6 * 3), .float32), [2, 4, 6, 3])
        let y: Tensor = try layer(x)
        let xs = x.doubles, ys = y.doubles
        var mismatches = 0
        for b in 0..<2 { for i in 0..<2 { for j in 0..<3 { for dy in 0..<2 { for dx in 0..<2 { for c in 0..<3 {
            let out = ((b * 2 + i) * 3 + j) * 12 + (dy * 2 + dx) * 3 + c
            let inp = ((b * 4 + 2 * i + dy) * 6 + 2 * j + dx) * 3 + c
            if ys[out] != xs[inp] { mismatches += 1 }
        } } } } } }
        #expect(mismatches == 0)
    }

    @Test func nativeOpMatchesTheFunctionAndItsBackwardMatchesFiniteDifferences() throws {
        guard SeedLayersFixture.load() else { return }
        let x = K.randomUniform([3, 5], minval: -1, maxval: 1, seed: 12)
        let native = try K.nativeOp("antirectifier_native", [x])[0]
        #expect(SeedLayersFixture.worst(native, Self.antirectifier(x)) < 1e-6)
        // Backward kernel vs central differences of a weighted sum (float32 kernel: loose step).
        let weights = K.randomUniform([3, 10], minval: -1, maxval: 1, seed: 13)
        let tape = GradientTape()
        let watched = tape.watch(x)
        let loss = try tape.record { K.sum(try K.nativeOp("antirectifier_native", [watched])[0] * weights) }
        let analytic = tape.gradient(loss, [watched])[0].doubles
        let numeric = try SeedLayersFixture.finiteDifferences(x, step: 1e-3) { probe in
            K.sum(try K.nativeOp("antirectifier_native", [probe])[0] * weights).doubles[0]
        }
        #expect(zip(numeric, analytic).allSatisfy { abs($0 - $1) < 2e-3 }, "\(numeric) vs \(analytic)")
        // And it equals the gradient of the composed function.
        let tape2 = GradientTape()
        let watched2 = tape2.watch(x)
        let composed = tape2.record { K.sum(Self.antirectifier(watched2) * weights) }
        #expect(zip(tape2.gradient(composed, [watched2])[0].doubles, analytic).allSatisfy { abs($0 - $1) < 1e-5 })
        // From a Lambda config, by name.
        let lambda = try LayerRegistry.layer(className: "Lambda", config: ["function": .string("antirectifier_native")])
        let viaLambda: Tensor = try lambda(x)
        #expect(SeedLayersFixture.worst(viaLambda, native) == 0)
        // A wrong input count is an error, not a crash.
        #expect(throws: KerasError.self) { _ = try K.nativeOp("antirectifier_native", [x, x]) }
        #expect(throws: KerasError.self) { _ = try K.nativeOp("antirectifier_native", [K.ones([2, 2, 2])]) }
    }
}
