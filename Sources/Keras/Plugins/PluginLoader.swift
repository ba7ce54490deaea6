import CKerasABI
import Foundation
import Synchronization

/// What a plugin that loaded says about itself.
public struct PluginInfo: Sendable, CustomStringConvertible {
    /// The file it was loaded from (as found on the search path).
    public let path: String
    /// Where on the search path it was found.
    public let origin: PluginSearchPath.Origin
    /// The plugin's name (`"KerasOpenBLAS"`).
    public let name: String
    /// The plugin's own version.
    public let version: String
    /// The plugin ABI it was built against.
    public let abiVersion: ABIVersion
    /// Facts it reports (`openblas.core` = `SkylakeX`), in its order.
    public let attributes: [Attribute]
    /// The backend it provides, if any.
    public let backendName: String?
    /// The backend's rank for `"auto"`.
    public let backendPriority: Int?
    /// The communicator it provides (`"mpi"`), if any (ABI 1.2).
    public var communicatorName: String? = nil

    /// A key/value fact.
    public struct Attribute: Sendable, Equatable {
        public let key: String
        public let value: String
    }

    public var description: String {
        "\(name) \(version) (ABI \(abiVersion)) at \(path)" + (backendName.map { ", backend \"\($0)\"" } ?? "")
    }
}

/// A plugin that could not be loaded, and why.
public struct PluginLoadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or search-path entry.
    public let path: String
    /// What went wrong, in words (`"no entry point keras_plugin_entry"`).
    public let reason: String
    /// Where on the search path it was found.
    public let origin: PluginSearchPath.Origin

    public var description: String { "\(path): \(reason)" }

    /// The failure as a ``KerasError`` (`.plugin`).
    public var error: KerasError { KerasError(.plugin, "plugin \(description)") }
}

/// A loaded plugin: its description and its kernel table.
final class LoadedPlugin: Sendable {
    let info: PluginInfo
    let kernels: KernelTable?
    /// Its communicator table (ABI 1.2), read after init.
    let communicator: CommunicatorTable?
    /// The real path (symlinks resolved): one load per file per process.
    let realPath: String

    init(info: PluginInfo, kernels: KernelTable?, communicator: CommunicatorTable? = nil, realPath: String) {
        self.info = info
        self.kernels = kernels
        self.communicator = communicator
        self.realPath = realPath
    }
}

/// Opens plugin files: checks the file, `dlopen`s it with `RTLD_NOW | RTLD_LOCAL |
/// RTLD_NODELETE` (never closed), calls the entry point, checks the ABI, and runs `init`.
/// Every failure becomes a ``PluginLoadFailure`` whose reason names the cause.
enum PluginLoader {
    /// A plugin whose entry point answered and whose ABI fits, not yet initialised.
    struct Opened {
        let path: String
        let realPath: String
        let origin: PluginSearchPath.Origin
        let descriptor: keras_plugin_descriptor
        let descriptorPointer: UnsafePointer<keras_plugin_descriptor>
        let abiVersion: ABIVersion
        let name: String
        let version: String
        /// The backend name it claims, read before init so duplicates are refused early.
        let backendName: String?
    }

    /// Outcomes of files already opened in this process, by real path: a file is opened and
    /// initialised at most once, even when several registries or search entries find it.
    private static let opened = Mutex<[String: Result<LoadedPlugin, PluginLoadFailure>]>([:])

