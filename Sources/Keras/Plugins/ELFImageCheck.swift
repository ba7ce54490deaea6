import Foundation

/// Checks that a file is a whole ELF shared library for this machine before it is handed to
/// `dlopen`.
///
/// The dynamic loader maps a library's segments straight from the file; a truncated copy
/// (`head -c 4096 libKerasOneDNN.so > libKerasX.so`) maps pages past the end of the file and
/// the first touch kills the process with SIGBUS. So the header, the program header table and
/// every loadable segment must lie within the file's real size.
enum ELFImageCheck {
    private static let headerSize = 64
    private static let programHeaderSize = 56
    private static let ptLoad: UInt32 = 1
    private static let etDyn: UInt16 = 3

    /// The `e_machine` value of the host.
    private static var hostMachine: UInt16? {
        #if arch(x86_64)
        return 62
        #elseif arch(arm64)
        return 183
        #else
        return nil
        #endif
    }

    /// Why the file at `path` (of `fileSize` bytes, read through `handle`) cannot be loaded, or
    /// nil when its ELF structure is whole.
    static func problem(_ handle: FileHandle, fileSize: UInt64) -> String? {
        let header = [UInt8]((try? handle.read(upToCount: headerSize)) ?? Data())
        guard header.starts(with: [0x7F, 0x45, 0x4C, 0x46]) else {
            return "is not a shared library (no ELF header: \(fileSize == 0 ? "empty file" : "a text or data file?"))"
        }
        guard header.count == headerSize else {
            return "is truncated: \(fileSize) bytes, too short for a 64-byte ELF header"
        }
        guard header[4] == 2 else { return "is a 32-bit ELF file; expected a 64-bit shared library" }
        guard header[5] == 1 else { return "is a big-endian ELF file; expected a little-endian shared library" }
        let type = UInt16(header, at: 16)
        guard type == etDyn else { return "is an ELF file of type \(type), not a shared library (type 3, ET_DYN)" }
        let machine = UInt16(header, at: 18)
        if let host = hostMachine, machine != host {
            return "is built for another machine (ELF e_machine \(machine); this machine is \(host))"
        }
        let tableOffset = UInt64(header, at: 32)
        let entrySize = UInt64(UInt16(header, at: 54))
        let entries = UInt64(UInt16(header, at: 56))
        guard entrySize == UInt64(programHeaderSize), entries > 0 else {
            return "has a malformed ELF header (\(entries) program headers of \(entrySize) bytes)"
        }
        let (tableEnd, overflow) = tableOffset.addingReportingOverflow(entries * entrySize)
        guard !overflow, tableEnd <= fileSize else {
            return "is truncated: its program headers end at byte \(tableEnd), but the file has \(fileSize) bytes"
        }
        // The section headers (at the end of a linked library) are not mapped, but a table that
        // runs past the end is the cheapest sign of a copy cut short.
        let sectionOffset = UInt64(header, at: 40)
        let sectionEnd = sectionOffset &+ UInt64(UInt16(header, at: 58)) &* UInt64(UInt16(header, at: 60))
        guard sectionOffset == 0 || (sectionEnd >= sectionOffset && sectionEnd <= fileSize) else {
            return "is truncated: its section headers end at byte \(sectionEnd), but the file has \(fileSize) bytes (an incomplete copy?)"
        }
        guard let table = read(handle, at: tableOffset, count: Int(entries * entrySize)) else {
            return "is truncated: its program headers cannot be read"
        }
        for index in 0 ..< Int(entries) {
            let base = index * programHeaderSize
            guard UInt32(table, at: base) == ptLoad else { continue }
            let offset = UInt64(table, at: base + 8)
            let size = UInt64(table, at: base + 32)
            let (end, overflow) = offset.addingReportingOverflow(size)
            guard !overflow, end <= fileSize else {
                return "is truncated: loadable segment \(index) ends at byte \(end), but the file has \(fileSize) bytes (an incomplete copy?)"
            }
        }
        return nil
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) -> [UInt8]? {
        guard (try? handle.seek(toOffset: offset)) != nil,
              let data = try? handle.read(upToCount: count), data.count == count else { return nil }
        return [UInt8](data)
    }
}

private extension FixedWidthInteger {
    /// The little-endian value at `offset` in `bytes` (the caller has checked the length).
    init(_ bytes: [UInt8], at offset: Int) {
        var value: Self = 0
        for i in 0 ..< MemoryLayout<Self>.size { value |= Self(bytes[offset + i]) << (8 * i) }
        self = value
    }
}
