import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KerasKernelTypes

/// What a calibration was measured on: the plugin files (path, size, modification time, plugin
/// ABI and version), the CPU (model name and a hash of its feature flags) and the thread count.
/// A cached calibration whose key differs from the machine's is measured again.
struct CalibrationKey: Codable, Equatable, Sendable {
    struct Plugin: Codable, Equatable, Sendable {
        var backend: String
        var path: String
        var size: Int64
        /// Modification time in nanoseconds since 1970.
        var modified: Int64
        var abi: String
        var version: String
    }

    /// The cache's own format; a file of another format is measured again.
    var format = CalibrationKey.currentFormat
    var plugins: [Plugin]
    var cpu: String
    var cpuFlags: String
    var threads: Int

    /// 2: the reference backend is a candidate for small primitives. 3: each candidate timed
    /// in a block of its own (interleaved timings of format 2 favoured OpenBLAS). 4: the large
    /// convolution case has a batch of 32 (at 8, OpenBLAS won oneDNN's kernel gradient, which
    /// oneDNN runs faster from a batch of 16 on). 5: the large reduction is a bias
    /// gradient (sums over the leading axis), not row sums. 6: a large element-wise kernel or
    /// reduction leaves the highest-priority plugin only for a 2× faster one; each candidate
    /// timed in two blocks, in mirrored order.
    static let currentFormat = 6

    /// The key of `members` on this machine now.
    static func current(_ members: [PluginBackend], threads: Int, cpuInfo: String = CPUInfo.read()) -> CalibrationKey {
        let plugins = members.map { member -> Plugin in
            var info = stat()
            let found = stat(member.plugin.path, &info) == 0
            return Plugin(backend: member.name, path: member.plugin.path, size: found ? Int64(info.st_size) : -1,
                          modified: found ? Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) : -1,
                          abi: "\(member.plugin.abiVersion)", version: member.plugin.version)
        }
        let (model, flags) = CPUInfo.parse(cpuInfo)
        return CalibrationKey(plugins: plugins, cpu: model, cpuFlags: flags, threads: threads)
    }

    /// What differs from `other`, for the message that says why the calibration runs again.
    func difference(from other: CalibrationKey) -> String {
        if format != other.format { return "cache format \(other.format), this build writes \(format)" }
        if cpu != other.cpu || cpuFlags != other.cpuFlags { return "the CPU changed (\(other.cpu) → \(cpu))" }
        if threads != other.threads { return "the thread count changed (\(other.threads) → \(threads))" }
        if plugins.map(\.backend) != other.plugins.map(\.backend) {
            return "the plugin backends changed (\(other.plugins.map(\.backend).joined(separator: ", ")) → \(plugins.map(\.backend).joined(separator: ", ")))"
        }
        for (now, then) in zip(plugins, other.plugins) where now != then {
            return "the plugin file \(now.path) changed"
        }
        return "the key changed"
    }
}

/// The CPU's model name and a hash of its feature flags, from `/proc/cpuinfo`.
enum CPUInfo {
    static func read() -> String {
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    }

    /// The first processor's `model name` and the FNV-1a hash of its `flags` line (hex).
    static func parse(_ text: String) -> (model: String, flags: String) {
        var model = "unknown", flags = ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let field = parts[0].trimmingCharacters(in: .whitespaces), value = parts[1].trimmingCharacters(in: .whitespaces)
            if field == "model name" && model == "unknown" { model = value }
            if (field == "flags" || field == "Features") && flags.isEmpty { flags = value }
            if model != "unknown" && !flags.isEmpty { break }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in flags.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (model, String(hash, radix: 16))
    }
}

/// The calibration cache: `$SWIFTKERAS_HOME/calibration.json`, one key and the routes measured
/// under it. Written atomically (``AtomicFile``): processes that start at once each measure
/// and the last rename wins, and a reader sees a whole file or none. A file that cannot be read,
/// is not valid, or has another key is measured again (said at `info` level).
struct CalibrationCache {
    struct Contents: Codable {
        var key: CalibrationKey
        /// Seconds the calibration took.
        var seconds: Double
        var decisions: [RouteDecision]
    }

    let path: String

    /// `<home>/calibration.json`.
    init(home: String) {
        path = (home as NSString).appendingPathComponent("calibration.json")
    }

    /// The outcome of reading the cache.
    enum Lookup {
        case hit(Contents)
        /// No file: the first calibration on this machine.
        case missing
        /// A file that cannot be used, and why.
        case unusable(String)
    }

    func read(expecting key: CalibrationKey) -> Lookup {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let data = FileManager.default.contents(atPath: path) else { return .unusable("cannot be read") }
        let contents: Contents
        do {
            contents = try JSONDecoder().decode(Contents.self, from: data)
        } catch {
            return .unusable("not a valid calibration file (\(Self.describe(error)))")
        }
        guard contents.key == key else { return .unusable("it was measured for another setup: \(key.difference(from: contents.key))") }
        return .hit(contents)
    }

    /// Writes `contents` atomically, creating the home directory if needed.
    func write(_ contents: Contents) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(contents)
        try AtomicFile.write(to: path) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                throw KerasError(.io, "\(temporary): cannot be written")
            }
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing key `\(key.stringValue)`"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at `\(context.codingPath.map(\.stringValue).joined(separator: "."))`"
        default: "\(error)"
        }
    }
}
