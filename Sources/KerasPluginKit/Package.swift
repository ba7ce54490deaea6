// swift-tools-version: 6.0
import PackageDescription

/// What a SwiftKeras plugin is built from, as a package of its own: the C contract
/// (`CKerasABI`, `keras_plugin.h`) and the Swift SDK over it (`KerasPluginKit`).
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
    ],
    targets: [
        // The C contract between the core and every plugin.
        .target(name: "CKerasABI"),
        // What a plugin author imports: CKerasABI only, never Keras.
        .target(name: "KerasPluginKit", dependencies: ["CKerasABI"]),
    ],
    swiftLanguageModes: [.v6]
)
