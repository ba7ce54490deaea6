import KerasCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dataset split as Keras's `load_data()` returns it: `(xTrain, yTrain), (xTest, yTest)`.
///
/// ```swift
/// let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.fashionMNIST()
/// ```
public typealias Dataset = (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor))

/// Ready-made datasets read from local files — Keras's `keras.datasets`. Nothing is
/// downloaded: the files come from a Debian package or a directory the caller names.
public enum Datasets {
    /// The four IDX files of an MNIST-style dataset, by their canonical names.
    static let idxFileNames = (trainImages: "train-images-idx3-ubyte", trainLabels: "train-labels-idx1-ubyte",
                               testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte")

    /// Loads an MNIST-style dataset (images `(n, rows, cols)` uint8, labels `(n,)` uint8) from
    /// the four IDX files in `directory`, each gzip-compressed (`.gz`) or plain, also under the
    /// `train-images.idx3-ubyte` spelling some mirrors use.
    ///
    /// - Parameters:
    ///   - name: the dataset's name in error messages ("Fashion-MNIST").
    ///   - classes: labels must be in `0..<classes`.
    ///   - missingHint: the sentence appended when a file is missing (where to get it).
    static func loadIDXImageClassification(directory: String, name: String, classes: Int,
                                           missingHint: String) throws -> Dataset {
        let names = idxFileNames
        let xTrain = try IDXFile.read(locate(names.trainImages, in: directory, dataset: name, hint: missingHint))
        let yTrain = try IDXFile.read(locate(names.trainLabels, in: directory, dataset: name, hint: missingHint))
        let xTest = try IDXFile.read(locate(names.testImages, in: directory, dataset: name, hint: missingHint))
        let yTest = try IDXFile.read(locate(names.testLabels, in: directory, dataset: name, hint: missingHint))
        try checkPair(images: xTrain, labels: yTrain, split: "training", dataset: name, directory: directory, classes: classes)
        try checkPair(images: xTest, labels: yTest, split: "test", dataset: name, directory: directory, classes: classes)
        return ((xTrain, yTrain), (xTest, yTest))
    }

    /// The path of `baseName` in `directory`: `<base>.gz`, `<base>`, or the dotted spelling
    /// (`train-images.idx3-ubyte[.gz]`). Throws naming every path tried.
    static func locate(_ baseName: String, in directory: String, dataset: String, hint: String) throws -> String {
        let parts = baseName.split(separator: "-")   // train, images, idx3, ubyte
        let dotted = parts.prefix(2).joined(separator: "-") + "." + parts.dropFirst(2).joined(separator: "-")
        let candidates = [baseName + ".gz", baseName, dotted + ".gz", dotted].map { join(directory, $0) }
        if let found = candidates.first(where: { access($0, R_OK) == 0 }) { return found }
        var isDirectory = false
        var info = stat()
        if stat(directory, &info) == 0 { isDirectory = (info.st_mode & S_IFMT) == S_IFDIR }
        let place = isDirectory ? "" : " (the directory \(directory) does not exist)"
        throw KerasError(.io, "\(dataset): missing file \(baseName): tried \(candidates.joined(separator: ", "))\(place). \(hint)")
    }

    /// Images must be `(n, rows, cols)` uint8 and labels `(n,)` uint8 in `0..<classes`.
    static func checkPair(images: Tensor, labels: Tensor, split: String, dataset: String, directory: String,
                          classes: Int) throws {
        guard images.dtype == .uint8, images.rank == 3 else {
            throw KerasError(.io, "\(dataset) in \(directory): \(split) images must be an IDX file of unsigned bytes of rank 3 (n, rows, cols); found \(images.dtype) of shape \(images.shape)")
        }
        guard labels.dtype == .uint8, labels.rank == 1 else {
            throw KerasError(.io, "\(dataset) in \(directory): \(split) labels must be an IDX file of unsigned bytes of rank 1 (n,); found \(labels.dtype) of shape \(labels.shape)")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw KerasError(.io, "\(dataset) in \(directory): the \(split) set has \(images.shape[0]) images but \(labels.shape[0]) labels; expected one label per image")
        }
        let largest = labels.withUnsafeBufferPointer(as: UInt8.self) { $0.max() ?? 0 }
        guard Int(largest) < classes else {
            throw KerasError(.io, "\(dataset) in \(directory): \(split) label \(largest) is out of range; expected class ids 0...\(classes - 1)")
        }
    }

    static func join(_ directory: String, _ file: String) -> String {
        directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }
}
