import Foundation

/// Keras 3's `model.summary()` table: a box-drawn table (Keras draws it with `rich`), with full
/// class names, right-aligned parameter counts, a `Connected to` column for graphs that are not
/// a chain, and the parameter counts with their sizes in memory.
extension Model {
    /// The layout `summary()` prints.
    public enum SummaryStyle: Sendable {
        /// Keras 3's box-drawn table (the default).
        case keras3
        /// Keras 2.3's underscore table, for comparing with Keras 2 documents.
        case keras2
    }

    /// Keras 3's table. The width is `lineLength`, else 88 (108 with `Connected to`) capped at
    /// the terminal's width − 4 (80 − 4 when not a terminal, as Python's
    /// `shutil.get_terminal_size`); columns end at `positions` (default 45/80/100 %, or
    /// 30/56/74/100 %) and are then narrowed as `rich` narrows them to fit.
    func keras3SummaryLines(lineLength: Int?, positions: [Double]?) -> [String] {
        let sequentialLike = isSequentialLike
        let width = lineLength ?? min(sequentialLike ? 88 : 108, Self.terminalColumns - 4)
        let fractions = positions ?? (sequentialLike ? [0.45, 0.80, 1] : [0.3, 0.56, 0.74, 1])
        var header = ["Layer (type)", "Output Shape", "Param #"]
        var rightAligned = [false, false, true]
        if !sequentialLike { header.append("Connected to"); rightAligned.append(false) }

        var rows: [[String]] = []
        for layer in layers {
            let shape = (try? ShapeFormat.list(layer.outputShapes)) ?? "?"
            let params = layer.built ? Self.grouped((try? layer.countParams()) ?? 0) : "0 (unbuilt)"
            var fields = ["\(layer.name) (\(layer.className))", shape, params]
            if !sequentialLike {
                let connections = keras3Connections(of: layer)
                fields.append(connections.isEmpty ? "-" : connections.joined(separator: ", "))
            }
            rows.append(fields)
        }

        let cells = Self.richColumnWidths(fractions: fractions, lineLength: width).map { $0 - 2 }
        func border(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
            left + cells.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
        }
        func render(_ fields: [String], _ edge: String) -> [String] {
            let wrapped = fields.enumerated().map { Self.wrap($1, width: cells[$0]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                edge + wrapped.enumerated().map { column, pieces in
                    let text = line < pieces.count ? pieces[line] : ""
                    let pad = String(repeating: " ", count: max(0, cells[column] - text.count))
                    return " " + (rightAligned[column] ? pad + text : text + pad) + " "
                }.joined(separator: edge) + edge
            }
        }

        var lines = ["Model: \"\(name)\"", border("┏", "━", "┳", "┓")]
        lines += render(header, "┃")
        lines.append(border("┡", "━", "╇", "┩"))
        for (i, row) in rows.enumerated() {
            if i > 0 { lines.append(border("├", "─", "┼", "┤")) }
            lines += render(row, "│")
        }
        lines.append(border("└", "─", "┴", "┘"))

        let trainable = Self.sizes(trainableWeights.map { ($0.shape, $0.dtype) })
        let frozen = Self.sizes(nonTrainableWeights.map { ($0.shape, $0.dtype) })
        let optimizer = optimizerVariableSizes()
        let total = (trainable.count + frozen.count + (optimizer?.count ?? 0),
                     trainable.bytes + frozen.bytes + (optimizer?.bytes ?? 0))
        lines.append(" Total params: \(Self.grouped(total.0)) (\(Self.readableSize(total.1)))")
        lines.append(" Trainable params: \(Self.grouped(trainable.count)) (\(Self.readableSize(trainable.bytes)))")
        lines.append(" Non-trainable params: \(Self.grouped(frozen.count)) (\(Self.readableSize(frozen.bytes)))")
        if let optimizer {
            lines.append(" Optimizer params: \(Self.grouped(optimizer.count)) (\(Self.readableSize(optimizer.bytes)))")
        }
        return lines
    }

    /// `inbound_layer[node][tensor]` for every input of every call of `layer` in this graph.
    func keras3Connections(of layer: Layer) -> [String] {
        guard let graph else { return [] }
        return graph.nodes.filter { $0.layer === layer }.flatMap { node in
            node.dependencies.map { x in
                let history = x.kerasHistory
                return "\(history.layer.name)[\(history.nodeIndex)][\(history.tensorIndex)]"
            }
        }
    }

    /// The optimizer's variables once it has taken a step, as Keras 3 counts them: the
    /// `iterations` counter (int64), the learning rate (a float32 variable unless it is a
    /// schedule), and every slot (momentums, velocities, …). nil before the first step.
    private func optimizerVariableSizes() -> (count: Int, bytes: Double)? {
        guard let optimizer = compiled?.optimizer, optimizer.iterations > 0 || !optimizer.slotTable.isEmpty else {
            return nil
        }
        var items: [([Int], DType)] = [([], .int64)]
        if case .constant = optimizer.learningRate { items.append(([], .float32)) }
        for slots in optimizer.slotTable.values {
            for variable in slots.values { items.append((variable.shape, variable.dtype)) }
        }
        return Self.sizes(items)
    }

    /// Element count and bytes of weights.
    static func sizes(_ weights: [([Int], DType)]) -> (count: Int, bytes: Double) {
        weights.reduce((0, 0.0)) { sum, w in
            let n = w.0.reduce(1, *)
            return (sum.0 + n, sum.1 + Double(n * w.1.byteSize))
        }
    }

    /// `3496` → `"3.41 KB"` (Keras's `readable_memory_size`: powers of 1024, two decimals).
    static func readableSize(_ bytes: Double) -> String {
        var value = bytes
        for unit in ["B", "KB", "MB", "GB", "TB"] {
            if value / 1024 < 1 { return String(format: "%.2f %@", value, unit) }
            value /= 1024
        }
        return String(format: "%.2f PB", value)
    }

    /// The widths of the columns including their one-space padding on each side, as `rich`
    /// lays out Keras's table: `int(position · lineLength)` differences plus padding, then the
    /// excess over `lineLength` minus the borders taken from the columns evenly, left to right
    /// (`ratio_reduce` with Python's round-half-to-even).
    static func richColumnWidths(fractions: [Double], lineLength: Int) -> [Int] {
        var widths: [Int] = []
        var current = 0
        for fraction in fractions {
            let end = fraction <= 1 ? Int(fraction * Double(lineLength)) : Int(fraction)
            widths.append(max(1, end - current) + 2)
            current = end
        }
        let available = lineLength - (widths.count + 1)
        var excess = widths.reduce(0, +) - available
        guard excess > 0 else { return widths }
        var remainingRatio = widths.count
        for i in widths.indices {
            let share = (Double(excess) / Double(remainingRatio)).rounded(.toNearestOrEven)
            let taken = min(widths[i], Int(share))
            widths[i] -= taken
            excess -= taken
            remainingRatio -= 1
        }
        return widths.map { max($0, 3) }
    }

    /// Splits `text` into lines of at most `width` characters, at spaces where it can.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, text.count > width else { return [text] }
        var lines: [String] = []
        var rest = Substring(text)
        while rest.count > width {
            let window = rest.prefix(width + 1)
            if let space = window.lastIndex(of: " "), space > rest.startIndex {
                lines.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
        }
        if !rest.isEmpty { lines.append(String(rest)) }
        return lines
    }

    /// The terminal's width (`COLUMNS`, else 80), as Python's `shutil.get_terminal_size`.
    static var terminalColumns: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
