import Foundation

/// Streams the epoch logs to a CSV file: a header `epoch,<keys>` (the first epoch's log keys,
/// sorted), then one row per epoch; values are written as Python writes floats (`0.5`,
/// `0.6931471805599453`, `nan`), a key missing from a later epoch as `NA`. Rows end with `\r\n`
/// (Python's `csv` module's default), and the file is flushed after each epoch.
///
/// ```swift
/// let logger = CSVLogger("training.log")              // or separator: ";", append: true
/// try model.fit(x, y, epochs: 10, callbacks: [logger])
/// ```
///
/// With `append`, rows are added to an existing file and the header is written only when the
/// file is empty or new. An unwritable file makes `fit` throw a ``KerasError`` naming it.
///
/// Mirrors Keras 3's `keras.callbacks.CSVLogger`.
public final class CSVLogger: Callback {
    public let filename: String
    public let separator: String
    public let append: Bool

    private var handle: FileHandle?
    private var keys: [String]?
    private var writeHeader = true

    public init(_ filename: String, separator: String = ",", append: Bool = false) {
        self.filename = filename
        self.separator = separator
        self.append = append
    }

    public override func onTrainBegin(logs: Logs) throws {
        close()
        guard Distribution.isChief else { return }  // under DataParallel only rank 0 writes
        let manager = FileManager.default
        writeHeader = true
        if append, let existing = manager.contents(atPath: filename) {
            writeHeader = existing.isEmpty
        }
        if !append || !manager.fileExists(atPath: filename) {
            guard manager.createFile(atPath: filename, contents: nil) else {
                throw KerasError(.io, "CSVLogger: cannot create the file \"\(filename)\"")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: filename) else {
            throw KerasError(.io, "CSVLogger: cannot open the file \"\(filename)\" for writing")
        }
        if append { handle.seekToEndOfFile() }
        self.handle = handle
        keys = nil
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let handle else { return }
        var text = ""
        let keys = self.keys ?? logs.keys.sorted()
        if self.keys == nil {
            self.keys = keys
            if writeHeader { text += Self.row(["epoch"] + keys, separator: separator) }
        }
        let values = keys.map { key in logs[key].map(Self.pythonFloat) ?? "NA" }
        text += Self.row(["\(epoch)"] + values, separator: separator)
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw KerasError(.io, "CSVLogger: cannot write to \"\(filename)\": \(error)")
        }
    }

    public override func onTrainEnd(logs: Logs) { close() }

    private func close() {
        try? handle?.close()
        handle = nil
    }

    /// One CSV row; fields holding the separator, a quote or a line break are quoted.
    static func row(_ fields: [String], separator: String) -> String {
        fields.map { field in
            guard field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r") else {
                return field
            }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: separator) + "\r\n"
    }

    /// `repr(float)`: the shortest text that reads back as the same Double (Swift's
    /// `description`, which agrees with Python's), `nan`, `inf`, `-inf`.
    static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }
}
