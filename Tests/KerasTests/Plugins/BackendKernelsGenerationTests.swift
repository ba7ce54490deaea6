import Testing
import KerasPluginKit

/// KerasPluginKit's `BackendKernels` is generated from keras_plugin.h
/// (scripts/generate-kernel-thunks.py): a kernel added to the table (`BackendKernel`) but not
/// generated, or generated under another name, fails here.
@Suite struct BackendKernelsGenerationTests {
    /// The closure properties, in declaration order, without the two non-kernel slots.
    static let closures = Mirror(reflecting: BackendKernels()).children.compactMap(\.label)
        .filter { $0 != "supports" && $0 != "setThreads" }

    @Test func everyKernelHasAClosureOfItsName() {
        for kernel in BackendKernel.allCases {
            #expect(Self.closures.contains(kernel.description), "BackendKernels has no closure `\(kernel)`")
        }
    }

    @Test func theClosuresAreTheKernelsInTheHeadersOrder() {
        #expect(Self.closures == BackendKernel.allCases.map(\.description))
    }
}
