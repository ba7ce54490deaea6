import KerasCore

/// The layer graph as Graphviz DOT — Keras's `model_to_dot`: one box per layer labelled
/// `name: ClassName` (or the class alone without layer names), with `showShapes` a record of
/// its input and output shapes, and an arrow for every tensor passed from one layer to another.
///
/// ```swift
/// let dot = try modelToDot(model, showShapes: true)
/// // digraph "sequential" { … "layer_1" -> "layer_2"; … }
/// ```
///
/// - Parameter rankdir: Graphviz's direction: `"TB"` (top to bottom) or `"LR"` (left to right).
public func modelToDot(_ model: Model, showShapes: Bool = false, showLayerNames: Bool = true,
                       rankdir: String = "TB") throws -> String {
    guard ["TB", "LR", "BT", "RL"].contains(rankdir) else {
        throw KerasError(.invalidArgument, "modelToDot: `rankdir` must be \"TB\", \"LR\", \"BT\" or \"RL\", received \"\(rankdir)\"")
    }
    let graph = model.graph
    let layers = graph?.layers ?? model.layers
    var ids: [ObjectIdentifier: String] = [:]
    for (i, layer) in layers.enumerated() { ids[ObjectIdentifier(layer)] = "layer_\(i)" }

    var lines = ["digraph \(DotText.quoted(model.name)) {",
                 "  graph [rankdir=\(rankdir), dpi=96, concentrate=true];",
                 "  node [shape=record, fontname=\"Helvetica\", fontsize=11];"]
    for layer in layers {
        let calls = graph?.nodes.filter { $0.layer === layer } ?? []
        let title = showLayerNames ? "\(layer.name): \(layer.className)" : layer.className
        var label = DotText.recordEscaped(title)
        if showShapes {
            let (input, output) = shapes(of: layer, calls: calls)
            label = "\(label)|{input:|output:}|{{\(DotText.recordEscaped(input))}|{\(DotText.recordEscaped(output))}}"
        }
        lines.append("  \(ids[ObjectIdentifier(layer)]!) [label=\(DotText.quoted(label))];")
    }
    var edges: [String] = []
    if let graph {
        for node in graph.nodes {
            for input in node.dependencies {
                guard let from = ids[ObjectIdentifier(input.layer)], let to = ids[ObjectIdentifier(node.layer)] else { continue }
                let edge = "  \(from) -> \(to);"
                if !edges.contains(edge) { edges.append(edge) }
            }
        }
    } else {
        for (a, b) in zip(layers, layers.dropFirst()) {
            edges.append("  \(ids[ObjectIdentifier(a)]!) -> \(ids[ObjectIdentifier(b)]!);")
        }
    }
    return (lines + edges + ["}"]).joined(separator: "\n") + "\n"
}

/// Draws the model's layer graph to `path` — Keras's `keras.utils.plot_model`. A path ending
/// in `.dot` (or `.gv`) gets the DOT text of ``modelToDot(_:showShapes:showLayerNames:rankdir:)``;
/// `.png`, `.svg` and `.pdf` are rendered by Graphviz's `dot`.
///
/// ```swift
/// try plotModel(model, to: "model.png", showShapes: true)
/// ```
///
/// - Throws: ``KerasError`` when an image is asked for and `dot` is not installed (Debian:
///   `graphviz`), when `dot` fails, or when the file cannot be written.
public func plotModel(_ model: Model, to path: String, showShapes: Bool = false, showLayerNames: Bool = true,
                      rankdir: String = "TB") throws {
    let dot = try modelToDot(model, showShapes: showShapes, showLayerNames: showLayerNames, rankdir: rankdir)
    if let format = plotModelImageFormat(path) {
        try ExternalTool.convert(dot, with: "dot", arguments: ["-T\(format)", "-o", path], package: "graphviz",
                                 purpose: "draw the model as \(format.uppercased()) (or write a .dot file)")
    } else {
        try ExternalTool.writeText(dot, to: path)
    }
}

/// Throws the error ``plotModel(_:to:showShapes:showLayerNames:rankdir:)`` would throw for
/// `path` before drawing anything: the file cannot be written there, or an image format is asked
/// for and Graphviz's `dot` is not installed. Call it before a long run whose end draws the model.
///
/// ```swift
/// try checkPlotModelPrerequisites("model.png")   // throws when `dot` is missing
/// ```
public func checkPlotModelPrerequisites(_ path: String) throws {
    try AtomicFile.checkWritable(path)
    if let format = plotModelImageFormat(path) {
        _ = try ExternalTool.require("dot", package: "graphviz", purpose: "draw the model as \(format.uppercased()) (or write a .dot file)")
    }
}

/// The image format `dot` renders for `path`, or nil for DOT text.
private func plotModelImageFormat(_ path: String) -> String? {
    let lower = path.lowercased()
    return ["png", "svg", "pdf"].first { lower.hasSuffix("." + $0) }
}

/// The input and output shapes shown for `layer`: its single call's shapes, or `multiple`
/// when it is called more than once (as Keras shows them).
private func shapes(of layer: Layer, calls: [Node]) -> (input: String, output: String) {
    func text(_ shapes: [[Int?]]) -> String {
        shapes.count == 1 ? ShapeFormat.tuple(shapes[0]) : "[" + shapes.map(ShapeFormat.tuple).joined(separator: ", ") + "]"
    }
    if layer is InputLayer, let call = calls.first ?? layer.inboundNodes.first {
        return (text(call.outputShapes), text(call.outputShapes))
    }
    guard calls.count == 1, let call = calls.first else {
        if calls.isEmpty, let shapes = try? layer.outputShapes { return ("?", text(shapes)) }
        return ("multiple", "multiple")
    }
    return (text(call.inputShapes), text(call.outputShapes))
}

/// Quoting for DOT identifiers and record labels.
enum DotText {
    /// `"text"` with quotes and backslashes escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            if c == "\"" { out += "\\\"" } else { out.append(c) }
        }
        return out + "\""
    }

    /// `text` with the characters that structure a record label (`{ } | < >`) escaped.
    static func recordEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "{}|<>".contains(c) { out += "\\" }
            out.append(c)
        }
        return out
    }
}
