import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// Files laid out by hand, as other writers may lay them out: float64 datasets, an optimizer
/// group, no groups for weightless layers.
@Suite struct WeightsFileContentsTests {
    /// Writes a file for `Sequential([Dense(2, inputShape: [3])])` with float64 datasets and the
    /// `optimizer/vars` group Keras adds for a compiled model.
    func writeHandmadeFile(_ path: String, withOptimizer: Bool) throws {
        try HDF5File.create(path) { root in
            let vars = try root.group(creatingIfNeeded: "layers").group(creatingIfNeeded: "dense").group(creatingIfNeeded: "vars")
            try vars.writeDataset("0", Tensor([1, 2, 3, 4, 5, 6], shape: [3, 2], dtype: .float64))
            try vars.writeDataset("1", Tensor([0.5, -0.5], shape: [2], dtype: .float64))
            if withOptimizer {
                let optimizer = try root.group(creatingIfNeeded: "optimizer").group(creatingIfNeeded: "vars")
                try optimizer.setStringAttribute("name", "adam")
                try optimizer.writeDataset("0", Tensor([7], shape: [], dtype: .int32))
            }
        }
    }

    @Test func float64DatasetsLoadIntoFloat32WeightsAndOptimizerStateIsIgnored() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/handmade.weights.h5"
        try writeHandmadeFile(file, withOptimizer: true)
        let model = try Sequential([Dense(2, inputShape: [3])])
        try model.loadWeights(from: file)
        let weights = model.getWeights()
        #expect(weights.map(\.dtype) == [.float32, .float32])
        #expect(weights[0].doubles == [1, 2, 3, 4, 5, 6])
        #expect(weights[1].doubles == [0.5, -0.5])
    }

    @Test func scalarsAndIntegerDatasetsRoundTripThroughTheWrapper() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/values.weights.h5"
        try HDF5File.create(file) { root in
            try root.writeDataset("scalar", Tensor([2.5], shape: [], dtype: .float64))
            try root.writeDataset("ints", Tensor([1, -2, 3], shape: [3], dtype: .int64))
            try root.writeDataset("bytes", Tensor([0, 255], shape: [2], dtype: .uint8))
            try root.setStringAttribute("name", "naïve ✓")
        }
        try HDF5File.read(file) { root in
            let scalar = try root.readDataset("scalar")
            #expect(scalar.shape == [] && scalar.dtype == .float64 && scalar.doubles == [2.5])
            let ints = try root.readDataset("ints")
            #expect(ints.dtype == .int64 && ints.doubles == [1, -2, 3])
            let bytes = try root.readDataset("bytes")
            #expect(bytes.dtype == .uint8 && bytes.doubles == [0, 255])
            #expect(root.stringAttribute("name") == "naïve ✓")
            #expect(root.stringAttribute("missing") == nil)
            #expect(throws: KerasError.self) { try root.readDataset("missing") }
        }
    }
}
