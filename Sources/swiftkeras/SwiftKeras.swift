import ArgumentParser
import Keras

@main
struct SwiftKeras: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftkeras",
        abstract: "The Keras programming model in Swift: tools for SwiftKeras.",
        subcommands: [InspectCommand.self, DemoCommand.self, InfoCommand.self, TrainCommand.self, PredictCommand.self, ConformanceCommand.self, BenchCommand.self,
                      MisuseCommand.self]
    )

    /// Parses the command line with negative numbers joined to their options
    /// (``NegativeNumberArguments``), then runs the command.
    static func main() {
        main(NegativeNumberArguments.joined(Array(CommandLine.arguments.dropFirst())))
    }
}
