import KerasCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Training curves: one panel per quantity of a ``History`` (loss first, then each metric), the
/// training values as a solid line and the validation values (`val_…`) as a dashed line, per
/// epoch — the picture Keras users draw with matplotlib from `history.history`.
///
/// ```swift
/// let history = try model.fit(train, epochs: 3, validation: validation)
/// try TrainingCurves.write(history, to: "curves.svg")   // or "curves.png" with rsvg-convert
/// ```
public enum TrainingCurves {
    /// Panel size and margins, in SVG user units (pixels).
    static let panelWidth = 440.0, panelHeight = 300.0
    static let margin = (left: 64.0, right: 16.0, top: 36.0, bottom: 48.0)
    static let trainColor = "#1f77b4", validationColor = "#ff7f0e"

    /// Writes the curves of `history` to `path`: SVG, or PNG when `path` ends in `.png` (the
    /// SVG converted by `rsvg-convert`, from Debian's `librsvg2-bin`).
    ///
    /// - Throws: ``KerasError`` when the history is empty, the file cannot be written, or a PNG
    ///   is asked for and `rsvg-convert` is not installed.
    public static func write(_ history: History, to path: String, title: String? = nil) throws {
        let document = try svg(history, title: title)
        if path.lowercased().hasSuffix(".png") {
            try ExternalTool.convert(document, with: "rsvg-convert", arguments: ["--format=png", "--background-color=white", "--output", path],
                                     package: "librsvg2-bin", purpose: "render the training curves as PNG (or write .svg)")
        } else {
            try ExternalTool.writeText(document, to: path)
        }
    }

    /// Throws the error ``write(_:to:title:)`` would throw for `path` before any training: the
    /// file cannot be written there, or a PNG is asked for and `rsvg-convert` is not installed.
    ///
    /// ```swift
    /// try TrainingCurves.checkPrerequisites("curves.png")
    /// ```
    public static func checkPrerequisites(_ path: String) throws {
        try AtomicFile.checkWritable(path)
        if path.lowercased().hasSuffix(".png") {
            _ = try ExternalTool.require("rsvg-convert", package: "librsvg2-bin", purpose: "render the training curves as PNG (or write .svg)")
        }
    }

