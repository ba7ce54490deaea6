import Testing
import Keras
@testable import KerasCore

/// One registry shape for every catalog: names, aliases, registration, and the one error text
/// with "did you mean".
@Suite struct RegistryTests {
    /// The message of the KerasError `body` throws.
    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body() } catch let error as KerasError { return error.message } catch { return "\(error)" }
        return "(no error)"
    }

    @Test func closestNamesIgnoreCaseAndSeparatorsAndPreferTheWrittenSpelling() {
        #expect(NameSuggestions.closest(to: "mean_squared_eror", in: Loss.knownNames) == ["mean_squared_error"])
        #expect(NameSuggestions.closest(to: "max-norm", in: Constraint.knownNames) == ["max_norm"])
        #expect(NameSuggestions.closest(to: "Dens", in: LayerRegistry.classNames).first == "Dense")
        #expect(NameSuggestions.closest(to: "adma", in: Optimizer.knownNames) == ["adam"])   // a transposition
        #expect(NameSuggestions.closest(to: "zzzzzz", in: Loss.knownNames).isEmpty)
        #expect(NameSuggestions.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(NameSuggestions.distance(Array("ab"), Array("ba")) == 1)
    }

    @Test func everyCatalogSaysDidYouMeanInTheSameWords() {
        #expect(message { try Loss.named("mean_squared_eror") }.hasPrefix(
            "Unknown loss: 'mean_squared_eror'. Did you mean 'mean_squared_error'? Expected one of: "))
        #expect(message { try Metric.named("acuracy") }.hasPrefix("Unknown metric: 'acuracy'. Did you mean 'accuracy'?"))
        #expect(message { try Metric.named("mean_absolute_eror") }.hasPrefix(
            "Unknown metric: 'mean_absolute_eror'. Did you mean 'mean_absolute_error'?"))
        #expect(message { try Optimizer.named("rmsprob") }.hasPrefix("Unknown optimizer: 'rmsprob'. Did you mean 'rmsprop'?"))
        #expect(message { try Optimizer.fromConfig(.object(["class_name": .string("Adamm"), "config": .object([:])])) }
            .hasPrefix("Unknown optimizer: 'Adamm'. Did you mean 'adam' or 'adamw'?"))
        #expect(message { try Initializer.named("glorot_unifrom") }.hasPrefix(
            "Unknown initializer: 'glorot_unifrom'. Did you mean 'glorot_uniform'?"))
        #expect(message { try Regularizer.named("L3") }.hasPrefix("Unknown regularizer: 'L3'. Did you mean 'L1' or 'L2'?"))
        #expect(message { try Constraint.named("nonneg_") }.hasPrefix("Unknown constraint: 'nonneg_'. Did you mean 'nonneg'"))
        #expect(message { try Activation.named("sigmod") }.hasPrefix("Unknown activation: 'sigmod'. Did you mean 'sigmoid'?"))
        let layer = message { try LayerRegistry.layer(className: "Conv2d", config: [:]) }
        #expect(layer.hasPrefix("Unknown layer class: 'Conv2d'. Did you mean 'Conv2D'"))
        #expect(layer.contains("Register custom layers with LayerRegistry.register(_:factory:)."))
        #expect(layer.contains("Plugins searched"), "an unknown class also names the plugins searched")
        LambdaFunctions.register("registry_test_double") { x in x * 2 }
        defer { LambdaFunctions.unregister("registry_test_double") }
        #expect(message { try Lambda(named: "registry_test_doubel") }.hasPrefix(
            "Unknown Lambda function: 'registry_test_doubel'. Did you mean 'registry_test_double'?"))
    }

    @Test func aliasesAndClassNamesResolveToTheSameEntry() throws {
        #expect(try Loss.named("mse").name == "mean_squared_error")
        #expect(try Loss.named("MeanSquaredError").name == "mean_squared_error")
        #expect(try Loss.named("kld").name == "kl_divergence")
        #expect(try Optimizer.named("RMSprop") is RMSprop)
        #expect(try Optimizer.named("rmsprop") is RMSprop)
        #expect(try Initializer.named("uniform").className == "RandomUniform")
        #expect(Loss.knownNames.contains("mse") && Loss.knownNames.contains("mean_squared_error"))
    }

    @Test func registeredEntriesShadowBuiltinsAndCanBeRemoved() throws {
        let registry = Registry<Int>(kind: "thing", plural: "things", builtins: ["one": 1], aliases: ["uno": "one"])
        #expect(try registry.lookup("uno") == 1)
        registry.register("one", 11)
        #expect(try registry.lookup("one") == 11)
        #expect(registry.registeredNames == ["one"])
        registry.unregister("one")
        #expect(try registry.lookup("one") == 1)
        #expect(!registry.contains("two"))
        #expect(registry.unknownName("on").message == "Unknown thing: 'on'. Did you mean 'one'? Expected one of: one, uno.")
        let empty = Registry<Int>(kind: "gadget", plural: "gadgets")
        #expect(empty.unknownName("x").message == "Unknown gadget: 'x'. No gadgets are registered.")
    }

    @Test func customMetricsAndOptimizersRegisterByName() throws {
        Metric.register("registry_test_metric") { Mean(name: "registry_test_metric") }
        defer { Metric.catalog.unregister("registry_test_metric") }
        #expect(try Metric.named("registry_test_metric").name == "registry_test_metric")
        Optimizer.register("RegistryTestSGD") { c in SGD(learningRate: .constant(try c.double("learning_rate") ?? 0.5)) }
        defer { Optimizer.catalog.unregister("RegistryTestSGD") }
        let sgd = try Optimizer.fromConfig(.object(["class_name": .string("RegistryTestSGD"),
                                                     "config": .object(["learning_rate": .number(0.25)])]))
        #expect(sgd is SGD && sgd.currentLearningRate == 0.25)
    }
}
