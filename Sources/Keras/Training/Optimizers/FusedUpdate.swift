/// The element-wise optimizer updates as single in-place passes over a variable's storage.
///
/// Written as `K` ops, an RMSprop step over a 784 × 512 kernel reads and writes the whole kernel
/// seven times and allocates as many temporaries; here it reads the gradient, the weight and the
/// slot once and writes the weight and the slot in place (the storage is copied first only when
/// something else shares it, Tensor's copy-on-write). The arithmetic is the `K` composition's,
/// operation for operation in the variable's dtype, so results are bit-identical to it: every
/// scalar is rounded to the dtype first, as `K.scalar` does, and no step is fused into an FMA.
///
/// Used when the gradient, the variable and its slots share one float dtype and one shape; the
/// optimizers fall back to their `K` composition otherwise. Covers SGD (plain, momentum,
/// Nesterov), RMSprop (plain, centered, momentum) and Adam / AdamW (with or without AMSGrad).
enum FusedUpdate {
    /// Whether `gradient` can update `variable` in one pass.
    static func applies(_ gradient: Tensor, _ variable: Variable) -> Bool {
        gradient.shape == variable.shape && gradient.dtype == variable.dtype
            && (variable.dtype == .float32 || variable.dtype == .float64)
    }

    /// `w ← w − g·lr`.
    static func sgd(_ g: Tensor, _ w: Variable, learningRate lr: Double) {
        if onBackend(OptimizerParameters(op: .sgd, learningRate: lr, step: 1), g, w, []) { return }
        run(g, w, []) { (g: UnsafeBufferPointer<Float>, w, _, range) in sgd(g, w, lr: Float(lr), range) }
            float64: { g, w, _, range in sgd(g, w, lr: lr, range) }
    }

    /// `m ← μm − g·lr`; `w ← w + m`, or with Nesterov `w ← w + μm − g·lr`.
    static func sgd(_ g: Tensor, _ w: Variable, momentum m: Variable, learningRate lr: Double, momentum mu: Double,
                    nesterov: Bool) {
        let p = OptimizerParameters(op: .sgd, nesterov: nesterov, learningRate: lr, momentum: mu, step: 1)
        if mu != 0, onBackend(p, g, w, [m]) { return }
        run(g, w, [m]) { (g: UnsafeBufferPointer<Float>, w, s, range) in
            sgdMomentum(g, w, s[0], lr: Float(lr), mu: Float(mu), nesterov: nesterov, range)
        } float64: { g, w, s, range in
            sgdMomentum(g, w, s[0], lr: lr, mu: mu, nesterov: nesterov, range)
        }
    }

    /// `v ← vρ + g²(1−ρ)`; `w ← w − g·lr / sqrt(v + ε)` (RMSprop without momentum or centering).
    static func rmsprop(_ g: Tensor, _ w: Variable, velocity v: Variable, learningRate lr: Double, rho: Double,
                        epsilon: Double) {
        rmsprop(g, w, velocity: v, averageGradient: nil, momentum: nil, learningRate: lr, rho: rho, momentum: 0,
                epsilon: epsilon)
    }

    /// RMSprop with centering and/or momentum: `v ← vρ + g²(1−ρ)`; centered, `ā ← āρ + g(1−ρ)`
    /// and the denominator `v − ā²`; `inc = g·lr / sqrt(denominator + ε)`; with momentum μ,
    /// `m ← mμ + inc` and `w ← w − m`, else `w ← w − inc`.
    static func rmsprop(_ g: Tensor, _ w: Variable, velocity v: Variable, averageGradient a: Variable?,
                        momentum m: Variable?, learningRate lr: Double, rho: Double, momentum mu: Double,
                        epsilon: Double) {
        let slots = [v] + [a, m].compactMap { $0 }
        let (centered, hasMomentum) = (a != nil, m != nil)
        // keras_plugin.h's slot order: velocity, [momentum], [average gradient].
        let p = OptimizerParameters(op: .rmsprop, centered: centered, learningRate: lr, momentum: hasMomentum ? mu : 0,
                                          rho: rho, epsilon: epsilon, step: 1)
        if !hasMomentum || mu > 0, onBackend(p, g, w, [v] + [m, a].compactMap { $0 }) { return }
        run(g, w, slots) { (g: UnsafeBufferPointer<Float>, w, s, range) in
            rmsprop(g, w, s, centered: centered, momentum: hasMomentum, lr: Float(lr), rho: Float(rho),
                           oneMinusRho: Float(1 - rho), mu: Float(mu), epsilon: Float(epsilon), range)
        } float64: { g, w, s, range in
            rmsprop(g, w, s, centered: centered, momentum: hasMomentum, lr: lr, rho: rho,
                           oneMinusRho: 1 - rho, mu: mu, epsilon: epsilon, range)
        }
    }