    /// Makes an OpenMP runtime that a plugin loads (oneDNN's libgomp) put idle threads to sleep
    /// instead of spinning, unless the user chose with `OMP_WAIT_POLICY`. SwiftKeras's own
    /// threads share the cores with the plugin's: spinning OpenMP workers take the cycles the
    /// host's element-wise kernels need between two primitives, which on a 2-core machine under
    /// load made a oneDNN training epoch 13× slower (187 s against 14 s with passive waiting).
    /// libgomp reads the variable once, when it is loaded, so it must be set before `dlopen`.
    private static func preferPassiveOpenMPWaiting() {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 0)
    }

    /// The cached outcome for a file, if it was loaded before.
    static func cached(realPath: String) -> Result<LoadedPlugin, PluginLoadFailure>? {
        opened.withLock { $0[realPath] }
    }

    static func remember(_ outcome: Result<LoadedPlugin, PluginLoadFailure>, realPath: String) {
        opened.withLock { $0[realPath] = outcome }
    }

    /// Checks that `path` names a readable shared library, then opens it and reads its
    /// descriptor.
    static func open(_ path: String, origin: PluginSearchPath.Origin) -> Result<Opened, PluginLoadFailure> {
        func failure(_ reason: String) -> Result<Opened, PluginLoadFailure> {
            .failure(PluginLoadFailure(path: path, reason: reason, origin: origin))
        }
        if let problem = checkFile(path) { return failure(problem) }
        let realPath = (path as NSString).resolvingSymlinksInPath

        preferPassiveOpenMPWaiting()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            return failure(describeDlopenError(dlerror().map { String(cString: $0) } ?? "unknown dlopen error", path: path))
        }
        // Never dlclose: RTLD_NODELETE keeps the image even if something else does.
        guard let symbol = dlsym(handle, KERAS_PLUGIN_ENTRY_SYMBOL) else {
            return failure("no entry point `\(KERAS_PLUGIN_ENTRY_SYMBOL)` (not a SwiftKeras plugin, or the function is not exported)")
        }
        let entry = unsafeBitCast(symbol, to: keras_plugin_entry_fn.self)
        guard let pointer = entry(HostAPI.table.pointer) else {
            return failure("the entry point returned no descriptor (the plugin refused to load; its log messages say why)")
        }
        guard let descriptor = PluginABI.read(pointer, zero: keras_plugin_descriptor(),
                                                          minimumSize: PluginABI.descriptorHeaderSize) else {
            return failure("the descriptor is too small to hold its ABI version (struct_size \(UnsafeRawPointer(pointer).load(as: UInt64.self)))")
        }
        let version = ABIVersion(major: Int(descriptor.abi_major), minor: Int(descriptor.abi_minor))
        guard version.major == ABIVersion.host.major else {
            return failure("built for plugin ABI \(version), but this SwiftKeras speaks ABI \(ABIVersion.host): rebuild the plugin against this keras_plugin.h")
        }
        let name = PluginABI.string(descriptor.name) ?? (path as NSString).lastPathComponent
        var backendName: String?
        if let backend = descriptor.backend {
            guard let table = KernelTable(backend) else {
                return failure("its backend table is malformed (too small, or without a name)")
            }
            guard BackendName.isValid(table.name), table.name != BackendName.auto, table.name != BackendName.reference else {
                return failure("its backend name \"\(table.name)\" is not allowed (lowercase letters, digits, '-', '_'; not \"auto\" or \"reference\")")
            }
            backendName = table.name
        }
        return .success(Opened(path: path, realPath: realPath, origin: origin, descriptor: descriptor,
                               descriptorPointer: pointer, abiVersion: version, name: name,
                               version: PluginABI.string(descriptor.version) ?? "unknown", backendName: backendName))
    }

    /// Runs the plugin's `init` and reads its attributes and kernel table.
    static func initialize(_ opened: Opened) -> Result<LoadedPlugin, PluginLoadFailure> {
        if let initialize = opened.descriptor.`init`, let error = initialize() {
            let (code, message) = PluginABI.consume(error)
            return .failure(PluginLoadFailure(path: opened.path, reason: "init failed (\(PluginABI.statusName(code))): \(message)",
                                              origin: opened.origin))
        }
        // Attributes and the kernel table are read after init, which may fill them in.
        let after = PluginABI.read(opened.descriptorPointer, zero: keras_plugin_descriptor(),
                                   minimumSize: PluginABI.descriptorHeaderSize) ?? opened.descriptor
        var attributes: [PluginInfo.Attribute] = []
        if let list = after.attributes {
            for i in 0..<Int(min(after.attribute_count, 1024)) {
                guard let key = PluginABI.string(list[i].key) else { continue }
                attributes.append(PluginInfo.Attribute(key: key, value: PluginABI.string(list[i].value) ?? ""))
            }
        }
        let kernels = after.backend.flatMap(KernelTable.init)
        let communicator = after.communicator.flatMap(CommunicatorTable.init)
        var info = PluginInfo(path: opened.path, origin: opened.origin, name: opened.name, version: opened.version,
                              abiVersion: opened.abiVersion, attributes: attributes, backendName: kernels?.name,
                              backendPriority: kernels?.priority)
        info.communicatorName = communicator?.name
        if let kernels, let setThreads = kernels.c.set_threads {
            setThreads(kernels.c.context, Int32(clamping: KerasConfig.threads))
        }
        return .success(LoadedPlugin(info: info, kernels: kernels, communicator: communicator, realPath: opened.realPath))
    }

    /// Why `path` cannot be a plugin file, or `nil` if it may be one.
    static func checkFile(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no such file"
        }
        if isDirectory.boolValue {
            return "is a directory, not a plugin library (list directories in plugin_paths or SWIFTKERAS_PLUGIN_PATH to search them)"
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return "cannot be read (check its permissions)" }
        defer { try? handle.close() }
        let magic = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        #if os(Linux)
        guard magic == [0x7F, 0x45, 0x4C, 0x46] else {
            return "is not a shared library (no ELF header: \(magic.isEmpty ? "empty file" : "a text or data file?"))"
        }
        #endif
        return nil
    }

    /// Turns `dlerror()`'s text into a reason that says which file is missing.
    static func describeDlopenError(_ message: String, path: String) -> String {
        // glibc: "<path>: <dependency>: cannot open shared object file: No such file or directory"
        let marker = ": cannot open shared object file"
        if let range = message.range(of: marker) {
            let before = message[..<range.lowerBound]
            let dependency = before.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !dependency.isEmpty, dependency != path, !path.hasSuffix("/" + dependency) {
                return "a library it depends on is missing: \(dependency) (dlopen: \(message))"
            }
        }
        return "cannot be loaded (dlopen: \(message))"
    }
}