    /// The SVG document drawing `history`'s curves: a panel per quantity (`loss`, `accuracy`, …)
    /// side by side, each with its epoch axis, value axis, ticks, grid lines and a legend.
    ///
    /// - Throws: ``KerasError`` when `history` holds no epochs.
    public static func svg(_ history: History, title: String? = nil) throws -> String {
        let quantities = history.history.keys.filter { !$0.hasPrefix("val_") }.sorted { a, b in
            a == "loss" ? b != "loss" : (b == "loss" ? false : a < b)
        }
        guard !quantities.isEmpty, !history.epoch.isEmpty else {
            throw KerasError(.invalidArgument, "TrainingCurves: the history holds no epochs; train with fit first")
        }
        let top = title == nil ? 0.0 : 28.0
        let width = panelWidth * Double(quantities.count)
        let height = panelHeight + top
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>

        """
        if let title {
            out += "<text x=\"\(fmt(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        }
        for (i, name) in quantities.enumerated() {
            let panel = Panel(name: name, train: history.history[name] ?? [], validation: history.history["val_" + name],
                              firstEpoch: (history.epoch.first ?? 0) + 1)
            out += "<g transform=\"translate(\(fmt(Double(i) * panelWidth)),\(fmt(top)))\">\n"
            out += panel.draw()
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    /// One quantity's plot.
    struct Panel {
        let name: String
        let train: [Double]
        let validation: [Double]?
        let firstEpoch: Int

        var plotWidth: Double { panelWidth - margin.left - margin.right }
        var plotHeight: Double { panelHeight - margin.top - margin.bottom }

        func draw() -> String {
            let epochs = Array(firstEpoch ..< firstEpoch + max(train.count, validation?.count ?? 0))
            let values = (train + (validation ?? [])).filter(\.isFinite)
            let yTicks = Axis.ticks(low: values.min() ?? 0, high: values.max() ?? 1)
            let xLow = Double(epochs.first ?? 1), xHigh = Double(max(epochs.last ?? 1, (epochs.first ?? 1) + 1))
            let x = { (e: Double) in margin.left + (e - xLow) / (xHigh - xLow) * plotWidth }
            let y = { (v: Double) in margin.top + (1 - (v - yTicks.first!) / (yTicks.last! - yTicks.first!)) * plotHeight }
            let bottom = margin.top + plotHeight
            var s = "<text x=\"\(fmt(margin.left + plotWidth / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(escape(name))</text>\n"
            for tick in yTicks {
                s += "<line x1=\"\(fmt(margin.left))\" y1=\"\(fmt(y(tick)))\" x2=\"\(fmt(margin.left + plotWidth))\" y2=\"\(fmt(y(tick)))\" stroke=\"#e0e0e0\"/>\n"
                s += "<line x1=\"\(fmt(margin.left - 5))\" y1=\"\(fmt(y(tick)))\" x2=\"\(fmt(margin.left))\" y2=\"\(fmt(y(tick)))\" stroke=\"black\"/>\n"
                s += "<text x=\"\(fmt(margin.left - 8))\" y=\"\(fmt(y(tick) + 4))\" text-anchor=\"end\">\(Axis.label(tick, ticks: yTicks))</text>\n"
            }
            for epoch in Axis.epochTicks(epochs) {
                let px = x(Double(epoch))
                s += "<line x1=\"\(fmt(px))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(px))\" y2=\"\(fmt(bottom + 5))\" stroke=\"black\"/>\n"
                s += "<text x=\"\(fmt(px))\" y=\"\(fmt(bottom + 19))\" text-anchor=\"middle\">\(epoch)</text>\n"
            }
            s += "<rect x=\"\(fmt(margin.left))\" y=\"\(fmt(margin.top))\" width=\"\(fmt(plotWidth))\" height=\"\(fmt(plotHeight))\" fill=\"none\" stroke=\"black\"/>\n"
            s += "<text x=\"\(fmt(margin.left + plotWidth / 2))\" y=\"\(fmt(panelHeight - 8))\" text-anchor=\"middle\">epoch</text>\n"
            s += "<text transform=\"translate(16,\(fmt(margin.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(name))</text>\n"
            s += curve(train, epochs: epochs, color: trainColor, dashed: false, x: x, y: y)
            if let validation { s += curve(validation, epochs: epochs, color: validationColor, dashed: true, x: x, y: y) }
            let points = [train, validation ?? []].flatMap { values in
                zip(epochs, values).filter { $0.1.isFinite }.map { (x(Double($0.0)), y($0.1)) }
            }
            s += legend(hasValidation: validation != nil, avoiding: points)
            return s
        }

        func curve(_ values: [Double], epochs: [Int], color: String, dashed: Bool,
                   x: (Double) -> Double, y: (Double) -> Double) -> String {
            let points = zip(epochs, values).filter { $0.1.isFinite }.map { (x(Double($0.0)), y($0.1)) }
            guard !points.isEmpty else { return "" }
            let path = points.map { "\(fmt($0.0)),\(fmt($0.1))" }.joined(separator: " ")
            var s = "<polyline class=\"\(dashed ? "validation" : "train")\" points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6,4\"" : "")/>\n"
            for (px, py) in points {
                s += "<circle cx=\"\(fmt(px))\" cy=\"\(fmt(py))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            return s
        }

        /// The legend box in the plot's top-right corner, or its bottom-right corner when fewer
        /// of the curves' points fall there.
        func legend(hasValidation: Bool, avoiding points: [(Double, Double)]) -> String {
            let entries = [("train", trainColor, false)] + (hasValidation ? [("validation", validationColor, true)] : [])
            let left = margin.left + plotWidth - 110
            let height = Double(entries.count) * 18 + 6
            func covered(top: Double) -> Int {
                points.filter { $0.0 >= left - 8 && $0.1 >= top - 8 && $0.1 <= top + height + 8 }.count
            }
            let bottomTop = margin.top + plotHeight - 6 - height
            let boxTop = covered(top: bottomTop) < covered(top: margin.top + 6) ? bottomTop : margin.top + 6
            var s = "<rect x=\"\(fmt(left))\" y=\"\(fmt(boxTop))\" width=\"104\" height=\"\(fmt(height))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#b0b0b0\"/>\n"
            for (i, (label, color, dashed)) in entries.enumerated() {
                let row = boxTop + 12 + Double(i) * 18
                s += "<line x1=\"\(fmt(left + 6))\" y1=\"\(fmt(row))\" x2=\"\(fmt(left + 30))\" y2=\"\(fmt(row))\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6,4\"" : "")/>\n"
                s += "<text x=\"\(fmt(left + 36))\" y=\"\(fmt(row + 4))\">\(label)</text>\n"
            }
            return s
        }
    }

    /// Tick positions and labels.
    enum Axis {
        /// 4–8 "nice" ticks (steps of 1, 2 or 5 × 10ᵏ) covering `low…high`, first ≤ low, last ≥ high.
        static func ticks(low: Double, high: Double) -> [Double] {
            var low = low, high = high
            if high - low < 1e-12 {
                let pad = Swift.max(abs(low) * 0.1, 0.05)
                low -= pad
                high += pad
            }
            let rough = (high - low) / 5
            let power = pow10(Int((log10(rough)).rounded(.down)))
            let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
            let first = (low / step).rounded(.down) * step
            let last = (high / step).rounded(.up) * step
            let count = Int(((last - first) / step).rounded())
            return (0...count).map { first + Double($0) * step }
        }

        /// Up to ~10 whole epochs to label.
        static func epochTicks(_ epochs: [Int]) -> [Int] {
            guard let first = epochs.first, let last = epochs.last else { return [] }
            let stride = Swift.max(1, (last - first + 9) / 10)
            return Array(Swift.stride(from: first, through: last, by: stride))
        }

        /// `tick` with as many decimals as the tick step needs.
        static func label(_ tick: Double, ticks: [Double]) -> String {
            let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : 1
            let decimals = Swift.max(0, -Int(log10(step).rounded(.down)))
            return fixed(abs(tick) < step * 1e-9 ? 0 : tick, decimals: decimals)
        }

        static func pow10(_ k: Int) -> Double { pow(10, Double(k)) }
    }

    /// A coordinate with up to two decimals, trailing zeros dropped (`64`, `36.5`).
    static func fmt(_ v: Double) -> String {
        var text = fixed(v, decimals: 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `v` printed with exactly `decimals` decimals (no Foundation formatting needed).
    static func fixed(_ v: Double, decimals: Int) -> String {
        let scale = Axis.pow10(decimals)
        let rounded = (v * scale).rounded() / scale
        let negative = rounded < 0
        let whole = Int(abs(rounded))
        var fraction = Int(((abs(rounded) - Double(whole)) * scale).rounded())
        var wholePart = whole
        if Double(fraction) >= scale { wholePart += 1; fraction = 0 }
        var text = (negative && (wholePart != 0 || fraction != 0) ? "-" : "") + String(wholePart)
        if decimals > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: Swift.max(0, decimals - digits.count)) + digits
            text += "." + digits
        }
        return text
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
