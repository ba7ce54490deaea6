/// Iteration over a tensor axis: `rnn` (a step function over time, with masking), `map_fn`,
/// `foldl`, `foldr`. Everything the step functions compute is recorded, so gradients flow
/// through every step (backpropagation through time).
extension K {
    /// A step function of ``rnn(_:_:initialStates:goBackwards:mask:constants:unroll:inputLength:)``:
    /// `(input_t (samples, …), states + constants) → (output_t, newStates)`; `newStates` has
    /// the same count and shapes as the states (constants not included).
    public typealias RNNStepFunction = (_ input: Tensor, _ statesAndConstants: [Tensor]) -> (output: Tensor, newStates: [Tensor])

    /// Iterates `stepFunction` over axis 1 (time) of `inputs` `(samples, time, …)`.
    ///
    /// Returns `lastOutput` `(samples, …)`, `outputs` `(samples, time, …)` stacked in
    /// iteration order (reversed in time when `goBackwards`), and the final states.
    ///
    /// `mask` `(samples, time)` or `(samples, time, 1)`, `bool` or 0/1: where it is false, the
    /// states keep their previous values and the output repeats the previous step's output
    /// (zeros at the first step), as Keras 2.3 does. `unroll` is accepted for compatibility;
    /// execution is eager, so it changes nothing. `inputLength`, when given, must equal the time
    /// dimension.
    ///
    /// Keras: `K.rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None, unroll=False, input_length=None)`.
    ///
    /// ```swift
    /// // A running sum: output_t = state_t = state_{t-1} + x_t
    /// let (last, outputs, states) = K.rnn({ x, s in let h = s[0] + x; return (h, [h]) },
    ///                                      inputs, initialStates: [Tensor(shape: [batch, 1])])
    /// ```
    public static func rnn(_ stepFunction: RNNStepFunction, _ inputs: Tensor, initialStates: [Tensor],
                           goBackwards: Bool = false, mask: Tensor? = nil, constants: [Tensor] = [],
                           unroll: Bool = false, inputLength: Int? = nil)
        -> (lastOutput: Tensor, outputs: Tensor, newStates: [Tensor]) {
        let op = "K.rnn"
        precondition(inputs.rank >= 3, "\(op): inputs should be at least 3-D (samples, time, …), received \(inputs.shape)")
        let samples = inputs.shape[0], steps = inputs.shape[1]
        precondition(steps >= 1, "\(op): inputs have no time steps (shape \(inputs.shape))")
        if let inputLength {
            precondition(inputLength == steps, "\(op): input_length \(inputLength) differs from the \(steps) time steps of \(inputs.shape)")
        }
        var stepMasks: [Tensor]? = nil
        if let mask {
            precondition(mask.shape == [samples, steps] || mask.shape == [samples, steps, 1],
                         "\(op): mask must be (samples, time) = (\(samples), \(steps)) or (samples, time, 1), received \(mask.shape)")
            let boolMask = mask.dtype == .bool ? mask.detached : backend.cast(mask.detached, to: .bool)
            stepMasks = (0..<steps).map { t in
                backend.slice(boolMask.reshapedStorage(to: [samples, steps]), start: [0, t], size: [samples, 1], strides: [1, 1])
                    .reshapedStorage(to: [samples])
            }
        }
        var order = Array(0..<steps)
        if goBackwards { order.reverse() }
        let timeSlices = slices(of: inputs, along: 1)

        var states = initialStates
        var outputs: [Tensor] = []
        outputs.reserveCapacity(steps)
        for t in order {
            let (output, newStates) = stepFunction(timeSlices[t], states + constants)
            precondition(newStates.count == states.count,
                         "\(op): the step function returned \(newStates.count) states, expected \(states.count)")
            if let stepMasks {
                let keep = stepMasks[t]
                let previous = outputs.last ?? Tensor(shape: output.shape, repeating: 0, dtype: output.dtype)
                outputs.append(`switch`(keep, output, previous))
                states = zip(newStates, states).map { `switch`(keep, $0, $1) }
            } else {
                outputs.append(output)
                states = newStates
            }
        }
        return (outputs[outputs.count - 1], stack(outputs, axis: 1), states)
    }

