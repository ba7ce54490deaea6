import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasVisualization

@Suite("Training curves")
struct TrainingCurvesTests {
    func history() -> History {
        let h = History()
        h.onTrainBegin(logs: [:])
        h.onEpochEnd(0, logs: ["loss": 0.9, "accuracy": 0.62, "val_loss": 0.7, "val_accuracy": 0.70])
        h.onEpochEnd(1, logs: ["loss": 0.5, "accuracy": 0.81, "val_loss": 0.55, "val_accuracy": 0.79])
        h.onEpochEnd(2, logs: ["loss": 0.4, "accuracy": 0.85, "val_loss": 0.45, "val_accuracy": 0.83])
        return h
    }

    @Test func onePanelPerQuantityWithTrainAndValidationCurves() throws {
        let svg = try TrainingCurves.svg(history(), title: "MLP")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"880\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains(">MLP</text>"))
        #expect(svg.components(separatedBy: "<polyline class=\"train\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "<polyline class=\"validation\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 12)
        #expect(svg.contains(">loss</text>"))
        #expect(svg.contains(">accuracy</text>"))
        #expect(svg.contains(">epoch</text>"))
        #expect(svg.contains(">validation</text>"))
        // Loss panel first: its panel starts at x = 0, accuracy's at 440.
        let loss = try #require(svg.range(of: ">loss</text>"))
        let accuracy = try #require(svg.range(of: ">accuracy</text>"))
        #expect(loss.lowerBound < accuracy.lowerBound)
        // Epoch ticks 1, 2, 3 and loss ticks in steps of 0.1 from 0.4 to 0.9.
        for label in [">1</text>", ">2</text>", ">3</text>", ">0.4</text>", ">0.9</text>"] { #expect(svg.contains(label), "\(label)") }
    }

    @Test func curvePointsFollowTheValues() throws {
        let h = History()
        h.onEpochEnd(0, logs: ["loss": 1])
        h.onEpochEnd(1, logs: ["loss": 0])
        let svg = try TrainingCurves.svg(h)
        // Plot area: x 64…424 (width 440 − 64 − 16), y 36…252 (height 300 − 36 − 48); ticks 0…1.
        #expect(svg.contains("points=\"64,36 424,252\""))
        #expect(!svg.contains("class=\"validation\""))
    }

    @Test func niceTicksCoverTheRange() {
        let ticks = TrainingCurves.Axis.ticks(low: 0.42, high: 0.91)   // step 0.1 from 0.4 to 1.0
        #expect(ticks.count == 7)
        #expect(abs(ticks[0] - 0.4) < 1e-12 && abs(ticks[6] - 1.0) < 1e-12)
        let wide = TrainingCurves.Axis.ticks(low: 3, high: 217)        // step 50 from 0 to 250
        #expect(wide == [0, 50, 100, 150, 200, 250])
        let flat = TrainingCurves.Axis.ticks(low: 3, high: 3)          // a constant gets a band around it
        #expect(flat.first! < 3 && flat.last! > 3)
        #expect(TrainingCurves.Axis.label(0.30000000000000004, ticks: [0.2, 0.3]) == "0.3")
        #expect(TrainingCurves.Axis.label(250, ticks: [0, 50]) == "250")
        #expect(TrainingCurves.Axis.label(-0.05, ticks: [-0.1, -0.05]) == "-0.05")
    }

    @Test func emptyHistoryIsAnError() {
        #expect(DatasetTestFiles.errorMessage { _ = try TrainingCurves.svg(History()) }.contains("no epochs"))
    }

    @Test func writesSVGFile() throws {
        let path = try DatasetTestFiles.directory() + "/curves.svg"
        try TrainingCurves.write(history(), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == (try TrainingCurves.svg(history())))
    }

    @Test func missingConverterNamesThePackage() {
        let message = DatasetTestFiles.errorMessage {
            try ExternalTool.convert("", with: "no-such-tool-for-tests", arguments: [], package: "some-package", purpose: "test")
        }
        #expect(message.contains("`no-such-tool-for-tests` is not on PATH"))
        #expect(message.contains("apt-get install some-package"))
    }
}
