import Foundation
import Testing
import Keras
@testable import KerasCore

@Suite struct CSVLoggerTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("csvlogger-\(name)-\(UInt32.random(in: 0...UInt32.max)).csv").path
    }

    func lines(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\r\n"))
        return text.components(separatedBy: "\r\n").dropLast()
    }

    @Test func writesAHeaderAndOneRowPerEpoch() throws {
        let path = temporaryPath("fit")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try TrainingFixtures.linearModel(metrics: ["mae"])
        let history = try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 4, epochs: 3, verbose: 0,
                                    callbacks: [CSVLogger(path)], validationSplit: 0.25)
        let rows = try lines(path)
        #expect(rows.first == "epoch,loss,mae,val_loss,val_mae")
        #expect(rows.count == 4)
        for epoch in 0..<3 {
            let fields = rows[epoch + 1].split(separator: ",").map(String.init)
            #expect(fields[0] == "\(epoch)")
            #expect(Double(fields[1]) == history.history["loss"]![epoch])
            #expect(Double(fields[4]) == history.history["val_mae"]![epoch])
        }
    }

    @Test func appendsWithoutASecondHeaderAndUsesTheSeparator() throws {
        let path = temporaryPath("append")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try TrainingFixtures.linearModel()
        try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 1, verbose: 0, callbacks: [CSVLogger(path, separator: ";")])
        try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 2, verbose: 0, callbacks: [CSVLogger(path, separator: ";", append: true)])
        let rows = try lines(path)
        #expect(rows.count == 4)
        #expect(rows[0] == "epoch;loss")
        #expect(rows.dropFirst().map { $0.split(separator: ";")[0] } == ["0", "0", "1"])
        // Without append, the file starts over.
        try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 1, verbose: 0, callbacks: [CSVLogger(path, separator: ";")])
        #expect(try lines(path).count == 2)
    }

    @Test func valuesAreWrittenAsPythonWritesFloatsAndMissingKeysAsNA() throws {
        #expect(CSVLogger.pythonFloat(0.5) == "0.5")
        #expect(CSVLogger.pythonFloat(1e-05) == "1e-05")
        #expect(CSVLogger.pythonFloat(.nan) == "nan")
        #expect(CSVLogger.pythonFloat(-.infinity) == "-inf")
        let path = temporaryPath("na")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let logger = CSVLogger(path)
        try logger.onTrainBegin(logs: [:])
        try logger.onEpochEnd(0, logs: ["loss": 0.25, "acc": 1])
        try logger.onEpochEnd(1, logs: ["loss": 0.125])
        logger.onTrainEnd(logs: [:])
        #expect(try lines(path) == ["epoch,acc,loss", "0,1.0,0.25", "1,NA,0.125"])
    }

    @Test func anUnwritablePathThrowsNamingTheFile() throws {
        let model = try TrainingFixtures.linearModel()
        let path = "/nonexistent-directory/log.csv"
        #expect {
            try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 1, verbose: 0, callbacks: [CSVLogger(path)])
        } throws: { error in
            (error as? KerasError)?.message.contains(path) == true
        }
        // Nothing was trained.
        #expect(TrainingFixtures.flatWeights(model) == [1, 1, 1])
    }
}