    /// Applies `fn` to each slice of `elems` along axis 0 and stacks the results along axis 0.
    ///
    /// Keras: `K.map_fn(fn, elems, name=None, dtype=None)`.
    ///
    /// ```swift
    /// K.mapFn({ K.sum($0) }, Tensor([[1, 2], [3, 4]]))   // [3, 7]
    /// ```
    public static func mapFn(_ fn: (Tensor) -> Tensor, _ elems: Tensor) -> Tensor {
        precondition(elems.rank >= 1 && elems.shape[0] >= 1, "K.map_fn: elems must have a non-empty axis 0, received \(elems.shape)")
        return stack(slices(of: elems, along: 0).map(fn), axis: 0)
    }

    /// Reduces the slices of `elems` along axis 0 from first to last:
    /// `acc = fn(acc, elems[i])`, starting from `initializer` (or `elems[0]`, then from `elems[1]`).
    ///
    /// Keras: `K.foldl(fn, elems, initializer=None, name=None)`.
    ///
    /// ```swift
    /// K.foldl({ $0 + $1 }, Tensor([1, 2, 3]))   // 6
    /// ```
    public static func foldl(_ fn: (_ accumulator: Tensor, _ element: Tensor) -> Tensor, _ elems: Tensor,
                             initializer: Tensor? = nil) -> Tensor {
        fold(fn, elems, initializer: initializer, reverse: false, op: "K.foldl")
    }

    /// Reduces the slices of `elems` along axis 0 from last to first:
    /// `acc = fn(acc, elems[i])`, starting from `initializer` (or the last slice).
    ///
    /// Keras: `K.foldr(fn, elems, initializer=None, name=None)`.
    ///
    /// ```swift
    /// K.foldr({ $0 - $1 }, Tensor([1, 2, 3]))   // 3 − 2 − 1 = 0
    /// ```
    public static func foldr(_ fn: (_ accumulator: Tensor, _ element: Tensor) -> Tensor, _ elems: Tensor,
                             initializer: Tensor? = nil) -> Tensor {
        fold(fn, elems, initializer: initializer, reverse: true, op: "K.foldr")
    }

    private static func fold(_ fn: (Tensor, Tensor) -> Tensor, _ elems: Tensor, initializer: Tensor?, reverse: Bool,
                             op: String) -> Tensor {
        precondition(elems.rank >= 1, "\(op): elems must have rank ≥ 1, received a scalar")
        var elements = slices(of: elems, along: 0)
        if reverse { elements.reverse() }
        var accumulator: Tensor
        if let initializer {
            accumulator = initializer
        } else {
            precondition(!elements.isEmpty, "\(op): elems is empty and no initializer was given")
            accumulator = elements.removeFirst()
        }
        for element in elements { accumulator = fn(accumulator, element) }
        return accumulator
    }

    /// The slices of `x` along `axis` (that axis removed), like `K.unstack`, but cut by
    /// repeated halving when `x` is differentiated: each slice's gradient is then spread over a
    /// small block instead of the whole of `x`, so backpropagating through all `n` slices costs
    /// `O(n log n)` copies of a slice rather than `O(n²)`.
    static func slices(of x: Tensor, along axis: Int) -> [Tensor] {
        let count = x.shape[axis]
        guard x.isDifferentiated, count > 4 else { return unstack(x, axis: axis) }
        let half = count / 2
        return slices(of: slice(x, along: axis, start: 0, size: half), along: axis)
            + slices(of: slice(x, along: axis, start: half, size: count - half), along: axis)
    }
}

