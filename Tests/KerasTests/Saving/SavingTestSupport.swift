import Foundation
import Keras
@testable import KerasCore
@testable import KerasSaving

/// A fresh, empty directory under the system's temporary directory.
func makeScratchDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftkeras-saving-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Whether two lists of tensors have the same shapes and exactly the same elements.
func identical(_ a: [Tensor], _ b: [Tensor]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.shape == $1.shape && $0.dtype == $1.dtype && $0.doubles == $1.doubles }
}

/// The functional model of the saving tests: an LSTM, a BatchNormalization (with
/// non-trainable moving statistics), a nested Sequential and a Dense head. Its layout matches
/// the Keras 3 model of Tests/Fixtures/Weights/make_fixtures.py.
func makeRecurrentFunctionalModel() throws -> Model {
    let inputs = Input(shape: [3, 4], name: "sequence")
    var x = try LSTM(2)(inputs)
    x = try BatchNormalization()(x)
    x = try Sequential([Dense(3, activation: .relu, inputShape: [2])], name: "inner")(x)
    let outputs = try Dense(2)(x)
    return try Model(inputs: inputs, outputs: outputs)
}

/// Every `vars` group in an HDF5 weights file, with its `name` attribute and dataset count.
func varsGroups(in path: String) throws -> [String: (name: String?, datasets: Int)] {
    try HDF5File.read(path) { root in
        var found: [String: (name: String?, datasets: Int)] = [:]
        func scan(_ group: HDF5Group, _ prefix: String) throws {
            for child in try group.childNames() where group.kind(of: child) == .group {
                let path = prefix.isEmpty ? child : prefix + "/" + child
                let sub = try group.group(at: child)!
                if child == "vars" {
                    let count = try sub.childNames().filter { sub.kind(of: $0) == .dataset }.count
                    found[path] = (sub.stringAttribute("name"), count)
                } else {
                    try scan(sub, path)
                }
            }
        }
        try scan(root, "")
        return found
    }
}
