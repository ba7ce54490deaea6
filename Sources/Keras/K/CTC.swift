import Foundation

/// Connectionist temporal classification: `ctc_batch_cost` (the loss, with its gradient) and
/// `ctc_decode` (greedy and beam search). The blank is the **last** class, as in Keras 2.
extension K {
    /// The CTC loss of each sample: `−log P(label | y_pred)` summed over all alignments.
    ///
    /// `yTrue` `(samples, maxLabelLength)` class indices (the first `labelLength[i]` count),
    /// `yPred` `(samples, time, classes)` softmax outputs whose class `classes − 1` is the
    /// blank, `inputLength` and `labelLength` `(samples, 1)`. Returns `(samples, 1)`.
    ///
    /// As Keras 2 does, the log-probabilities are `log(y_pred + ε)` renormalised by a
    /// log-softmax over the classes (TensorFlow's `ctc_loss` takes logits); repeated labels
    /// need a blank between them. The forward–backward recursion runs in log space; the
    /// gradient with respect to `yPred` is recorded.
    ///
    /// Keras: `K.ctc_batch_cost(y_true, y_pred, input_length, label_length)`.
    ///
    /// ```swift
    /// let loss = K.ctcBatchCost(labels, softmaxOutputs, inputLength: lengths, labelLength: labelLengths)
    /// ```
    public static func ctcBatchCost(_ yTrue: Tensor, _ yPred: Tensor, inputLength: Tensor, labelLength: Tensor) -> Tensor {
        let op = "K.ctc_batch_cost"
        requireFloat(yPred, op, "y_pred")
        precondition(yPred.rank == 3, "\(op): y_pred must be (samples, time, classes), received \(yPred.shape)")
        let (samples, steps, classes) = (yPred.shape[0], yPred.shape[1], yPred.shape[2])
        precondition(classes >= 2, "\(op): y_pred needs at least one class besides the blank, received \(yPred.shape)")
        precondition(yTrue.rank == 2 && yTrue.shape[0] == samples,
                     "\(op): y_true must be (samples, max_label_length) with \(samples) samples, received \(yTrue.shape)")
        let timeLengths = ctcLengths(inputLength, samples: samples, maximum: steps, op: op, name: "input_length")
        let labelLengths = ctcLengths(labelLength, samples: samples, maximum: yTrue.shape[1], op: op, name: "label_length")
        let labelRows = yTrue.doubles
        let blank = classes - 1

        let p = yPred.detached
        let logProbabilities = backend.logSoftmax(backend.unary(.log, K.kernels.add(p, K.epsilon())), axis: 2)
        let lp = logProbabilities.doubles
        var losses = [Double](repeating: 0, count: samples)
        var occupancy = [Double](repeating: 0, count: samples * steps * classes)   // γ_t(c)
        for b in 0..<samples {
            let labels = (0..<labelLengths[b]).map { Int(labelRows[b * yTrue.shape[1] + $0]) }
            for label in labels {
                precondition(label >= 0 && label < blank,
                             "\(op): label \(label) of sample \(b) is outside [0, \(blank)) (class \(blank) is the blank)")
            }
            let required = labels.count + zip(labels, labels.dropFirst()).filter { $0 == $1 }.count
            precondition(timeLengths[b] >= required,
                         "\(op): not enough time for the target sequence of sample \(b) (required \(required), available \(timeLengths[b]))")
            let lattice = CTCLattice(labels: labels, blank: blank, steps: timeLengths[b], classes: classes,
                                     logProbabilities: lp, offset: b * steps * classes)
            losses[b] = -lattice.logLikelihood
            lattice.addOccupancy(into: &occupancy, offset: b * steps * classes)
        }
        let loss = Tensor(losses, shape: [samples, 1], dtype: yPred.dtype)
        let gamma = Tensor(occupancy, shape: yPred.shape, dtype: yPred.dtype)
        let activeSteps = Tensor((0..<samples * steps).map { timeLengths[$0 / steps] > $0 % steps ? 1.0 : 0.0 },
                                 shape: [samples, steps, 1], dtype: yPred.dtype)
        return loss.recorded(from: [yPred]) { g in
            // d/dlogits = softmax − γ on active steps; then through log(p + ε).
            let softmax = K.kernels.multiply(K.kernels.unary(.exp, logProbabilities), activeSteps)
            let dLogits = K.kernels.multiply(K.kernels.subtract(softmax, gamma), g.reshapedStorage(to: [samples, 1, 1]))
            return [K.kernels.divide(dLogits, K.kernels.add(p, K.epsilon()))]
        }
    }

