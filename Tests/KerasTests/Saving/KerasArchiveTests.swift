import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// Saving and loading `.keras` archives here: bit-identical predictions, training resumed with
/// the optimizer's state, and every kind of bad archive rejected with the file and member named
/// and the target untouched.
@Suite struct KerasArchiveTests {
    static func compiledMLP() throws -> Model {
        let model = try Sequential([Dense(5, activation: .relu, inputShape: [4]), Dense(3, activation: .softmax)], name: "mlp")
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy(), metrics: ["accuracy"])
        return model
    }

    static let x = randomTensor([12, 4], dtype: .float32, seed: 11)
    static let y = Tensor((0..<12).map { Float($0 % 3) }, shape: [12])

    @Test func saveLoadPredictIsBitIdenticalAndArchiveHasKerassMembers() throws {
        let dir = try makeScratchDirectory()
        let model = try makeRecurrentFunctionalModel()
        let path = dir + "/functional.keras"
        try model.save(path)
        let members = try ZipArchive.read(path).map(\.name)
        #expect(members == ["metadata.json", "config.json", "model.weights.h5"])
        let loaded = try loadModel(path)
        let x = randomTensor([3, 3, 4], dtype: .float32, seed: 2)
        #expect(identical([try model.predict(x)], [try loaded.predict(x)]))
        #expect(identical(model.getWeights(), loaded.getWeights()))
        #expect(loaded.optimizer == nil)
    }

    @Test func trainingResumesExactlyWhereItStopped() throws {
        let dir = try makeScratchDirectory()
        let model = try Self.compiledMLP()
        _ = try model.fit(Self.x, Self.y, batchSize: 4, epochs: 1, verbose: 0)
        try model.save(dir + "/mlp.keras")
        let loaded = try loadModel(dir + "/mlp.keras")
        let adam = try #require(loaded.optimizer as? Adam)
        #expect(adam.iterations == 3 && adam.learningRate.value(at: 0) == Double(Float(0.01)))
        // One more epoch on each: the same weights, bit for bit.
        _ = try model.fit(Self.x, Self.y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
        _ = try loaded.fit(Self.x, Self.y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
        #expect(identical(model.getWeights(), loaded.getWeights()))
        #expect(loaded.optimizer?.iterations == 6)
    }

    @Test func compileFalseLoadsAnUncompiledModel() throws {
        let dir = try makeScratchDirectory()
        let model = try Self.compiledMLP()
        try model.save(dir + "/m.keras")
        #expect(try loadModel(dir + "/m.keras", compile: false).optimizer == nil)
    }

    /// Writes an archive with `members` replaced (nil: removed) and expects loading to throw
    /// with every string of `mentions` in the message.
    func expectRejected(_ edit: [String: Data?], _ mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try makeScratchDirectory()
        try Self.compiledMLP().save(dir + "/good.keras")
        var members = try ZipArchive.read(dir + "/good.keras")
        for (name, data) in edit {
            members.removeAll { $0.name == name }
            if let data { members.append((name, data)) }
        }
        try ZipArchive.write(members, to: dir + "/bad.keras", compress: true)
        let error = try #require(throws: KerasError.self, sourceLocation: sourceLocation) { try loadModel(dir + "/bad.keras") }
        for text in mentions + ["bad.keras"] {
            #expect(error.message.contains(text), "\(error.message) should mention \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func missingMemberIsNamed() throws {
        try expectRejected(["model.weights.h5": nil], ["model.weights.h5"])
        try expectRejected(["config.json": nil], ["config.json"])
    }

    @Test func malformedJSONIsNamed() throws {
        try expectRejected(["config.json": Data("{\"class_name\": ".utf8)], ["config.json", "not valid JSON"])
    }

    @Test func unknownClassIsNamed() throws {
        let dir = try makeScratchDirectory()
        try Self.compiledMLP().save(dir + "/good.keras")
        let config = String(decoding: try ZipArchive.read(dir + "/good.keras").first { $0.name == "config.json" }!.data, as: UTF8.self)
        try expectRejected(["config.json": Data(config.replacingOccurrences(of: "\"Dense\"", with: "\"Densest\"").utf8)],
                           ["config.json", "Densest"])
    }

    @Test func weightShapeMismatchIsNamedAndNothingLeaks() throws {
        let dir = try makeScratchDirectory()
        let wider = try Sequential([Dense(6, activation: .relu, inputShape: [4]), Dense(3, activation: .softmax)], name: "mlp")
        try wider.save(dir + "/wider.keras")
        let weights = try ZipArchive.read(dir + "/wider.keras").first { $0.name == "model.weights.h5" }!.data
        try expectRejected(["model.weights.h5": weights], ["model.weights.h5", "layers/dense/vars", "(4, 5)", "(4, 6)"])
    }

    @Test func hdf5OfAnotherLayoutIsRejected() throws {
        let dir = try makeScratchDirectory()
        try HDF5File.create(dir + "/other.h5") { root in
            let g = try root.group(creatingIfNeeded: "model_weights")
            try g.writeDataset("kernel", Tensor(shape: [4, 5]))
        }
        let other = try Data(contentsOf: URL(fileURLWithPath: dir + "/other.h5"))
        try expectRejected(["model.weights.h5": other], ["model.weights.h5", "layers/dense/vars"])
        try expectRejected(["model.weights.h5": Data("not hdf5".utf8)], ["model.weights.h5", "not an HDF5 file"])
    }

    @Test func truncatedArchivesThrowNamingTheFile() throws {
        let dir = try makeScratchDirectory()
        try Self.compiledMLP().save(dir + "/good.keras")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/good.keras"))
        for cut in [0, 30, bytes.count / 3, bytes.count - 10] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: dir + "/cut.keras"))
            let error = try #require(throws: KerasError.self) { try loadModel(dir + "/cut.keras") }
            #expect(error.message.contains("cut.keras"))
        }
    }

    @Test func aFailedSaveLeavesThePreviousArchive() throws {
        let dir = try makeScratchDirectory()
        let model = try Self.compiledMLP()
        try model.save(dir + "/m.keras")
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/m.keras"))
        let unsaveable = try Sequential([Dense(2, inputShape: [3]), Lambda { $0 * 2 }])
        #expect(throws: KerasError.self) { try unsaveable.save(dir + "/m.keras") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/m.keras")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["m.keras"])
        #expect(throws: KerasError.self) { try model.save(dir + "/m.h5") }
    }
}

