import CKerasABI
import Foundation
import Testing
import Keras
@testable import KerasCore

/// The host table's safety at the boundary: call_op refuses what does not fit with
/// INVALID_ARGUMENT (never traps), has_op answers, and plugins cannot take taken names.
@Suite(.serialized) struct PluginBoundaryTests {
    /// Calls call_op as a plugin would; returns the results, or the error's code and message.
    static func callOp(_ name: String, _ inputs: [Tensor], _ attributes: String? = nil) -> Result<[Tensor], KerasError> {
        let host = HostAPI.table.pointer.pointee
        let handles: [OpaquePointer?] = inputs.map { HostTensorHandle($0).retainedHandle() }
        defer { for h in handles { host.tensor_release(h) } }
        var outputs = [OpaquePointer?](repeating: nil, count: 4)
        var produced: Int32 = 0
        let error = handles.withUnsafeBufferPointer { ins in
            outputs.withUnsafeMutableBufferPointer { outs in
                host.call_op(name, ins.baseAddress, Int32(ins.count), attributes, outs.baseAddress, 4, &produced)
            }
        }
        if let error {
            let (code, message) = PluginABI.consume(error)
            return .failure(KerasError(.plugin, "\(PluginABI.statusName(code)): \(message)"))
        }
        return .success(outputs.prefix(Int(produced)).map { HostTensorHandle.take($0!) })
    }

    static func expectInvalid(_ name: String, _ inputs: [Tensor], _ attributes: String? = nil, mentions: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        switch callOp(name, inputs, attributes) {
        case .success: Issue.record("call_op(\(name)) accepted bad arguments", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.message.hasPrefix("INVALID_ARGUMENT") && error.message.contains(mentions), "\(error.message)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func callOpRefusesShapesDtypesAndAttributesThatDoNotFit() {
        let a = K.ones([2, 3]), b = K.ones([4, 5])
        Self.expectInvalid("dot", [a, b], mentions: "differs")
        Self.expectInvalid("add", [a, b], mentions: "do not broadcast")
        Self.expectInvalid("add", [a, K.cast(a, .float64)], mentions: "dtypes differ")
        Self.expectInvalid("concatenate", [a, b], "{\"axis\": 0}", mentions: "all but axis")
        Self.expectInvalid("reshape", [a], "{\"shape\": [4, 2]}", mentions: "cannot reshape")
        Self.expectInvalid("squeeze", [a], "{\"axis\": 0}", mentions: "expected 1")
        Self.expectInvalid("softmax", [a], "{\"axis\": 5}", mentions: "out of range")
        Self.expectInvalid("slice", [a], "{\"start\": [0, 2], \"size\": [1, 4]}", mentions: "outside")
        Self.expectInvalid("batch_dot", [K.ones([2, 3, 4]), K.ones([3, 4, 5])], mentions: "batch sizes differ")
        Self.expectInvalid("gather", [a, Tensor([0, 7] as [Int32], shape: [2])], mentions: "out of range")
        Self.expectInvalid("exp", [K.cast(a, .int32)], mentions: "float32 or float64")
        Self.expectInvalid("repeat", [K.ones([2])], "{\"n\": 2}", mentions: "2-D")
        Self.expectInvalid("dot", [a], mentions: "expected 2 tensor arguments")
        Self.expectInvalid("relu", [a], "[1, 2]", mentions: "not a JSON object")
        Self.expectInvalid("relu", [a], "{\"alpha\": \"high\"}", mentions: "alpha")
        Self.expectInvalid("conv2d", [K.ones([1, 4, 4, 1]), K.ones([2, 2, 2, 1])], mentions: "expects 2 input channels")
        switch Self.callOp("no_such_op", [a]) {
        case .success: Issue.record("unknown op accepted")
        case .failure(let error): #expect(error.message.hasPrefix("UNIMPLEMENTED") && error.message.contains("no_such_op"))
        }
        // What fits runs.
        let fitting = Self.callOp("dot", [a, K.ones([3, 2])])
        #expect((try? fitting.get())?.first?.doubles == [3, 3, 3, 3])
    }

    @Test func hasOpKnowsValidatedFunctionsAndNativeOps() {
        let hasOp = HostAPI.table.pointer.pointee.has_op!
        #expect(hasOp("dot") == 1 && hasOp("softmax") == 1)
        #expect(hasOp("conv2d") == 1 && hasOp("nothing_like_it") == 0)
        if SeedLayersFixture.load() { #expect(hasOp("antirectifier_native") == 1) }
    }

    @Test func aSecondPluginWithTheSameNamesIsRefusedNamingBothFiles() throws {
        guard SeedLayersFixture.load(), let original = PluginFixtures.built("KerasSeedLayers") else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        let copy = (directory as NSString).appendingPathComponent("libKerasSeedLayersCopy.so")
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        let error = try #require(throws: KerasError.self) { try PluginRegistry.shared.load(path: copy) }
        #expect(error.message.contains(copy) && error.message.contains("libKerasSeedLayers.so"), "\(error.message)")
        #expect(error.message.contains("already provided by"), "\(error.message)")
        // The first plugin's classes still work.
        #expect(try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(2)]) is PluginLayer)
    }

    @Test(arguments: [("BuiltinLayerName", "\"Dense\" is a built-in layer name"),
                      ("BuiltinFunctionName", "\"relu\" is a built-in K function or activation name"),
                      ("BadSignature", "complex")])
    func pluginsThatTakeBuiltInNamesOrDoNotParseAreRefused(fixture: String, reason: String) throws {
        guard let path = PluginFixtures.built("TestPlugin\(fixture)") else { return }
        let error = try #require(throws: KerasError.self) { try PluginFixtures.isolatedRegistry().load(path: path) }
        #expect(error.message.contains(path) && error.message.contains(reason), "\(error.message)")
        // Dense and relu are still the built-ins.
        #expect(try LayerRegistry.layer(className: "Dense", config: ["units": .number(2)]) is Dense)
    }

    @Test func hostCallsFromAPluginsInitWork() throws {
        // SeedLayers' init computes 1 + 2 through call_op and refuses to load otherwise.
        guard SeedLayersFixture.load() else { return }
        let info = try #require(PluginRegistry.shared.plugins.first { $0.name == "SeedLayers" })
        #expect(info.attributes.contains { $0.key == "init.call_op" && $0.value == "1 + 2 = 3" })
    }
}
