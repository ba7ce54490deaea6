// swift-tools-version: 6.0
import PackageDescription

/// A plugin built outside SwiftKeras's own package, as a user's would be: it depends on
/// KerasPluginKit by path and on nothing of the core. A path dependency's package name is its
/// folder's name, so KerasPluginKit is named "KerasPluginKit" wherever the checkout is.
let package = Package(
    name: "ExternalPlugin",
    platforms: [.macOS(.v15)],
    products: [
        // Discovery takes files named libKeras*.so: this builds libKerasExternalExample.so.
        .library(name: "KerasExternalExample", type: .dynamic, targets: ["KerasExternalExample"]),
    ],
    dependencies: [
        .package(path: "../../Sources/KerasPluginKit"),
    ],
    targets: [
        .target(name: "KerasExternalExample",
                dependencies: [.product(name: "KerasPluginKit", package: "KerasPluginKit")]),
    ],
    swiftLanguageModes: [.v6]
)
