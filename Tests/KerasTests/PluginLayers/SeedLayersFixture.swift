import Foundation
import Testing
@testable import Keras

/// `libKerasSeedLayers.so`, loaded into the process's registry so its classes, functions and
/// native op are registered.
enum SeedLayersFixture {
    /// Loads the plugin (once); false, with a recorded issue, when it is not built or fails.
    static func load(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let path = PluginFixtures.built("KerasSeedLayers", sourceLocation: sourceLocation) else { return false }
        do {
            try PluginRegistry.shared.load(path: path)
            return true
        } catch {
            Issue.record("loading \(path): \(error)", sourceLocation: sourceLocation)
            return false
        }
    }

    /// A plugin layer from its registered name and config.
    static func layer(_ className: String, _ config: [String: JSONValue]) throws -> Layer {
        try LayerRegistry.layer(className: className, config: config)
    }

    /// The largest |a - b| / (1 + |b|) over the elements.
    static func worst(_ a: Tensor, _ b: Tensor) -> Double {
        precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
        return zip(a.doubles, b.doubles).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
    }

    /// Central finite differences of `f` with respect to every element of `x` (float64).
    static func finiteDifferences(_ x: Tensor, step: Double = 1e-5, _ f: (Tensor) throws -> Double) rethrows -> [Double] {
        var values = x.doubles
        var result: [Double] = []
        for i in 0..<values.count {
            let saved = values[i]
            values[i] = saved + step
            let plus = try f(Tensor(values, shape: x.shape, dtype: x.dtype))
            values[i] = saved - step
            let minus = try f(Tensor(values, shape: x.shape, dtype: x.dtype))
            values[i] = saved
            result.append((plus - minus) / (2 * step))
        }
        return result
    }
}
