import Foundation
import KerasCore

/// One golden case from a file made by real Keras (see SCHEMA.md beside the cases).
public struct GoldenCase: Sendable {
    /// Unique, slash-separated id (`"op/batch_dot/seed_example"`).
    public let id: String
    /// `"op"`, `"layer"`, `"model"` or `"train"`.
    public let kind: String
    public let rtol: Double
    public let atol: Double
    /// The whole case as read, for the kind's evaluator.
    public let json: JSONValue
    /// The file it came from.
    public let source: String

    /// Reads the cases of one golden file, checking its format.
    public static func load(file url: URL) throws -> [GoldenCase] {
        let data: Data
        do { data = try Data(contentsOf: url) }
        catch { throw KerasError(.io, "\(url.path): cannot read golden file (\(error.localizedDescription))") }
        let root = try JSONValue.parse(data, source: url.path)
        guard let format = root["format"]?.stringValue else {
            throw KerasError(.io, "\(url.path): missing \"format\"; expected \"swiftkeras-golden/1\"")
        }
        guard format == "swiftkeras-golden/1" else {
            throw KerasError(.io, "\(url.path): format \"\(format)\" is not supported; expected \"swiftkeras-golden/1\"")
        }
        guard let cases = root["cases"]?.arrayValue else {
            throw KerasError(.io, "\(url.path): missing the \"cases\" list")
        }
        return try cases.enumerated().map { index, json in
            guard let id = json["id"]?.stringValue else {
                throw KerasError(.io, "\(url.path): case #\(index) has no \"id\"")
            }
            guard let kind = json["kind"]?.stringValue else {
                throw KerasError(.io, "\(url.path): case \(id) has no \"kind\"")
            }
            let tolerance = json["tolerance"]
            guard let rtol = tolerance?["rtol"]?.doubleValue, let atol = tolerance?["atol"]?.doubleValue else {
                throw KerasError(.io, "\(url.path): case \(id) has no numeric \"tolerance\" {rtol, atol}")
            }
            return GoldenCase(id: id, kind: kind, rtol: rtol, atol: atol, json: json, source: url.path)
        }
    }

    /// Reads every `*.json` golden file in a directory (sorted by name), or a single file.
    public static func load(path: String) throws -> [GoldenCase] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KerasError(.io, "\(path): no such file or directory (expected golden case files)")
        }
        if !isDirectory.boolValue { return try load(file: URL(fileURLWithPath: path)) }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) }
        catch { throw KerasError(.io, "\(path): cannot list directory (\(error.localizedDescription))") }
        let files = names.filter { $0.hasSuffix(".json") }.sorted()
        guard !files.isEmpty else { throw KerasError(.io, "\(path): no *.json golden files in this directory") }
        return try files.flatMap { try load(file: URL(fileURLWithPath: path).appendingPathComponent($0)) }
    }

    /// The public cases shipped with SwiftKeras (copied from real Keras's output).
    public static var bundledCasesPath: String {
        Bundle.module.resourceURL!.appendingPathComponent("Cases").path
    }

    /// Decodes the tensor at `key` of this case.
    public func tensor(_ key: String) throws -> Tensor {
        guard let value = json[key] else { throw KerasError(.io, "\(id): missing \"\(key)\"") }
        return try GoldenTensor.decode(value, context: "\(id).\(key)")
    }

    /// Decodes the list of tensors at `key` (an absent key is an error).
    public func tensors(_ key: String) throws -> [Tensor] {
        guard let list = json[key]?.arrayValue else { throw KerasError(.io, "\(id): missing the list \"\(key)\"") }
        return try list.enumerated().map { try GoldenTensor.decode($1, context: "\(id).\(key)[\($0)]") }
    }
}
