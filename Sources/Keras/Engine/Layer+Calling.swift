/// Calling a layer: symbolically on ``KerasTensor``s (recording a node) or eagerly on
/// ``Tensor``s (computing). Both build the layer first if needed.
extension Layer {
    // MARK: Symbolic

    /// Calls the layer on one symbolic input; the layer must have one output.
    ///
    /// ```swift
    /// let y = try Dense(3)(Input(shape: [5]))
    /// ```
    public func callAsFunction(_ input: KerasTensor) throws -> KerasTensor {
        try single(callSymbolic([input]))
    }

    /// Calls the layer on several symbolic inputs (a merge layer); one output.
    public func callAsFunction(_ inputs: [KerasTensor]) throws -> KerasTensor {
        try single(callSymbolic(inputs))
    }

    /// Calls the layer on several symbolic inputs and returns every output (a layer with
    /// several outputs, like an LSTM with `returnState`).
    @_disfavoredOverload
    public func callAsFunction(_ inputs: [KerasTensor]) throws -> [KerasTensor] {
        try callSymbolic(inputs)
    }

    /// Calls the layer on one symbolic input and returns every output.
    @_disfavoredOverload
    public func callAsFunction(_ input: KerasTensor) throws -> [KerasTensor] {
        try callSymbolic([input])
    }

    /// Records a call on symbolic inputs: checks the inputs against ``inputSpec``, builds the
    /// layer, computes the output shapes and dtypes, and appends a ``Node``.
    public func callSymbolic(_ inputs: [KerasTensor], arguments: [String: JSONValue] = [:],
                             masks: [KerasTensor?] = []) throws -> [KerasTensor] {
        try checkSomeInput(inputs.count)
        let shapes = inputs.map(\.shape)
        try checkInputs(shapes: shapes, dtypes: inputs.map(\.dtype))
        try buildIfNeeded(shapes)
        try checkInputs(shapes: shapes, dtypes: inputs.map(\.dtype))
        let outputShapes = try computeOutputShapes(shapes)
        let dtypes = computeOutputDTypes(inputs.map(\.dtype), outputCount: outputShapes.count)
        let node = Node(layer: self, inputs: inputs, outputShapes: outputShapes, outputDTypes: dtypes,
                        arguments: arguments, explicitMasks: masks)
        appendNode(node)
        return node.outputs
    }

    // MARK: Eager

    /// Computes the layer on one tensor; the layer must have one output.
    ///
    /// ```swift
    /// let y = try Dense(3)(Tensor(shape: [2, 5]))     // shape [2, 3]
    /// ```
    public func callAsFunction(_ input: Tensor, training: Bool = false) throws -> Tensor {
        let outputs = try callEager([input], training: training)
        guard outputs.count == 1 else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" returned \(outputs.count) outputs; use the [Tensor] form")
        }
        return outputs[0]
    }

    /// Computes the layer on several tensors and returns every output.
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) throws -> [Tensor] {
        try callEager(inputs, training: training)
    }

    /// Computes the layer on tensors (with their masks), building it first if needed.
    public func callEager(_ inputs: [Tensor], training: Bool, mask: [Tensor?]? = nil) throws -> [Tensor] {
        try checkSomeInput(inputs.count)
        let shapes = inputs.map { $0.shape.map(Optional.some) }
        try checkInputs(shapes: shapes, dtypes: inputs.map(\.dtype))
        try buildIfNeeded(shapes.map { $0.isEmpty ? $0 : [nil] + $0.dropFirst() })
        if let profiler = StepProfiler.current {
            return try profiler.layer(self is Model ? nil : name, backward: false) {
                try call(inputs, training: training, mask: mask ?? inputs.map { _ in nil })
            }
        }
        return try call(inputs, training: training, mask: mask ?? inputs.map { _ in nil })
    }

    // MARK: Shared steps

    /// Builds the layer for `shapes` unless it is built.
    public func buildIfNeeded(_ shapes: [[Int?]]) throws {
        guard !built else { return }
        try build(inputShapes: shapes)
        built = true
    }

    /// Every layer takes at least one input (a config can name a call without any).
    private func checkSomeInput(_ count: Int) throws {
        guard count > 0 else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" (\(className)) was called on no input tensors")
        }
    }

    func checkInputs(shapes: [[Int?]], dtypes: [DType]) throws {
        guard let specs = inputSpec else { return }
        guard specs.count == shapes.count else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" expects \(specs.count) input(s), but it received \(shapes.count) input tensors.")
        }
        for (i, spec) in specs.enumerated() {
            try spec.check(shape: shapes[i], dtype: dtypes[i], layer: name, input: i)
        }
    }

    private func single(_ outputs: [KerasTensor]) throws -> KerasTensor {
        guard outputs.count == 1 else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" has \(outputs.count) outputs; annotate the result as [KerasTensor]")
        }
        return outputs[0]
    }
}