    /// `m ← m + (g − m)(1−β₁)`; `v ← v + (g² − v)(1−β₂)`; `w ← w − m·α / (sqrt(v) + ε)`
    /// with `α = lr·correction`; with AMSGrad, `v̂ ← max(v̂, v)` takes `v`'s place in the step.
    static func adam(_ g: Tensor, _ w: Variable, momentum m: Variable, velocity v: Variable, velocityHat: Variable? = nil,
                     learningRate lr: Double, correction: Double, beta1: Double, beta2: Double, epsilon: Double, step: Int) {
        let p = OptimizerParameters(op: .adam, amsgrad: velocityHat != nil, learningRate: lr, beta1: beta1, beta2: beta2,
                                          epsilon: epsilon, step: step)
        if onBackend(p, g, w, [m, v] + [velocityHat].compactMap { $0 }) { return }
        run(g, w, [m, v] + [velocityHat].compactMap { $0 }) { (g: UnsafeBufferPointer<Float>, w, s, range) in
            let alpha = Float(lr) * Float(correction)
            adam(g, w, s, alpha: alpha, oneMinusBeta1: Float(1 - beta1), oneMinusBeta2: Float(1 - beta2),
                 epsilon: Float(epsilon), range)
        } float64: { g, w, s, range in
            adam(g, w, s, alpha: lr * correction, oneMinusBeta1: 1 - beta1, oneMinusBeta2: 1 - beta2,
                 epsilon: epsilon, range)
        }
    }

    // MARK: - The loops

    private typealias Slots<T> = [UnsafeMutableBufferPointer<T>]

    private static func sgd<T: BinaryFloatingPoint>(_ g: UnsafeBufferPointer<T>, _ w: UnsafeMutableBufferPointer<T>,
                                                    lr: T, _ range: Range<Int>) {
        for i in range { w[i] = w[i] - g[i] * lr }
    }

    private static func sgdMomentum<T: BinaryFloatingPoint>(_ g: UnsafeBufferPointer<T>, _ w: UnsafeMutableBufferPointer<T>,
                                                            _ m: UnsafeMutableBufferPointer<T>, lr: T, mu: T,
                                                            nesterov: Bool, _ range: Range<Int>) {
        for i in range {
            let step = g[i] * lr
            let newM = m[i] * mu - step
            m[i] = newM
            w[i] = nesterov ? w[i] + newM * mu - step : w[i] + newM
        }
    }

    /// Slots: velocity, then the average gradient when centered, then the momentum.
    private static func rmsprop<T: BinaryFloatingPoint>(_ g: UnsafeBufferPointer<T>,
                                                               _ w: UnsafeMutableBufferPointer<T>, _ s: Slots<T>,
                                                               centered: Bool, momentum: Bool, lr: T, rho: T,
                                                               oneMinusRho: T, mu: T, epsilon: T, _ range: Range<Int>) {
        let v = s[0], a = centered ? s[1] : nil, m = momentum ? s[centered ? 2 : 1] : nil
        for i in range {
            let gi = g[i]
            let newV = v[i] * rho + gi * gi * oneMinusRho
            v[i] = newV
            var denominator = newV
            if let a {
                let newA = a[i] * rho + gi * oneMinusRho
                a[i] = newA
                denominator = newV - newA * newA
            }
            let increment = gi * lr / (denominator + epsilon).squareRoot()
            if let m {
                let newM = m[i] * mu + increment
                m[i] = newM
                w[i] = w[i] - newM
            } else {
                w[i] = w[i] - increment
            }
        }
    }

