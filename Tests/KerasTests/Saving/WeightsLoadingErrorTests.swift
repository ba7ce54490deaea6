import Foundation
import Testing
@testable import Keras

/// Loading checks everything before assigning anything; saving never leaves a partial file.
@Suite struct WeightsLoadingErrorTests {
    @Test func shapeMismatchNamesFileLayerPathAndShapesAndChangesNothing() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/narrow.weights.h5"
        try Sequential([Dense(3, inputShape: [4]), Dense(2)]).saveWeights(to: file)
        // The first layer matches, the second does not: the first must not be loaded either.
        let model = try Sequential([Dense(3, inputShape: [4]), Dense(5, name: "wide")])
        let before = model.getWeights()
        let error = #expect(throws: KerasError.self) { try model.loadWeights(from: file) }
        let message = error?.message ?? ""
        #expect(message.contains(file))
        #expect(message.contains("layers/dense_1/vars"))
        #expect(message.contains("wide"))
        #expect(message.contains("(3, 5)") && message.contains("(3, 2)"))
        #expect(identical(before, model.getWeights()))
    }

    @Test func variableCountMismatchThrows() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/bias.weights.h5"
        try Sequential([Dense(3, inputShape: [4])]).saveWeights(to: file)
        let model = try Sequential([Dense(3, useBias: false, inputShape: [4])])
        let before = model.getWeights()
        let error = #expect(throws: KerasError.self) { try model.loadWeights(from: file) }
        #expect(error?.message.contains("expected 1 variables, but received 2") == true)
        #expect(identical(before, model.getWeights()))
    }

    @Test func fileFromALargerModelIsRejected() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/deep.weights.h5"
        try Sequential([Dense(3, inputShape: [4]), Dense(3), Dense(2)]).saveWeights(to: file)
        let model = try Sequential([Dense(3, inputShape: [4]), Dense(3)])
        let before = model.getWeights()
        let error = #expect(throws: KerasError.self) { try model.loadWeights(from: file) }
        #expect(error?.message.contains("layers/dense_2/vars") == true)
        #expect(identical(before, model.getWeights()))
    }

    @Test func skipMismatchLoadsTheLayersThatFit() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/narrow.weights.h5"
        let source = try Sequential([Dense(3, inputShape: [4]), Dense(2)])
        try source.saveWeights(to: file)
        let model = try Sequential([Dense(3, inputShape: [4]), Dense(5)])
        let head = model.layers[1].getWeights()
        try model.loadWeights(from: file, skipMismatch: true)
        #expect(identical(model.layers[0].getWeights(), source.layers[0].getWeights()))
        #expect(identical(model.layers[1].getWeights(), head))
    }

    @Test func corruptedOrTruncatedFilesThrowAndChangeNothing() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.weights.h5"
        try Sequential([Dense(3, inputShape: [4])]).saveWeights(to: good)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let model = try Sequential([Dense(3, inputShape: [4])])
        let before = model.getWeights()

        let garbage = dir + "/garbage.weights.h5"
        try Data("not an hdf5 file at all".utf8).write(to: URL(fileURLWithPath: garbage))
        let truncated = dir + "/truncated.weights.h5"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        for file in [garbage, truncated, dir + "/missing.weights.h5"] {
            let error = #expect(throws: KerasError.self) { try model.loadWeights(from: file) }
            #expect(error?.message.contains(file) == true)
            #expect(identical(before, model.getWeights()))
        }
    }

    @Test func filenameMustEndInWeightsH5() throws {
        let model = try Sequential([Dense(3, inputShape: [4])])
        let error = #expect(throws: KerasError.self) { try model.saveWeights(to: "/tmp/model.h5") }
        #expect(error?.message.contains("must end in `.weights.h5`") == true)
        #expect(throws: KerasError.self) { try model.loadWeights(from: "/tmp/model.npz") }
    }

    @Test func unbuiltModelCannotBeSavedOrLoaded() throws {
        let model = try Sequential([Dense(3)])
        #expect(throws: KerasError.self) { try model.saveWeights(to: "/tmp/unbuilt.weights.h5") }
        #expect(throws: KerasError.self) { try model.loadWeights(from: "/tmp/unbuilt.weights.h5") }
    }

    @Test func failedSaveLeavesThePreviousFileAndNoTemporaryFile() throws {
        /// A layer with a bool weight, which weights files cannot hold: the save fails mid-way.
        final class FlagLayer: Layer {
            override func build(inputShape: [Int?]) throws {
                addWeight(name: "scale", shape: [1], initializer: .ones)
                addWeight(name: "flag", shape: [1], dtype: .bool, trainable: false)
            }
            override func call(_ x: Tensor, training: Bool) throws -> Tensor { x }
            override func computeOutputShape(_ s: [Int?]) throws -> [Int?] { s }
        }
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/model.weights.h5"
        try Sequential([Dense(2, inputShape: [2])]).saveWeights(to: file)
        let previous = try Data(contentsOf: URL(fileURLWithPath: file))

        let failing = try Sequential([Dense(2, inputShape: [2]), FlagLayer()])
        let error = #expect(throws: KerasError.self) { try failing.saveWeights(to: file) }
        #expect(error?.message.contains("bool") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == previous)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.weights.h5"])
    }

    @Test func saveIntoAMissingDirectoryThrows() throws {
        let model = try Sequential([Dense(3, inputShape: [4])])
        let error = #expect(throws: KerasError.self) { try model.saveWeights(to: "/nonexistent-dir-\(UUID().uuidString)/m.weights.h5") }
        #expect(error?.message.contains("does not exist") == true)
    }
}
