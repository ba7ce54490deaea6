/// The `(before, after)` amounts of the padding and cropping layers: their Keras 3 config
/// encoding (reading goes through ``IntOrTuple/pairs(count:argument:)``) and the spatial axes
/// they apply to.
enum SpatialPairs {
    /// The ``IntOrTuple`` spelling of `pairs`: `[[a, b], [c, d]]`.
    static func literal(_ pairs: [(Int, Int)]) -> IntOrTuple {
        IntOrTuple(pairs.map { [$0.0, $0.1] })
    }

    /// The Keras 3 config value of pairs: `[a, b]` for one, `[[a, b], [c, d]]` for several.
    static func encode(_ pairs: [(Int, Int)]) -> JSONValue {
        let lists = pairs.map { LayerConfig.ints([$0.0, $0.1]) }
        return pairs.count == 1 ? lists[0] : .array(lists)
    }

    /// The axes of the spatial dimensions for `format` and `spatialRank`.
    static func spatialAxes(_ format: KerasConfig.ImageDataFormat, spatialRank: Int) -> [Int] {
        let first = format == .channelsFirst ? 2 : 1
        return Array(first..<(first + spatialRank))
    }
}
