/// Lets options take negative numbers: `--seed -1`, `--epochs -1`.
///
/// The argument parser reads a word starting with `-` as an option name, so `--seed -1` used
/// to fail with "Missing value for '--seed'". The command line is rewritten before parsing:
/// a negative number (`-1`, `-0.5`, `-1e-3`) right after a `--long-option` without `=` is
/// joined to it (`--seed=-1`). No swiftkeras command takes a negative positional argument.
enum NegativeNumberArguments {
    static func joined(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for argument in arguments {
            if let last = result.last, last.hasPrefix("--"), last.count > 2, !last.contains("="),
               isNegativeNumber(argument) {
                result[result.count - 1] = last + "=" + argument
            } else {
                result.append(argument)
            }
        }
        return result
    }

    static func isNegativeNumber(_ word: String) -> Bool {
        word.hasPrefix("-") && word.count > 1 && Double(word) != nil
    }
}