/// Found by mutating the Keras fixtures: configs that used to crash instead of throwing.
@Suite struct KerasArchiveMutationFindingsTests {
    @Test func anOperationWithoutConfigOrAWrongMaskShapeThrows() throws {
        let path = KerasArchiveFixtureTests.directory + "/masking_rnn.keras"
        let members = try ZipArchive.read(path)
        let config = String(decoding: members.first { $0.name == "config.json" }!.data, as: UTF8.self)
        let dir = try makeScratchDirectory()
        // The Any operation without its config: an error when loading.
        let broken = config.replacingOccurrences(of: "\"class_name\": \"Any\", \"config\"", with: "\"class_name\": \"Any\", \"conf]g\"")
        #expect(broken != config)
        try ZipArchive.write(members.map { $0.name == "config.json" ? ($0.name, Data(broken.utf8)) : $0 }, to: dir + "/a.keras", compress: false)
        #expect(throws: KerasError.self) { try loadModel(dir + "/a.keras") }
        // Any over every axis: a scalar mask for the RNN, an error when predicting.
        let allAxes = config.replacingOccurrences(of: "\"axis\": -1", with: "\"axis\": null")
        #expect(allAxes != config)
        try ZipArchive.write(members.map { $0.name == "config.json" ? ($0.name, Data(allAxes.utf8)) : $0 }, to: dir + "/b.keras", compress: false)
        // The NotEqual operation called on no tensor (its tensor argument dropped): an error.
        let noTensor = config.replacingOccurrences(of: "\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4, 2], \"dtype\": \"float32\", \"keras_history\": [\"sequence\", 0, 0]}}, 0.0]", with: "\"args\": [0.0]")
        #expect(noTensor != config)
        try ZipArchive.write(members.map { $0.name == "config.json" ? ($0.name, Data(noTensor.utf8)) : $0 }, to: dir + "/c.keras", compress: false)
        #expect(throws: KerasError.self) { try loadModel(dir + "/c.keras") }
        let model = try loadModel(dir + "/b.keras")
        let error = try #require(throws: KerasError.self) { _ = try model.predict(Tensor(shape: [2, 4, 2])) as Tensor }
        #expect(error.message.contains("mask"))
    }

    @Test func aNestedModelCalledOnNoTensorThrows() throws {
        let path = KerasArchiveFixtureTests.directory + "/shared_submodel.keras"
        let members = try ZipArchive.read(path)
        let config = String(decoding: members.first { $0.name == "config.json" }!.data, as: UTF8.self)
        let marker = "\"kwargs\": {\"mask\": null}}, {\"args\": [{\"class_name\": \"__keras_tensor__\""
        let broken = config.replacingOccurrences(of: marker, with: marker.replacingOccurrences(of: "__keras_tensor__", with: "__4eras_tensor__"))
        #expect(broken != config)
        let dir = try makeScratchDirectory()
        try ZipArchive.write(members.map { $0.name == "config.json" ? ($0.name, Data(broken.utf8)) : $0 }, to: dir + "/n.keras", compress: false)
        #expect(throws: KerasError.self) { try loadModel(dir + "/n.keras") }
    }
}