    /// Slots: momentum, velocity, then the AMSGrad maximum when present.
    private static func adam<T: BinaryFloatingPoint>(_ g: UnsafeBufferPointer<T>, _ w: UnsafeMutableBufferPointer<T>,
                                                     _ s: Slots<T>, alpha: T, oneMinusBeta1: T, oneMinusBeta2: T,
                                                     epsilon: T, _ range: Range<Int>) {
        let m = s[0], v = s[1], vHat = s.count > 2 ? s[2] : nil
        for i in range {
            let gi = g[i]
            let newM = m[i] + (gi - m[i]) * oneMinusBeta1
            let newV = v[i] + (gi * gi - v[i]) * oneMinusBeta2
            m[i] = newM
            v[i] = newV
            var denominatorSource = newV
            if let vHat {
                // K.maximum's rule: the larger, NaN when the first operand is NaN.
                let old = vHat[i]
                denominatorSource = old > newV || old != old ? old : newV
                vHat[i] = denominatorSource
            }
            w[i] = w[i] - newM * alpha / (denominatorSource.squareRoot() + epsilon)
        }
    }

    // MARK: - Storage access

    /// The backend's `optimizerUpdate` kernel (ABI 1.2), for float32: the variable and its slots
    /// (in `keras_plugin.h`'s order) made uniquely owned, then updated in place by the kernel.
    /// False when the backend leaves the update to the loops here (the results are the same bit
    /// for bit: the kernel's contract is this arithmetic).
    private static func onBackend(_ p: OptimizerParameters, _ g: Tensor, _ w: Variable, _ slots: [Variable]) -> Bool {
        guard w.dtype == .float32, g.dtype == .float32, g.shape == w.shape,
              slots.allSatisfy({ $0.dtype == .float32 && $0.shape == w.shape }) else { return false }
        var tensors: [Tensor] = []
        for variable in [w] + slots {
            variable.update { tensor in
                tensor.withUnsafeMutableBufferPointer(as: Float.self) { _ in }   // unique storage
                tensors.append(tensor)
            }
        }
        tensors.insert(g, at: 1)
        return K.backend.optimizerUpdate(p, tensors)
    }

    /// Runs the dtype's loop over chunks of the elements, with the gradient read-only and the
    /// variable and its slots writable in place.
    private static func run(_ g: Tensor, _ w: Variable, _ slots: [Variable],
                            float32: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, Slots<Float>, Range<Int>) -> Void,
                            float64: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>, Slots<Double>, Range<Int>) -> Void) {
        if w.dtype == .float32 {
            withBuffers(g, w, slots, as: Float.self, float32)
        } else {
            withBuffers(g, w, slots, as: Double.self, float64)
        }
    }

    private static func withBuffers<T: TensorScalar & BinaryFloatingPoint>(
        _ g: Tensor, _ w: Variable, _ slots: [Variable], as: T.Type,
        _ body: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>, Slots<T>, Range<Int>) -> Void
    ) {
        // Slot storages are made unique before any pointer is taken; the pointers stay valid
        // while `update` holds each tensor (nothing else touches these variables meanwhile).
        var slotPointers: Slots<T> = []
        for slot in slots {
            slot.update { tensor in
                tensor.withUnsafeMutableBufferPointer(as: T.self) { slotPointers.append($0) }
            }
        }
        w.update { weight in
            weight.withUnsafeMutableBufferPointer(as: T.self) { wp in
                g.withUnsafeBufferPointer(as: T.self) { gp in
                    nonisolated(unsafe) let (gs, ws, ss) = (gp, wp, slotPointers)
                    Parallel.forEachChunk(ws.count, minimumChunk: 1 << 15) { range in body(gs, ws, ss, range) }
                }
            }
        }
        withExtendedLifetime(slots) {}
    }
}
