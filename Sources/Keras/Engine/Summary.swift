/// `model.summary()`: the table of layers, output shapes and parameter counts (Keras 2.3's
/// layout here; Keras 3's in Summary+Keras3.swift).
extension Model {
    /// Prints a summary of the model in Keras 3's layout (or Keras 2.3's with `style: .keras2`):
    ///
    /// ```text
    /// Model: "sequential"
    /// ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
    /// ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
    /// ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
    /// │ dense (Dense)                   │ (None, 32)             │           544 │
    /// ├─────────────────────────────────┼────────────────────────┼───────────────┤
    /// │ dense_1 (Dense)                 │ (None, 10)             │           330 │
    /// └─────────────────────────────────┴────────────────────────┴───────────────┘
    ///  Total params: 874 (3.41 KB)
    ///  Trainable params: 874 (3.41 KB)
    ///  Non-trainable params: 0 (0.00 B)
    /// ```
    ///
    /// A model whose graph is not a simple chain gets a fourth column, `Connected to`
    /// (`layer[node][tensor]`, comma-joined; `-` for none). After the first training step a
    /// line `Optimizer params:` counts the optimizer's variables, as Keras 3 does.
    ///
    /// Keras 2.3's layout (`style: .keras2`): underscores, 65 or 98 columns ending at 45/85/100 %
    /// or 33/55/67/100 %, one row per connection.
    ///
    /// - Parameters:
    ///   - lineLength: total width (Keras 3: 88 or 108, at most the terminal's width − 4).
    ///   - positions: column ends, as fractions of the width (or absolute when > 1).
    ///   - style: `.keras3` (default) or `.keras2`.
    ///   - printFunction: where lines go; `print` by default.
    ///
    /// Mirrors Keras's `model.summary(line_length, positions, print_fn)`.
    public func summary(lineLength: Int? = nil, positions: [Double]? = nil, style: SummaryStyle = .keras3,
                        printFunction: (String) -> Void = { print($0) }) {
        for line in summaryLines(lineLength: lineLength, positions: positions, style: style) { printFunction(line) }
    }

    /// The lines ``summary(lineLength:positions:style:printFunction:)`` prints.
    public func summaryLines(lineLength: Int? = nil, positions: [Double]? = nil, style: SummaryStyle = .keras3) -> [String] {
        switch style {
        case .keras3: return keras3SummaryLines(lineLength: lineLength, positions: positions)
        case .keras2: return keras2SummaryLines(lineLength: lineLength, positions: positions)
        }
    }

    /// Keras 2.3's `print_summary` layout.
    func keras2SummaryLines(lineLength: Int?, positions: [Double]?) -> [String] {
        let sequentialLike = isSequentialLike
        let width = lineLength ?? (sequentialLike ? 65 : 98)
        let fractions = positions ?? (sequentialLike ? [0.45, 0.85, 1] : [0.33, 0.55, 0.67, 1])
        let ends = fractions.map { $0 <= 1 ? Int(Double(width) * $0) : Int($0) }
        var header = ["Layer (type)", "Output Shape", "Param #"]
        if !sequentialLike { header.append("Connected to") }

        var lines = ["Model: \"\(name)\"", String(repeating: "_", count: width), Self.row(header, ends),
                     String(repeating: "=", count: width)]
        let layers = self.layers
        for (i, layer) in layers.enumerated() {
            let shape = (try? ShapeFormat.list(layer.outputShapes)) ?? "multiple"
            let params = (try? layer.countParams()) ?? 0
            var fields = ["\(layer.name) (\(layer.className))", shape, Self.grouped(params)]
            if sequentialLike {
                lines.append(Self.row(fields, ends))
            } else {
                let connections = keras3Connections(of: layer)
                fields.append(connections.first ?? "")
                lines.append(Self.row(fields, ends))
                for extra in connections.dropFirst() { lines.append(Self.row(["", "", "", extra], ends)) }
            }
            lines.append(String(repeating: i == layers.count - 1 ? "=" : "_", count: width))
        }
        if layers.isEmpty { lines.append(String(repeating: "=", count: width)) }
        let trainable = trainableWeights.reduce(0) { $0 + $1.shape.reduce(1, *) }
        let total = weights.reduce(0) { $0 + $1.shape.reduce(1, *) }
        lines += ["Total params: \(Self.grouped(total))",
                  "Trainable params: \(Self.grouped(trainable))",
                  "Non-trainable params: \(Self.grouped(total - trainable))",
                  String(repeating: "_", count: width)]
        return lines
    }

    /// Keras's rule: Sequential and subclassed models, and graphs that are a single chain.
    var isSequentialLike: Bool {
        guard let graph, !(self is Sequential) else { return true }
        if graph.inputs.count != 1 || graph.outputs.count != 1 { return false }
        var consumed = Set<KerasTensor>()
        for node in graph.nodes {
            if node.dependencies.count > 1 { return false }
            for x in node.dependencies where !consumed.insert(x).inserted { return false }
        }
        let layerIDs = Set(graph.nodes.map { ObjectIdentifier($0.layer) })
        return layerIDs.count == graph.nodes.count
    }

    /// Fields padded or cut to their column ends; the last character before each column after
    /// the first is a space.
    private static func row(_ fields: [String], _ ends: [Int]) -> String {
        var line = ""
        for (i, field) in fields.enumerated() {
            if i > 0 { line = String(line.dropLast()) + " " }
            line += field
            line = String(line.prefix(ends[i]))
            line += String(repeating: " ", count: max(0, ends[i] - line.count))
        }
        return line
    }

    /// `1234567` → `"1,234,567"`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}
