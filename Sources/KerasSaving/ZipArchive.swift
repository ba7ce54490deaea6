import KerasCore
import Foundation
import ZIPFoundation

/// Reading and writing the zip archives behind `.keras` model files and `.npz` NumPy archives,
/// through ZIPFoundation. Members are read whole into memory (these files are model-sized);
/// every failure is a ``KerasError`` naming the file and, where there is one, the member.
enum ZipArchive {
    /// Largest member read, uncompressed: a guard against zip bombs and lying size fields.
    static let memberLimit: UInt64 = 8 << 30

    /// The members of the archive at `path`, by name, in archive order.
    static func read(_ path: String) throws -> [(name: String, data: Data)] {
        guard FileManager.default.fileExists(atPath: path) else { throw KerasError(.io, "\(path): no such file") }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw KerasError(.io, "\(path): not a zip archive, or a truncated one (\(error))")
        }
        return try read(archive, source: path)
    }

    /// The members of an archive held in memory (`source` names it in errors).
    static func read(data: Data, source: String) throws -> [(name: String, data: Data)] {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw KerasError(.io, "\(source): not a zip archive, or a truncated one (\(error))")
        }
        return try read(archive, source: source)
    }

    private static func read(_ archive: Archive, source: String) throws -> [(name: String, data: Data)] {
        var members: [(name: String, data: Data)] = []
        for entry in archive where entry.type == .file {
            guard entry.uncompressedSize <= memberLimit else {
                throw KerasError(.io, "\(source): member \(entry.path) declares \(entry.uncompressedSize) bytes, more than the \(memberLimit) read")
            }
            var data = Data()
            do {
                let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard UInt64(data.count + chunk.count) <= max(entry.uncompressedSize, 1) else {
                        throw KerasError(.io, "\(source): member \(entry.path) holds more data than its declared \(entry.uncompressedSize) bytes")
                    }
                    data.append(chunk)
                }
                guard checksum == entry.checksum else {
                    throw KerasError(.io, "\(source): member \(entry.path) fails its CRC-32 check (the archive is corrupted)")
                }
            } catch let error as KerasError {
                throw error
            } catch {
                throw KerasError(.io, "\(source): cannot read member \(entry.path) (\(error)); the archive is truncated or corrupted")
            }
            guard UInt64(data.count) == entry.uncompressedSize else {
                throw KerasError(.io, "\(source): member \(entry.path) holds \(data.count) bytes, its header declares \(entry.uncompressedSize); the archive is truncated or corrupted")
            }
            members.append((entry.path, data))
        }
        return members
    }

    /// The bytes of a zip archive holding `members` in order (deflated when `compress`).
    static func encode(_ members: [(name: String, data: Data)], compress: Bool, source: String) throws -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            for (name, data) in members {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: compress ? .deflate : .none) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let bytes = archive.data else { throw KerasError(.io, "\(source): the zip archive could not be made") }
            return bytes
        } catch let error as KerasError {
            throw error
        } catch {
            throw KerasError(.io, "\(source): cannot write the zip archive (\(error))")
        }
    }

    /// Writes `members` as a zip archive at `path`, atomically (see ``AtomicFile``).
    static func write(_ members: [(name: String, data: Data)], to path: String, compress: Bool) throws {
        let bytes = try encode(members, compress: compress, source: path)
        try AtomicFile.write(to: path) { temporary in
            do {
                try bytes.write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw KerasError(.io, "\(path): cannot write the file (\(error.localizedDescription))")
            }
        }
    }
}
