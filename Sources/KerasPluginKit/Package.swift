// swift-tools-version: 6.0
import PackageDescription

/// What a SwiftKeras plugin is built from, as a package of its own: the C contract
/// (`CKerasABI`, `keras_plugin.h`), the kernel types and kernel table both sides share
/// (`KerasKernelTypes`: dtypes, op codes, parameter structs, convolution geometry), and the Swift
/// SDK over them (`KerasPluginKit`, which re-exports the other two).
///
/// It lives in a folder named `KerasPluginKit` so that a plugin's manifest names it the same way
/// wherever the SwiftKeras checkout is (a path dependency's package name is its folder's name):
///
/// ```swift
/// .package(path: "<swiftkeras checkout>/Sources/KerasPluginKit"),
/// ...
/// .target(name: "MyPlugin", dependencies: [.product(name: "KerasPluginKit", package: "KerasPluginKit")])
/// ```
///
/// The SwiftKeras package uses it by path too; nothing here depends on the core.
let package = Package(
    name: "KerasPluginKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KerasPluginKit", targets: ["KerasPluginKit"]),
        .library(name: "CKerasABI", targets: ["CKerasABI"]),
        .library(name: "KerasKernelTypes", targets: ["KerasKernelTypes"]),
    ],
    targets: [
        // The C contract between the core and every plugin.
        .target(name: "CKerasABI"),
        // The Swift side of the contract, shared by the core and the kit: dtypes, op enums,
        // parameter structs, convolution geometry and the declarative kernel table.
        .target(name: "KerasKernelTypes", dependencies: ["CKerasABI"]),
        // What a plugin author imports (it re-exports the two above), never Keras.
        .target(name: "KerasPluginKit", dependencies: ["CKerasABI", "KerasKernelTypes"]),
    ],
    swiftLanguageModes: [.v6]
)
