import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a failure never leaves a partial or missing result: the content goes to
/// a temporary sibling, is flushed to disk (`fsync`), and is renamed over the target only when
/// complete. On every failure path the temporary file is removed and the target is left as it
/// was.
///
/// ``checkWritable(_:)`` finds out before a long computation (training) whether a path can be
/// written at all.
///
/// ```swift
/// try AtomicFile.checkWritable("out/model.weights.h5")   // before training
/// ```
public enum AtomicFile {
    /// Calls `body` with a temporary path in the target's directory, flushes what it wrote to
    /// disk, then renames it to `path`. When `body`, the flush or the rename fails, the temporary
    /// file is removed and `path` is left as it was.
    package static func write(to path: String, _ body: (String) throws -> Void) throws {
        let directory = try checkedDirectory(of: path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try body(temporary)
            try flush(temporary, for: path)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw KerasError(.io, "\(path): cannot move the written file into place (\(reason))")
        }
        // Make the rename itself durable; a failure here does not lose the file.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Throws a ``KerasError`` (`.io`) naming `path` when a file cannot be written there: the
    /// path is a directory, its directory is missing, or a file cannot be created in it (checked
    /// by creating and removing a probe file, which also catches read-only and virtual file
    /// systems such as `/proc`).
    public static func checkWritable(_ path: String) throws {
        let directory = try checkedDirectory(of: path)
        let probe = directory + "/.swiftkeras-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw KerasError(.io, "\(path): cannot write in \(directory) (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
        unlink(probe)
        if FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 {
            throw KerasError(.io, "\(path): the file exists and is not writable (\(String(cString: strerror(errno))))")
        }
    }

    /// The directory `path` would be written in; throws when `path` is a directory or its
    /// directory does not exist.
    private static func checkedDirectory(of path: String) throws -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw KerasError(.io, "\(path): is an existing directory; give a file path")
        }
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KerasError(.io, "\(path): the directory \(directory) does not exist")
        }
        return directory
    }

    /// `fsync`s the written file, so that a full disk or an I/O error shows here rather than
    /// after the rename.
    private static func flush(_ temporary: String, for path: String) throws {
        let descriptor = open(temporary, O_RDWR)
        guard descriptor >= 0 else {
            throw KerasError(.io, "\(path): the temporary file \(temporary) was not written (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw KerasError(.io, "\(path): flushing the written file to disk failed (\(String(cString: strerror(errno))))")
        }
    }
}
