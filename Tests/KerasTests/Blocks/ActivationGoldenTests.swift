import Foundation
import Testing
@testable import Keras
import KerasConformance

/// The golden `Activation` layer cases (real Keras 3.15 outputs) run through ``Activation``
/// directly: the function a name resolves to must compute what Keras computed.
@Suite struct ActivationGoldenTests {
    @Test func namedActivationsReproduceKeras3Outputs() throws {
        let path = URL(fileURLWithPath: GoldenCase.bundledCasesPath).appendingPathComponent("layers.json").path
        let cases = try GoldenCase.load(path: path).filter { $0.json["class_name"]?.stringValue == "Activation" }
        #expect(cases.count >= 15)
        for goldenCase in cases {
            guard let name = goldenCase.json["config"]?["activation"]?.stringValue else {
                Issue.record("\(goldenCase.id): no activation name")
                continue
            }
            let input = try goldenCase.tensors("inputs")[0]
            let expected = try goldenCase.tensors("expected")[0]
            let got = try Activation.named(name)(input)
            let mismatch = GoldenTensor.mismatch(got, expected, rtol: goldenCase.rtol, atol: goldenCase.atol)
            #expect(mismatch == nil, "\(goldenCase.id): \(mismatch ?? "")")
        }
    }
}
