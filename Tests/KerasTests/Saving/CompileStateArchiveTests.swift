import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// The compile state of a `.keras` archive beyond names: metric objects written as their Keras
/// configs, and Nadam's momentum product (`_u_product`) written after the slots.
@Suite struct CompileStateArchiveTests {
    static func config(ofArchive path: String) throws -> JSONValue {
        let member = try #require(try ZipArchive.read(path).first { $0.name == "config.json" })
        return try JSONValue.parse(member.data, source: path)
    }

    /// Keras's own archive (rnn_cells, compiled with metric objects and Nadam, fitted 2 epochs
    /// of 2 batches) loads with those metrics and that optimizer state, and saving it here
    /// writes the same metric configs Keras wrote.
    @Test func kerassMetricObjectsAndNadamStateLoadAndAreWrittenBackTheSame() throws {
        let path = KerasArchiveFixtureTests.directory + "/rnn_cells.keras"
        let model = try loadModel(path)
        let specs = try #require(model.compiled?.metricSpecs.first)
        #expect(specs.count == 4)
        guard specs.count == 4 else { return }
        guard case .metric(let auc as AUC) = specs[0], case .metric(let precision as Precision) = specs[1],
              case .metric(let binary) = specs[2], case .named("accuracy") = specs[3] else {
            Issue.record("metrics not rebuilt as objects: \(specs)")
            return
        }
        #expect(auc.numThresholds == 50 && auc.curve == .roc && auc.name == "auc")
        #expect(precision.threshold == 0.4 && precision.name == "precision")
        #expect(binary.className == "BinaryAccuracy" && binary.getConfig()["threshold"] == .number(0.6))

        // Π_{t=1…4} 0.9·(1 − 0.5·0.96^t), Keras 3's schedule, in float32 as Keras keeps it.
        let nadam = try #require(model.optimizer as? Nadam)
        #expect(nadam.iterations == 4)
        var expected: Float = 1
        for t in 1...4 { expected *= Float(0.9) * (1 - 0.5 * pow(Float(0.96), Float(t))) }
        #expect(abs(nadam.uProduct - expected) < 1e-6)

        let dir = try makeScratchDirectory()
        try model.save(dir + "/again.keras")
        let kerasMetrics = try Self.config(ofArchive: path)["compile_config"]?["metrics"]
        let ourMetrics = try Self.config(ofArchive: dir + "/again.keras")["compile_config"]?["metrics"]
        #expect(kerasMetrics != nil && ourMetrics == kerasMetrics)
    }

    @Test func nadamsMomentumProductIsWrittenLastAndRestoredFromTheFile() throws {
        let model = try Sequential([Dense(3, activation: .tanh, inputShape: [4]), Dense(1)], name: "nadam_mlp")
        try model.compile(optimizer: Nadam(learningRate: 0.01), loss: .meanSquaredError,
                          metrics: [.metric(Metric.topKCategoricalAccuracy(k: 2)), .metric(Recall(threshold: 0.3, name: "rec"))])
        let x = randomTensor([8, 4], dtype: .float32, seed: 51), y = randomTensor([8, 1], dtype: .float32, seed: 52)
        _ = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
        let nadam = try #require(model.optimizer as? Nadam)
        let dir = try makeScratchDirectory()
        try model.save(dir + "/nadam.keras")
        let member = try #require(try ZipArchive.read(dir + "/nadam.keras").first { $0.name == "model.weights.h5" })
        try member.data.write(to: URL(fileURLWithPath: dir + "/w.h5"))
        // iterations, learning_rate, momentum + velocity for 4 variables, then the product.
        #expect(try varsGroups(in: dir + "/w.h5")["optimizer/vars"]?.datasets == 2 + 2 * 4 + 1)
        let last = try HDF5File.read(dir + "/w.h5") { root in try root.group(at: "optimizer/vars")!.readDataset("10") }
        #expect(last.shape == [] && Float(last.item) == nadam.uProduct)
        let metrics = try Self.config(ofArchive: dir + "/nadam.keras")["compile_config"]?["metrics"]?.arrayValue ?? []
        #expect(metrics.map { $0["class_name"] } == [.string("TopKCategoricalAccuracy"), .string("Recall")])
        #expect(metrics.first?["config"]?["k"] == .number(2) && metrics.last?["config"]?["thresholds"] == .number(0.3))

        // Training resumes exactly: one more epoch on each gives the same bits.
        let loaded = try loadModel(dir + "/nadam.keras")
        #expect((loaded.optimizer as? Nadam)?.uProduct == nadam.uProduct)
        _ = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
        _ = try loaded.fit(x, y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
        #expect(identical(model.getWeights(), loaded.getWeights()))

        // The product comes from the file, not from the step count.
        nadam.uProduct = 0.125
        try model.save(dir + "/nadam2.keras")
        #expect((try loadModel(dir + "/nadam2.keras").optimizer as? Nadam)?.uProduct == 0.125)
    }

    @Test(arguments: [
        (#"{"class_name": "AUC", "config": {"name": "auc", "multi_label": true}}"#, ["metric AUC", "`multi_label"]),
        (#"{"class_name": "AUC", "config": {"name": "auc", "curve": "XY"}}"#, ["metric AUC", "`curve`", "XY"]),
        (#"{"class_name": "AUC", "config": {"num_thresholds": "many"}}"#, ["metric AUC", "`num_thresholds`"]),
        (#"{"class_name": "Precision", "config": {"thresholds": [0.1, 0.5]}}"#, ["metric Precision", "`thresholds`"]),
        (#"{"class_name": "Recall", "config": {"class_id": 1}}"#, ["metric Recall", "`class_id`"]),
        (#"{"class_name": "TopKCategoricalAccuracy", "config": {"k": 0}}"#, ["metric TopKCategoricalAccuracy", "`k`"]),
        (#"{"class_name": "BinaryAccuracy", "config": 3}"#, ["metric BinaryAccuracy", "`config`"]),
        (#"{"class_name": "FancyMetric", "config": {"name": "fancy"}}"#, ["fancy"]),
        (#"{"config": {}}"#, ["metrics"]),
    ])
    func badMetricEntriesThrowNamingTheMetricAndKey(_ text: String, _ mentions: [String]) throws {
        let item = try JSONValue.parse(Data(text.utf8), source: "test")
        do {
            _ = try MetricConfig.spec(from: item)
            Issue.record("expected an error for \(text)")
        } catch let error as KerasError {
            for m in mentions { #expect(error.message.contains(m), "\(m) not in: \(error.message)") }
        }
    }
}
