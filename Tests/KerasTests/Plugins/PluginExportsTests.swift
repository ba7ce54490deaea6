import Foundation
import Testing
import CKerasABI
import Keras

/// The plugins this package ships export the plugin ABI's entry point and nothing else (a
/// linker version script, Plugins/plugin.exports); the oneDNN bench's direct convolution lives
/// in a library of its own, `libOneDNNBench.so`, and computes what `K.conv2d` computes.
@Suite("Plugin exports: the ABI only")
struct PluginExportsTests {
    /// The names of the global dynamic symbols `library` defines (`nm -D -g --defined-only`: what
    /// `dlsym` and other images can bind to).
    static func definedDynamicSymbols(_ library: String) throws -> Set<String> {
        let outcome = try CLIProcess.run("/usr/bin/nm", ["-D", "-g", "--defined-only", library])
        #expect(outcome.status == 0, "nm -D \(library): \(outcome.standardError)")
        return Set(outcome.standardOutput.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.map(String.init)
        })
    }

    @Test(arguments: ["KerasOpenBLAS", "KerasOneDNN", "KerasMPI"])
    func shippedPluginExportsOnlyTheEntryPoint(_ product: String) throws {
        guard let path = PluginFixtures.built(product) else { return }
        #expect(try Self.definedDynamicSymbols(path) == [KERAS_PLUGIN_ENTRY_SYMBOL])
    }

    @Test func benchLibraryExportsOnlyItsFunction() throws {
        guard let path = PluginFixtures.built("OneDNNBench") else { return }
        #expect(try Self.definedDynamicSymbols(path) == ["keras_onednn_bench_direct_conv2d"])
    }

    private typealias DirectConv2D = @convention(c) (Int64, Int64, Int64, Int64, Int64, Int64, Int64, UnsafeMutableRawPointer,
                                                     UnsafeMutableRawPointer, UnsafeMutableRawPointer, Int64) -> Int32

    @Test func benchDirectConvolutionMatchesKConv2dOnTheReferenceBackend() throws {
        guard let path = PluginFixtures.built("OneDNNBench") else { return }
        // Never unloaded: the Swift runtime keeps the library's type and conformance records.
        let handle = try #require(dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE), "dlopen \(path)")
        let direct = unsafeBitCast(try #require(dlsym(handle, "keras_onednn_bench_direct_conv2d")), to: DirectConv2D.self)
        // x (2, 5, 4, 3), kernel (3, 3, 3, 4), stride 1, `same`: y (2, 5, 4, 4).
        let x = K.randomUniform([2, 5, 4, 3], minval: -1, maxval: 1, dtype: .float32, seed: 3)
        let kernel = K.randomUniform([3, 3, 3, 4], minval: -1, maxval: 1, dtype: .float32, seed: 4)
        let expected = ActiveBackend.withBackend(ReferenceBackend.shared) { K.conv2d(x, kernel, padding: .same) }
        var y = Tensor(shape: [2, 5, 4, 4], repeating: .nan, dtype: .float32)
        let status = x.withUnsafeBufferPointer(as: Float.self) { px in
            kernel.withUnsafeBufferPointer(as: Float.self) { pk in
                y.withUnsafeMutableBufferPointer(as: Float.self) { py in
                    direct(2, 5, 4, 3, 3, 3, 4, UnsafeMutableRawPointer(mutating: px.baseAddress!),
                           UnsafeMutableRawPointer(mutating: pk.baseAddress!), UnsafeMutableRawPointer(py.baseAddress!), 2)
                }
            }
        }
        #expect(status == 0)
        let difference = zip(y.doubles, expected.doubles).map { abs($0 - $1) }.max() ?? .nan
        #expect(difference < 1e-5, "max |direct − reference| = \(difference)")
    }
}
