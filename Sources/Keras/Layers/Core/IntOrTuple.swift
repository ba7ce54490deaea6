/// A size argument of a layer: one integer for every axis, or one value per axis — Keras's
/// "an integer or a tuple/list of N integers".
///
/// Every size, stride, dilation, pool, upsampling, padding and cropping argument takes this one
/// type, so the same spellings work everywhere:
///
/// ```swift
/// Conv2D(8, kernelSize: 3)                       // (3, 3)
/// Conv2D(8, kernelSize: [3, 5], strides: 2)      // (3, 5), strides (2, 2)
/// MaxPooling2D(poolSize: 2)                      // (2, 2)
/// UpSampling2D(size: [2, 3])
/// ZeroPadding2D(padding: [[1, 1], [2, 2]])       // Keras's ((1, 1), (2, 2)): (before, after) per axis
/// Cropping2D(cropping: [1, 2])                   // 1 row at top and bottom, 2 columns left and right
/// ```
///
/// Literals convert by themselves; values in variables go through an initializer, since Swift
/// does not convert an `Int` variable inside an array literal: `IntOrTuple(k)`,
/// `IntOrTuple([k, k])`, `IntOrTuple(sizes)` (`[Int]`) or `IntOrTuple(pairs)` (`[[Int]]`).
///
/// The layer checks the form against its number of spatial axes when it is created: a wrong
/// length (`kernelSize: [3, 3, 3]` on `Conv2D`) or a value out of range stops with the
/// argument's name, the expected form and the value received (``values(count:argument:allowZero:)``
/// throws that message; a layer read from a config throws it as a ``KerasError``). Configs keep
/// Keras's encoding: full tuples (`"kernel_size": [3, 3]`).
///
/// Mirrors the `int or tuple` arguments of Keras's layers (`standardize_tuple` in
/// `keras/src/utils/argument_validation.py`), after mlx-swift's `IntOrPair`.
public enum IntOrTuple: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The same integer on every axis (`3`).
    case int(Int)
    /// One entry per axis (`[3, 5]`); an entry is itself an integer or, for padding and
    /// cropping, a `[before, after]` pair (`[[1, 1], [2, 2]]`).
    case tuple([IntOrTuple])

    /// `kernelSize: 3`.
    public init(integerLiteral value: Int) { self = .int(value) }

    /// `kernelSize: [3, 3]`, `padding: [[1, 1], [2, 2]]`.
    public init(arrayLiteral elements: IntOrTuple...) { self = .tuple(elements) }

    /// The same integer on every axis, from a variable: `IntOrTuple(k)`.
    public init(_ value: Int) { self = .int(value) }

    /// One integer per axis, from a variable: `IntOrTuple(sizes)`.
    public init(_ values: [Int]) { self = .tuple(values.map(IntOrTuple.int)) }

    /// One `[before, after]` pair per axis, from a variable.
    public init(_ pairs: [[Int]]) { self = .tuple(pairs.map { IntOrTuple($0) }) }

    /// Swift's array spelling: `3`, `[3, 5]`, `[[1, 1], [2, 2]]`.
    public var description: String {
        switch self {
        case .int(let value): return "\(value)"
        case .tuple(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// The integers of a flat form, nil when an entry is itself a list.
    var flatValues: [Int]? {
        switch self {
        case .int(let value): return [value]
        case .tuple(let items):
            return items.reduce(into: [Int]?([])) { result, item in
                guard case .int(let value) = item else { result = nil; return }
                result?.append(value)
            }
        }
    }

    /// `count` integers: an integer repeated on every axis, or exactly `count` integers; each
    /// `> 0` (`>= 0` with `allowZero`). A list of one integer counts as that integer (`[3]` is
    /// `3`), as SwiftKeras has always read it.
    ///
    /// ```swift
    /// try IntOrTuple(3).values(count: 2, argument: "kernelSize")          // [3, 3]
    /// try ([3, 3, 3] as IntOrTuple).values(count: 2, argument: "kernelSize")
    /// // throws "`kernelSize` expects an integer or a list of 2 integers (one per spatial axis), received [3, 3, 3]"
    /// ```
    ///
    /// - Throws: ``KerasError`` (`invalidArgument`) naming `argument`, the form expected and the
    ///   value received.
    public func values(count: Int, argument: String, allowZero: Bool = false) throws -> [Int] {
        let expected = count == 1 ? "an integer or a list of 1 integer" : "an integer or a list of \(count) integers (one per spatial axis)"
        var result: [Int]
        switch self {
        case .int(let value): result = Array(repeating: value, count: count)
        case .tuple:
            guard let flat = flatValues, flat.count == count || flat.count == 1 else {
                throw KerasError(.invalidArgument, "`\(argument)` expects \(expected), received \(self)")
            }
            result = flat.count == count ? flat : Array(repeating: flat[0], count: count)
        }
        let bad = result.filter { allowZero ? $0 < 0 : $0 < 1 }
        guard bad.isEmpty else {
            throw KerasError(.invalidArgument, "`\(argument)` expects \(expected), each \(allowZero ? ">= 0" : "> 0"); received \(self), including \(bad.map(String.init).joined(separator: ", ")) that \(bad.count == 1 ? "does" : "do") not satisfy `value \(allowZero ? ">=" : ">") 0`")
        }
        return result
    }

    /// `count` `(before, after)` pairs, as the padding and cropping layers read them: an integer
    /// on both sides of every axis; one integer per axis (both sides); or one `[before, after]`
    /// pair per axis. With `count == 1` (1-D layers) a list of two integers is the pair itself
    /// (`[1, 2]`: 1 before, 2 after); a list of one integer counts as that integer. Every
    /// amount `>= 0`.
    ///
    /// ```swift
    /// try IntOrTuple(1).pairs(count: 2, argument: "padding")                   // [(1, 1), (1, 1)]
    /// try ([1, 2] as IntOrTuple).pairs(count: 2, argument: "padding")          // [(1, 1), (2, 2)]
    /// try ([[1, 0], [2, 3]] as IntOrTuple).pairs(count: 2, argument: "padding") // [(1, 0), (2, 3)]
    /// ```
    ///
    /// - Throws: ``KerasError`` (`invalidArgument`) naming `argument` and the forms expected.
    public func pairs(count: Int, argument: String) throws -> [(Int, Int)] {
        let expected = count == 1
            ? "an integer or a [before, after] pair of integers"
            : "an integer, a list of \(count) integers (one per axis, both sides) or \(count) [before, after] pairs"
        let failure = KerasError(.invalidArgument, "`\(argument)` expects \(expected), each >= 0; received \(self)")
        var pairs: [(Int, Int)]
        switch self {
        case .int(let value):
            pairs = Array(repeating: (value, value), count: count)
        case .tuple(let items):
            if count == 1, let flat = flatValues, flat.count == 2 {
                pairs = [(flat[0], flat[1])]
            } else if items.count == 1, case .int(let value) = items[0] {
                pairs = Array(repeating: (value, value), count: count)
            } else {
                guard items.count == count else { throw failure }
                pairs = try items.map { item in
                    switch item {
                    case .int(let value): return (value, value)
                    case .tuple:
                        guard let flat = item.flatValues, flat.count == 2 else { throw failure }
                        return (flat[0], flat[1])
                    }
                }
            }
        }
        guard pairs.allSatisfy({ $0.0 >= 0 && $0.1 >= 0 }) else { throw failure }
        return pairs
    }

    /// The value stored in a Keras config: an integer or a (nested) list of integers.
    init?(json: JSONValue) {
        if let value = json.intValue {
            self = .int(value)
        } else if let items = json.arrayValue {
            var entries: [IntOrTuple] = []
            for item in items {
                guard let entry = IntOrTuple(json: item) else { return nil }
                entries.append(entry)
            }
            self = .tuple(entries)
        } else {
            return nil
        }
    }
}

extension ConfigReader {
    /// A size argument (an integer or a nested list of integers), nil when absent or `null`.
    func intOrTuple(_ key: String) throws -> IntOrTuple? {
        guard has(key), let value = values[key] else { return nil }
        guard let size = IntOrTuple(json: value) else {
            throw KerasError(.invalidArgument, "\(context): `\(key)`: expected an integer or a list of integers, received \(value)")
        }
        return size
    }

    /// `count` integers at `key` (``IntOrTuple/values(count:argument:allowZero:)``), nil when
    /// absent; the error names this config's layer and the key.
    func sizes(_ key: String, count: Int, allowZero: Bool = false) throws -> [Int]? {
        guard let size = try intOrTuple(key) else { return nil }
        return try withContext { try size.values(count: count, argument: key, allowZero: allowZero) }
    }

    /// `count` `(before, after)` pairs at `key` (``IntOrTuple/pairs(count:argument:)``), nil
    /// when absent; the error names this config's layer and the key.
    func pairs(_ key: String, count: Int) throws -> [(Int, Int)]? {
        guard let size = try intOrTuple(key) else { return nil }
        return try withContext { try size.pairs(count: count, argument: key) }
    }

    /// `body`'s result; a ``KerasError`` it throws gets this reader's context in front.
    func withContext<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as KerasError {
            throw KerasError(error.kind, "\(context): \(error.message)")
        }
    }
}

/// The result of `body` for a layer's non-throwing initializer: invalid size arguments are a
/// programming error there (Keras raises `ValueError` from the constructor), so the process
/// stops with the layer's class and the message.
func checkedArguments<T>(_ layer: Any.Type, _ body: () throws -> T) -> T {
    do { return try body() } catch { preconditionFailure("\(layer): \(error)") }
}