    /// Decodes softmax outputs into label sequences.
    ///
    /// `yPred` `(samples, time, classes)` (blank = last class), `inputLength` `(samples,)`.
    /// Returns `decoded`, a list of `topPaths` `int64` tensors `(samples, time)` padded with
    /// `-1`, and `logProbabilities` `(samples, topPaths)`.
    ///
    /// * `greedy: true`: the most likely class at each step, repeats merged, blanks removed;
    ///   the score is TensorFlow's: minus the sum over steps of the largest `log(y_pred + ε)`.
    /// * `greedy: false`: prefix beam search of width `beamWidth` over the log-softmax of
    ///   `log(y_pred + ε)`; the scores are the log-probabilities of the decoded label sequences
    ///   (all alignments summed). With `mergeRepeated`, consecutive equal labels of each decoded
    ///   path are then merged (TensorFlow's option; Keras 2.3.1 passes `False`, tf.keras's
    ///   default is `True`).
    ///
    /// Keras: `K.ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False)`.
    ///
    /// ```swift
    /// let (decoded, logProbabilities) = K.ctcDecode(softmaxOutputs, inputLength: lengths)
    /// ```
    public static func ctcDecode(_ yPred: Tensor, inputLength: Tensor, greedy: Bool = true, beamWidth: Int = 100,
                                 topPaths: Int = 1, mergeRepeated: Bool = false) -> (decoded: [Tensor], logProbabilities: Tensor) {
        let op = "K.ctc_decode"
        requireFloat(yPred, op, "y_pred")
        precondition(yPred.rank == 3, "\(op): y_pred must be (samples, time, classes), received \(yPred.shape)")
        let (samples, steps, classes) = (yPred.shape[0], yPred.shape[1], yPred.shape[2])
        let lengths = ctcLengths(inputLength, samples: samples, maximum: steps, op: op, name: "input_length")
        let logits = backend.unary(.log, K.kernels.add(yPred.detached, K.epsilon()))
        let blank = classes - 1
        var paths: [[[Int]]] = []          // [sample][path] → labels
        var scores: [[Double]] = []        // [sample][path]
        if greedy {
            precondition(topPaths == 1, "\(op): greedy decoding gives one path, received top_paths \(topPaths)")
            let z = logits.doubles
            for b in 0..<samples {
                var labels: [Int] = [], previous = -1, score = 0.0
                for t in 0..<lengths[b] {
                    let row = (b * steps + t) * classes
                    var best = 0
                    for c in 1..<classes where z[row + c] > z[row + best] { best = c }
                    score -= z[row + best]
                    if best != blank && best != previous { labels.append(best) }
                    previous = best
                }
                paths.append([labels])
                scores.append([score])
            }
        } else {
            precondition(beamWidth >= 1 && topPaths >= 1 && topPaths <= beamWidth,
                         "\(op): need 1 ≤ top_paths ≤ beam_width, received top_paths \(topPaths), beam_width \(beamWidth)")
            let lp = backend.logSoftmax(logits, axis: 2).doubles
            for b in 0..<samples {
                let beams = CTCBeamSearch.decode(logProbabilities: lp, offset: b * steps * classes, steps: lengths[b],
                                                 classes: classes, beamWidth: beamWidth, topPaths: topPaths)
                paths.append(beams.map { mergeRepeated ? mergingRepeats($0.labels) : $0.labels })
                scores.append(beams.map(\.logProbability) + [Double](repeating: -.infinity, count: topPaths - beams.count))
            }
        }
        let decoded = (0..<topPaths).map { k -> Tensor in
            var dense = [Int64](repeating: -1, count: samples * steps)
            for b in 0..<samples where k < paths[b].count {
                for (i, label) in paths[b][k].enumerated() { dense[b * steps + i] = Int64(label) }
            }
            return Tensor(dense, shape: [samples, steps])
        }
        let logProbabilities = Tensor(scores.flatMap { $0 }, shape: [samples, topPaths], dtype: yPred.dtype)
        return (decoded, logProbabilities)
    }

    /// `labels` with runs of equal labels reduced to one.
    private static func mergingRepeats(_ labels: [Int]) -> [Int] {
        labels.enumerated().filter { $0.offset == 0 || labels[$0.offset - 1] != $0.element }.map(\.element)
    }

    /// Reads `(samples,)` or `(samples, 1)` lengths, each in `0...maximum`.
    private static func ctcLengths(_ t: Tensor, samples: Int, maximum: Int, op: String, name: String) -> [Int] {
        precondition(t.count == samples && t.rank <= 2,
                     "\(op): \(name) must be (samples, 1) or (samples,) with \(samples) samples, received \(t.shape)")
        return t.doubles.map { value in
            let length = Int(value)
            precondition(length >= 0 && length <= maximum, "\(op): \(name) \(length) is outside [0, \(maximum)]")
            return length
        }
    }
}
