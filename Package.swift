// swift-tools-version: 6.0
import PackageDescription

// Optimisation policy: every target builds with SwiftPM's defaults (`-O`, whole-module, in
// release). No target uses `-Ounchecked`: it removes every `precondition`, so `K`'s argument and
// shape checks would vanish from release builds (docs/reliability.md). Kernels that need the
// speed keep unchecked arithmetic inside their inner loops only, after validating the bounds
// (unsafe buffer pointers, `&+`, `&*`).

/// The plugin ABI and SDK come from the `KerasPluginKit` package (Sources/KerasPluginKit), as
/// an outside plugin gets them.
let abi: Target.Dependency = .product(name: "CKerasABI", package: "KerasPluginKit")
let kit: Target.Dependency = .product(name: "KerasPluginKit", package: "KerasPluginKit")
/// The dtypes, op codes, parameter structs and kernel table the core shares with the kit.
let kernelTypes: Target.Dependency = .product(name: "KerasKernelTypes", package: "KerasPluginKit")

/// The plugins this package ships export the plugin ABI's entry point and nothing else
/// (`nm -D -g --defined-only libKerasOneDNN.so`): a linker version script, on Linux (applied at the
/// end of this file).
func exportsOnly(_ script: String) -> [LinkerSetting] {
    [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/\(script)"], .when(platforms: [.linux]))]
}
let shippedPlugins = ["KerasOpenBLAS", "KerasOneDNN", "KerasMPI"]

/// Broken and unusual plugins the plugin-loader tests load by path, one tiny C library each
/// (Tests/Fixtures/Plugins/<name>). Their names do not start with `libKeras`, so backend
/// discovery never picks them up.
let testPlugins = ["WrongMajor", "NewerMinor", "NoEntry", "MissingDependency", "InitFails", "Duplicate",
                   "BuiltinLayerName", "BuiltinFunctionName", "BadSignature", "MultiOutputOp"]
let testPluginProducts: [Product] = testPlugins.map {
    .library(name: "TestPlugin\($0)", type: .dynamic, targets: ["TestPlugin\($0)"])
}
let testPluginTargets: [Target] = testPlugins.map { name in
    // MissingDependency links OpenBLAS; the test copies it and renames that dependency.
    .target(name: "TestPlugin\(name)",
            dependencies: name == "MissingDependency" ? [abi, "COpenBLAS"] : [abi],
            path: "Tests/Fixtures/Plugins/\(name)", publicHeadersPath: ".")
}

let package = Package(
    name: "SwiftKeras",
    platforms: [.macOS(.v15)],
    products: [
        // Everything a user gets from `import Keras`: the core and the parts below, re-exported.
        .library(name: "Keras", targets: ["Keras"]),
        // The core alone (Tensor, K, backends, layers, models, training, config serialisation):
        // a program that needs only these links neither zlib nor HDF5.
        .library(name: "KerasCore", targets: ["KerasCore"]),
        // Model and weights files (`.keras`, `.weights.h5`, `.h5`, `.npy`/`.npz`) on HDF5 and ZIPFoundation.
        .library(name: "KerasSaving", targets: ["KerasSaving"]),
        // Fashion-MNIST / MNIST readers (gzip IDX files, zlib) and image batches.
        .library(name: "KerasDatasets", targets: ["KerasDatasets"]),
        // `plotModel` / `modelToDot` and training curves (SVG, Graphviz).
        .library(name: "KerasVisualization", targets: ["KerasVisualization"]),
        // The golden cases and their runner (`swiftkeras conformance`).
        .library(name: "KerasConformance", targets: ["KerasConformance"]),
        .executable(name: "swiftkeras", targets: ["swiftkeras"]),
        // Backend plugins: shared libraries the core dlopens (`libKerasOpenBLAS.so`).
        .library(name: "KerasOpenBLAS", type: .dynamic, targets: ["KerasOpenBLAS"]),
        .library(name: "KerasOneDNN", type: .dynamic, targets: ["KerasOneDNN"]),
        // For `swiftkeras bench onednn` only: a convolution on oneDNN's C API directly
        // (`libOneDNNBench.so`; not a plugin, so discovery never loads it).
        .library(name: "OneDNNBench", type: .dynamic, targets: ["OneDNNBench"]),
        // The communicator plugin for data-parallel training across processes (Open MPI).
        .library(name: "KerasMPI", type: .dynamic, targets: ["KerasMPI"]),
        // A minimal backend plugin written with KerasPluginKit (the plugin guide's example).
        .library(name: "ExampleBackend", type: .dynamic, targets: ["ExampleBackend"]),
        // The seed documents' custom layers, Lambda functions and a native op, as a plugin.
        .library(name: "KerasSeedLayers", type: .dynamic, targets: ["KerasSeedLayers"]),
    ] + testPluginProducts,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Zip archives: `.keras` model files and `.npz` NumPy archives.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The plugin ABI and SDK, a package of its own so outside plugins name it the same way.
        .package(path: "Sources/KerasPluginKit"),
    ],
    targets: [
        // `import Keras`: one file re-exporting the core and the parts (Sources/KerasUmbrella).
        .target(
            name: "Keras",
            dependencies: ["KerasCore", "KerasSaving", "KerasDatasets", "KerasVisualization"],
            path: "Sources/KerasUmbrella"
        ),
        // The core library: Tensor, K, autodiff, backends, engine, layers, training, config
        // serialisation. Its folder keeps the name `Sources/Keras`. The parts below use its
        // `package` declarations; none of zlib, HDF5 or ZIPFoundation is linked by it.
        .target(
            name: "KerasCore",
            dependencies: [abi, kernelTypes, "CFFI", "CKerasRandom"],
            path: "Sources/Keras"
        ),
        // The core's vectorised random loops (Philox over many counters at once: dropout keep
        // masks), compiled for AVX-512, AVX2 and baseline x86-64, chosen when loaded.
        .target(name: "CKerasRandom", path: "Sources/CKerasRandom", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "KerasSaving",
            dependencies: ["KerasCore", "CHDF5", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Sources/KerasSaving"
        ),
        .target(name: "KerasDatasets", dependencies: ["KerasCore", "CKerasZlib"], path: "Sources/KerasDatasets"),
        .target(name: "KerasVisualization", dependencies: ["KerasCore"], path: "Sources/KerasVisualization"),
        // libffi's C interface (Debian: libffi-dev): calls plugin Lambda functions from their
        // declared signatures.
        .systemLibrary(name: "CFFI", path: "Sources/CFFI", pkgConfig: "libffi", providers: [.apt(["libffi-dev"])]),
        // The golden cases produced by real Keras (832 KB of JSON) and the runner that checks a
        // backend against them; the name → K function table the runner and plugins' call_op
        // use stays in the core (Sources/Keras/Ops).
        .target(
            name: "KerasConformance",
            dependencies: ["KerasCore"],
            path: "Sources/KerasConformance",
            resources: [.copy("Cases")]
        ),
        // zlib's C interface (Debian: zlib1g-dev): gzip-compressed dataset files. Not `CZlib`:
        // ZIPFoundation's own zlib module has that name.
        .systemLibrary(name: "CKerasZlib", path: "Sources/CKerasZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // OpenBLAS's C interface (Debian: libopenblas-dev).
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // HDF5's C interface, for `.weights.h5` files (Debian: libhdf5-dev).
        .systemLibrary(
            name: "CHDF5",
            path: "Sources/CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        // Vectorised CPU loops the backend plugins share (the fused LSTM's gate arithmetic,
        // optimizer updates), each compiled for AVX-512, AVX2 + FMA and baseline x86-64, chosen
        // when loaded. No errno from sqrtf (which would keep the updates scalar); no FMA
        // contraction (the updates round as the host's Swift loops do).
        .target(
            name: "CFusedKernels",
            path: "Plugins/FusedKernels",
            exclude: ["Swift"],
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off", "-fno-math-errno"])]
        ),
        // Those loops as plugin kernels (the LSTM sequence on a plugin's GEMM, optimizer
        // updates), on KerasPluginKit: the Swift glue both plugins share.
        .target(name: "KerasFusedKernels", dependencies: [kit, "CFusedKernels"], path: "Plugins/FusedKernels/Swift"),
        // The OpenBLAS backend plugin, built as an outside author would: KerasPluginKit only
        // (and the plugins' own fused loops).
        .target(
            name: "KerasOpenBLAS",
            dependencies: [kit, "COpenBLAS", "CFusedKernels", "KerasFusedKernels"],
            path: "Plugins/OpenBLAS"
        ),
        // oneDNN's C interface (Debian: libdnnl-dev, oneDNN 2.x; no pkg-config file).
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // The oneDNN backend plugin: convolution, pooling, matmul, element-wise, softmax and
        // reductions on oneDNN primitives, built on KerasPluginKit alone.
        .target(
            name: "KerasOneDNN",
            dependencies: [kit, "CDNNL", "CFusedKernels", "KerasFusedKernels", "COneDNNLoops"],
            path: "Plugins/OneDNN",
            exclude: ["Loops"]
        ),
        // The oneDNN plugin's own vectorised loops (the max-pooling gradient), compiled for
        // AVX-512, AVX2 and baseline x86-64, chosen when loaded.
        .target(name: "COneDNNLoops", path: "Plugins/OneDNN/Loops", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "OneDNNBench", dependencies: ["CDNNL"], path: "Plugins/OneDNNBench", exclude: ["bench.exports"],
                linkerSettings: exportsOnly("Plugins/OneDNNBench/bench.exports")),
        // Open MPI's C interface (Debian: libopenmpi-dev; pkg-config ompi-c).
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // The communicator plugin: collectives on MPI, built on KerasPluginKit alone. The core
        // never links MPI; this library loads only where libmpi does.
        .target(name: "KerasMPI", dependencies: [kit, "CMPI"], path: "Plugins/MPI"),
        .target(name: "ExampleBackend", dependencies: [kit], path: "Plugins/Examples/ExampleBackend"),
        .target(name: "KerasSeedLayers", dependencies: [kit], path: "Plugins/Examples/SeedLayers"),
        .executableTarget(
            name: "swiftkeras",
            dependencies: [
                "Keras",
                "KerasConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/swiftkeras"
        ),
        // The program the data-parallel test runs as one process and under `mpirun -np 2`.
        .executableTarget(name: "DataParallelCheck", dependencies: ["Keras"], path: "Integration/DataParallelCheck"),
        // A program on the core product alone: `CoreLinkTests` checks it links neither zlib nor HDF5.
        .executableTarget(name: "KerasCoreOnly", dependencies: ["KerasCore"], path: "Integration/CoreOnly"),
        .testTarget(
            name: "KerasTests",
            // KerasPluginKit: its generated BackendKernels is checked against the kernel table.
            dependencies: ["Keras", "KerasCore", "KerasSaving", "KerasDatasets", "KerasVisualization", "KerasConformance", kit],
            path: "Tests/KerasTests",
            resources: []
        ),
        // Swift ports of the seed documents' examples, run with the tests.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Keras"],
            path: "Integration/Examples"
        ),
    ] + testPluginTargets,
    swiftLanguageModes: [.v6]
)

for target in package.targets where shippedPlugins.contains(target.name) {
    target.linkerSettings = (target.linkerSettings ?? []) + exportsOnly("Plugins/plugin.exports")
}
