import KerasCore
import CHDF5
import Foundation

/// A small wrapper over HDF5's C library: files, groups, numeric datasets and string attributes,
/// which is what a Keras `.weights.h5` file holds.
///
/// A file is used inside ``HDF5File/create(_:_:)`` or ``HDF5File/read(_:_:)``: they hold a
/// process-wide lock (the serial HDF5 library is not thread-safe), hand the root group to the
/// body, and close every group and the file before returning. Errors are thrown as
/// ``KerasError`` naming the file and the object path.
final class HDF5File {
    /// The file's path, for messages.
    let path: String
    private let id: hid_t
    /// Every group opened in the file, closed with it.
    fileprivate var openGroups: [hid_t] = []

    private static let lock = NSLock()

    private init(path: String, id: hid_t) {
        self.path = path
        self.id = id
    }

    /// Creates (truncating) the file at `path`, runs `body` on its root group, and closes the
    /// file; throws when anything could not be written.
    ///
    /// The file is built in memory (HDF5's core driver) and its image written to `path` with
    /// plain `write` calls: a full disk is then an ordinary error here, while a failed flush
    /// inside HDF5's own close left the library in a state that crashed the process at exit.
    static func create<R>(_ path: String, _ body: (HDF5Group) throws -> R) throws -> R {
        let (result, image): (R, [UInt8]) = try {
            lock.lock()
            defer { lock.unlock() }
            chdf5_silence_errors()
            let access = chdf5_fapl_in_memory()
            guard access >= 0 else { throw KerasError(.io, "\(path): cannot set up an in-memory HDF5 file") }
            defer { H5Pclose(access) }
            let id = H5Fcreate(path, chdf5_acc_trunc(), chdf5_default(), access)
            guard id >= 0 else { throw KerasError(.io, "\(path): cannot create the HDF5 file") }
            let file = HDF5File(path: path, id: id)
            return try file.run(body, image: true)
        }()
        try writeAll(image, to: path)
        return result
    }

    /// Writes `bytes` to a new file at `path`; throws naming the path and the system's reason
    /// (a full disk, a file-size limit), removing nothing (the caller owns `path`).
    private static func writeAll(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw KerasError(.io, "\(path): cannot create the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw KerasError(.io, "\(path): writing the HDF5 file failed after \(done) of \(bytes.count) bytes (\(String(cString: strerror(errno))))")
            }
            done += n
        }
    }

    /// Opens the file at `path` read-only, runs `body` on its root group, and closes the file.
    static func read<R>(_ path: String, _ body: (HDF5Group) throws -> R) throws -> R {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KerasError(.io, "\(path): no such file")
        }
        lock.lock()
        defer { lock.unlock() }
        chdf5_silence_errors()
        guard H5Fis_hdf5(path) > 0 else {
            throw KerasError(.io, "\(path): not an HDF5 file (the signature is missing or the file is truncated)")
        }
        let id = H5Fopen(path, chdf5_acc_rdonly(), chdf5_default())
        guard id >= 0 else { throw KerasError(.io, "\(path): cannot open the HDF5 file (it may be corrupted)") }
        return try HDF5File(path: path, id: id).run(body, image: false).0
    }

    /// Runs `body` on the root group, then closes the groups and the file in order — on the
    /// error paths too. With `image`, also returns the bytes of the (in-memory) file, taken
    /// before it is closed.
    private func run<R>(_ body: (HDF5Group) throws -> R, image: Bool) throws -> (R, [UInt8]) {
        let result: R
        var bytes: [UInt8] = []
        do {
            result = try body(try HDF5Group(opening: "/", in: id, file: self, displayPath: "/"))
            closeGroups()
            if image { bytes = try fileImage() }
        } catch {
            closeAll()
            throw error
        }
        guard closeAll() else { throw KerasError(.io, "\(path): writing the HDF5 file failed on close") }
        return (result, bytes)
    }

    /// The bytes of the whole file (flushed first).
    private func fileImage() throws -> [UInt8] {
        guard H5Fflush(id, H5F_SCOPE_LOCAL) >= 0 else { throw KerasError(.io, "\(path): flushing the HDF5 file failed") }
        let size = H5Fget_file_image(id, nil, 0)
        guard size > 0 else { throw KerasError(.io, "\(path): cannot take the image of the HDF5 file") }
        var bytes = [UInt8](repeating: 0, count: size)
        let copied = bytes.withUnsafeMutableBytes { H5Fget_file_image(id, $0.baseAddress, size) }
        guard copied == size else { throw KerasError(.io, "\(path): cannot take the image of the HDF5 file") }
        return bytes
    }

    /// Closes every open group, innermost first.
    private func closeGroups() {
        for group in openGroups.reversed() { H5Gclose(group) }
        openGroups.removeAll()
    }

    /// Closes the groups, then the file; false when the file could not be flushed.
    @discardableResult
    private func closeAll() -> Bool {
        closeGroups()
        return H5Fclose(id) >= 0
    }
}

