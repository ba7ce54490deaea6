// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// libFuzzer targets for the readers of outside input (docs/fuzzing.md). Built and run by
/// `scripts/fuzz.sh`, which compiles every Swift target here — the Keras library included — with
/// `-sanitize=fuzzer,address`.
///
/// Adding a target: write `Targets/<Name>/Fuzz<Name>.swift` defining `LLVMFuzzerTestOneInput`
/// (copy one of the others), add its name to `fuzzTargets`, and commit seed inputs under
/// `Corpus/<Name>/`.
let fuzzTargets = ["KerasJSON", "ModelConfig", "IDX", "Weights", "KerasArchive", "NumPy"]

/// The SwiftKeras package two levels up; a path dependency's identity is its folder's name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let keras: Target.Dependency = .product(name: "Keras", package: root.lastPathComponent)

let package = Package(
    name: "SwiftKerasFuzz",
    platforms: [.macOS(.v15)],
    products: fuzzTargets.map { .executable(name: "Fuzz\($0)", targets: ["Fuzz\($0)"]) },
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "FuzzSupport", dependencies: [keras], path: "Targets/Support"),
    ] + fuzzTargets.map { name in
        .executableTarget(name: "Fuzz\(name)", dependencies: [keras, "FuzzSupport"], path: "Targets/\(name)")
    },
    swiftLanguageModes: [.v6]
)
