/// The sample order of the most recent epoch, so that the batches of one epoch share one
/// permutation instead of drawing it per batch.
package final class EpochOrderCache {
    private var epoch: Int?
    private var order: [Int] = []
    package init() {}

    /// A seeded permutation of `0..<count` for `epoch` (Fisher–Yates on the core generator).
    package func order(epoch: Int, count: Int, seed: Int) -> [Int] {
        if self.epoch == epoch && order.count == count { return order }
        var order = Array(0..<count)
        if count > 1 {
            let draws = K.randomUniform([count], dtype: .float64, seed: seed &+ epoch &* 7919).doubles
            for i in stride(from: count - 1, to: 0, by: -1) {
                order.swapAt(i, min(Int(draws[i] * Double(i + 1)), i))
            }
        }
        self.epoch = epoch
        self.order = order
        return order
    }
}