/// An open HDF5 group.
final class HDF5Group {
    private let owner: HDF5File
    /// The file's path, for messages.
    var file: String { owner.path }
    /// The group's path inside the file (`/layers/dense/vars`).
    let path: String
    private let id: hid_t

    fileprivate init(opening name: String, in parent: hid_t, file: HDF5File, displayPath: String) throws {
        let id = H5Gopen2(parent, name, chdf5_default())
        guard id >= 0 else { throw KerasError(.io, "\(file.path): cannot open group \(displayPath)") }
        file.openGroups.append(id)
        self.id = id
        self.owner = file
        self.path = displayPath
    }

    private init(creating name: String, in parent: hid_t, file: HDF5File, displayPath: String) throws {
        let id = H5Gcreate2(parent, name, chdf5_default(), chdf5_default(), chdf5_default())
        guard id >= 0 else { throw KerasError(.io, "\(file.path): cannot create group \(displayPath)") }
        file.openGroups.append(id)
        self.id = id
        self.owner = file
        self.path = displayPath
    }

    private func childPath(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// Whether a link `name` (a single path component) exists in this group.
    func contains(_ name: String) -> Bool { H5Lexists(id, name, chdf5_default()) > 0 }

    /// The child group `name`, created when missing.
    func group(creatingIfNeeded name: String) throws -> HDF5Group {
        if contains(name) { return try HDF5Group(opening: name, in: id, file: owner, displayPath: childPath(name)) }
        return try HDF5Group(creating: name, in: id, file: owner, displayPath: childPath(name))
    }

    /// The group at the relative `path` (`layers/dense/vars`), or nil when any part is missing
    /// or is not a group.
    func group(at relativePath: String) throws -> HDF5Group? {
        var current = self
        for component in relativePath.split(separator: "/").map(String.init) {
            guard current.contains(component), current.kind(of: component) == .group else { return nil }
            current = try HDF5Group(opening: component, in: current.id, file: owner, displayPath: current.childPath(component))
        }
        return current
    }

    enum ObjectKind { case group, dataset, other }

    /// What the link `name` points to.
    func kind(of name: String) -> ObjectKind {
        let object = H5Oopen(id, name, chdf5_default())
        guard object >= 0 else { return .other }
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// The names of the group's links, in HDF5's name order.
    func childNames() throws -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(id, &info) >= 0 else { throw KerasError(.io, "\(file): cannot list group \(path)") }
        var names: [String] = []
        for index in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_default())
            guard size >= 0 else { throw KerasError(.io, "\(file): cannot read link \(index) of group \(path)") }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, Int(size) + 1, chdf5_default())
            names.append(String(decoding: buffer.prefix(Int(size)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    // MARK: Datasets

    /// Writes `tensor` as a new dataset `name` (row-major, the tensor's own dtype).
    func writeDataset(_ name: String, _ tensor: Tensor) throws {
        guard let type = Self.memoryType(tensor.dtype) else {
            throw KerasError(.unimplemented, "\(file): cannot write dataset \(childPath(name)): dtype \(tensor.dtype) is not supported in weights files")
        }
        let space = Self.dataspace(tensor.shape)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, type, space, chdf5_default(), chdf5_default(), chdf5_default())
        guard dataset >= 0 else { throw KerasError(.io, "\(file): cannot create dataset \(childPath(name))") }
        defer { H5Dclose(dataset) }
        let status = tensor.withUnsafeRawPointer { H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, chdf5_default(), $0) }
        guard status >= 0 else { throw KerasError(.io, "\(file): cannot write dataset \(childPath(name))") }
    }

    /// The shape and dtype dataset `name` reads as, without reading it.
    func datasetInfo(_ name: String) throws -> (shape: [Int], dtype: DType) {
        let dataset = try openDataset(name)
        defer { H5Dclose(dataset) }
        return try info(dataset, name)
    }

    /// Reads dataset `name` as a tensor (floats as float32/float64, integers as int32/int64/uint8).
    func readDataset(_ name: String) throws -> Tensor {
        let dataset = try openDataset(name)
        defer { H5Dclose(dataset) }
        let (shape, dtype) = try info(dataset, name)
        var tensor = Tensor(uninitializedShape: shape, dtype: dtype)
        let status = tensor.withUnsafeMutableRawPointer {
            H5Dread(dataset, Self.memoryType(dtype)!, H5S_ALL, H5S_ALL, chdf5_default(), $0)
        }
        guard status >= 0 else { throw KerasError(.io, "\(file): cannot read dataset \(childPath(name)) (the file may be truncated or corrupted)") }
        return tensor
    }

    private func openDataset(_ name: String) throws -> hid_t {
        let dataset = contains(name) ? H5Dopen2(id, name, chdf5_default()) : -1
        guard dataset >= 0 else { throw KerasError(.io, "\(file): cannot open dataset \(childPath(name))") }
        return dataset
    }

    private func info(_ dataset: hid_t, _ name: String) throws -> (shape: [Int], dtype: DType) {
        let space = H5Dget_space(dataset)
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 else { throw KerasError(.io, "\(file): dataset \(childPath(name)) has no simple shape") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 { H5Sget_simple_extent_dims(space, &dims, nil) }
        let type = H5Dget_type(dataset)
        defer { H5Tclose(type) }
        let size = H5Tget_size(type)
        let dtype: DType?
        switch H5Tget_class(type) {
        case H5T_FLOAT: dtype = size <= 4 ? .float32 : (size == 8 ? .float64 : nil)
        case H5T_INTEGER:
            if H5Tget_sign(type) == H5T_SGN_NONE && size == 1 { dtype = .uint8 } else { dtype = size <= 4 ? .int32 : (size == 8 ? .int64 : nil) }
        default: dtype = nil
        }
        guard let dtype else {
            throw KerasError(.unimplemented, "\(file): dataset \(childPath(name)) has an element type SwiftKeras cannot read (only IEEE floats and integers are supported; bfloat16 is not)")
        }
        return (dims.map { Int($0) }, dtype)
    }

    private static func memoryType(_ dtype: DType) -> hid_t? {
        switch dtype {
        case .float32: chdf5_native_float()
        case .float64: chdf5_native_double()
        case .int32: chdf5_native_int32()
        case .int64: chdf5_native_int64()
        case .uint8: chdf5_native_uint8()
        case .bool: nil
        }
    }

    private static func dataspace(_ shape: [Int]) -> hid_t {
        if shape.isEmpty { return H5Screate(H5S_SCALAR) }
        let dims = shape.map { hsize_t($0) }
        return H5Screate_simple(Int32(dims.count), dims, nil)
    }

    // MARK: Attributes

    /// Sets the string attribute `name` (variable-length UTF-8, as h5py writes Python strings).
    func setStringAttribute(_ name: String, _ value: String) throws {
        let type = Self.variableStringType(cset: H5T_CSET_UTF8)
        defer { H5Tclose(type) }
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        if H5Aexists(id, name) > 0 { H5Adelete(id, name) }
        let attribute = H5Acreate2(id, name, type, space, chdf5_default(), chdf5_default())
        guard attribute >= 0 else { throw KerasError(.io, "\(file): cannot create attribute \(name) on \(path)") }
        defer { H5Aclose(attribute) }
        let status = value.withCString { chars -> herr_t in
            var pointer: UnsafePointer<CChar>? = chars
            return H5Awrite(attribute, type, &pointer)
        }
        guard status >= 0 else { throw KerasError(.io, "\(file): cannot write attribute \(name) on \(path)") }
    }

    /// The string attribute `name`, or nil when it is missing or not a variable-length string.
    func stringAttribute(_ name: String) -> String? {
        guard H5Aexists(id, name) > 0 else { return nil }
        let attribute = H5Aopen(id, name, chdf5_default())
        guard attribute >= 0 else { return nil }
        defer { H5Aclose(attribute) }
        let stored = H5Aget_type(attribute)
        defer { H5Tclose(stored) }
        guard H5Tget_class(stored) == H5T_STRING, H5Tis_variable_str(stored) > 0 else { return nil }
        let type = Self.variableStringType(cset: H5Tget_cset(stored))
        defer { H5Tclose(type) }
        var pointer: UnsafeMutablePointer<CChar>? = nil
        guard H5Aread(attribute, type, &pointer) >= 0, let pointer else { return nil }
        defer { H5free_memory(pointer) }
        return String(cString: pointer)
    }

    /// The string-list attribute `name` (Keras 2's `layer_names`, `weight_names`), read from
    /// fixed-length byte strings or variable-length strings; `[]` for an empty attribute of any
    /// type; nil when it is missing or holds something else.
    func stringListAttribute(_ name: String) -> [String]? {
        guard H5Aexists(id, name) > 0 else { return nil }
        let attribute = H5Aopen(id, name, chdf5_default())
        guard attribute >= 0 else { return nil }
        defer { H5Aclose(attribute) }
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        let count = Int(H5Sget_simple_extent_npoints(space))
        if count == 0 { return [] }
        let stored = H5Aget_type(attribute)
        defer { H5Tclose(stored) }
        guard count > 0, H5Tget_class(stored) == H5T_STRING else { return nil }
        if H5Tis_variable_str(stored) > 0 {
            let type = Self.variableStringType(cset: H5Tget_cset(stored))
            defer { H5Tclose(type) }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            guard H5Aread(attribute, type, &pointers) >= 0 else { return nil }
            defer { for p in pointers { if let p { H5free_memory(p) } } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = H5Tget_size(stored)
        guard size > 0 else { return nil }
        let type = H5Tcopy(chdf5_c_string())
        defer { H5Tclose(type) }
        H5Tset_size(type, size)
        H5Tset_strpad(type, H5T_STR_NULLPAD)        // names filling the whole width have no NUL
        H5Tset_cset(type, H5Tget_cset(stored))
        var bytes = [UInt8](repeating: 0, count: count * size)
        guard H5Aread(attribute, type, &bytes) >= 0 else { return nil }
        return (0..<count).map { i in
            let item = bytes[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }
            return String(decoding: item, as: UTF8.self)
        }
    }

    /// A variable-length string type; reading must use the stored character set, since HDF5
    /// does not convert between ASCII and UTF-8 (h5py writes `str` as UTF-8, Keras's legacy
    /// writer as ASCII).
    private static func variableStringType(cset: H5T_cset_t) -> hid_t {
        let type = H5Tcopy(chdf5_c_string())
        H5Tset_size(type, chdf5_variable_size())
        H5Tset_cset(type, cset)
        return type
    }
}