extension K {
    /// A whole recurrent sequence as one backend kernel (``Backend/recurrent(_:_:)``), with its
    /// gradient for x, the initial states and the three weights recorded through
    /// ``Backend/recurrentBackward(_:_:)``.
    ///
    /// `x (batch, time, features)`; `initialStates` h0 (and c0 for the LSTM) `(batch, units)`;
    /// weights in Keras's layout (``RecurrentCell``). Returns the sequence
    /// `(batch, time, units)` in Keras's order and the final states. The fused path of
    /// `SimpleRNN`, `LSTM` and `GRU`; Keras runs the same computation as one cuDNN call.
    ///
    /// ```swift
    /// let (seq, states) = K.recurrentSequence(RecurrentParameters(cell: .lstm), x,
    ///                                         initialStates: [h0, c0], kernel: w, recurrentKernel: u, bias: b)
    /// ```
    static func recurrentSequence(_ p: RecurrentParameters, _ x: Tensor, initialStates: [Tensor], kernel: Tensor,
                                  recurrentKernel: Tensor, bias: Tensor) -> (sequence: Tensor, states: [Tensor]) {
        let (sequence, states) = recurrentOutputs(p, x, initialStates: initialStates, kernel: kernel, recurrentKernel: recurrentKernel,
                                                  bias: bias, withSequence: true)
        return (sequence!, states)
    }

    /// ``recurrentSequence(_:_:initialStates:kernel:recurrentKernel:bias:)`` for a caller that
    /// uses only the final states (an RNN layer without `returnSequences`): the same kernels,
    /// but the sequence is neither copied out nor given a gradient of its own (its cotangent
    /// is zero), which saves four copies of `(batch, time, units)` per training step.
    static func recurrentFinalStates(_ p: RecurrentParameters, _ x: Tensor, initialStates: [Tensor], kernel: Tensor,
                                     recurrentKernel: Tensor, bias: Tensor) -> [Tensor] {
        recurrentOutputs(p, x, initialStates: initialStates, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias,
                         withSequence: false).states
    }

    private static func recurrentOutputs(_ p: RecurrentParameters, _ x: Tensor, initialStates: [Tensor], kernel: Tensor,
                                         recurrentKernel: Tensor, bias: Tensor, withSequence: Bool) -> (sequence: Tensor?, states: [Tensor]) {
        let inputs = [x] + initialStates + [kernel, recurrentKernel, bias]
        precondition(inputs.allSatisfy { $0.dtype == x.dtype && $0.dtype.isFloatingPoint },
                     "K.recurrentSequence: every operand must share x's float dtype, received \(inputs.map(\.dtype))")
        let forwardBackend = backend
        guard GradientRecording.isEnabled, inputs.contains(where: \.isDifferentiated) else {
            let outputs = forwardBackend.recurrent(p, inputs)
            return (withSequence ? outputs[0] : nil, Array(outputs.dropFirst()))
        }
        // Training: the backend may keep the forward's state in a workspace for the gradient.
        let (outputs, workspace) = forwardBackend.recurrentTraining(p, inputs)
        let states = Array(outputs.dropFirst())

        // One recorded tensor carries every output used: the sequence (when asked for), then
        // each final state as one more time step, so a single backward call receives all
        // their cotangents. Without the sequence its cotangent is zero.
        let (batch, time, units) = (x.shape[0], x.shape[1], recurrentKernel.shape[0])
        let values = inputs.map(\.detached)
        let carried = (withSequence ? [outputs[0]] : []) + states.map { $0.reshapedStorage(to: [batch, 1, units]) }
        let first = withSequence ? time : 0
        let packed = backend.concatenate(carried, axis: 1)
            .recorded(from: inputs) { g in
                let b = K.backend
                let dSequence = withSequence
                    ? b.slice(g, start: [0, 0, 0], size: [batch, time, units], strides: [1, 1, 1])
                    : Tensor(shape: [batch, time, units], repeating: 0, dtype: g.dtype)
                let dStates = states.indices.map { k in
                    b.slice(g, start: [0, first + k, 0], size: [batch, 1, units], strides: [1, 1, 1]).reshapedStorage(to: [batch, units])
                }
                if let workspace {
                    return forwardBackend.recurrentBackward(p, values + [dSequence] + dStates, workspace: workspace).map { Optional($0) }
                }
                return b.recurrentBackward(p, values + [dSequence] + dStates).map { Optional($0) }
            }
        let sequence = withSequence ? slice(packed, start: [0, 0, 0], size: [batch, time, units]) : nil
        let finalStates = states.indices.map { k in
            reshape(slice(packed, start: [0, first + k, 0], size: [batch, 1, units]), [batch, units])
        }
        return (sequence, finalStates)
    }
}
