import KerasCore

/// MNIST: 28×28 grey-scale images of handwritten digits in 10 classes.
extension Datasets {
    /// Loads MNIST (handwritten digits) from the four IDX files in `directory`, in the layout of
    /// Keras's `keras.datasets.mnist.load_data()`: uint8 `(60000, 28, 28)`, `(60000,)`,
    /// `(10000, 28, 28)`, `(10000,)`. The file names are those of Fashion-MNIST (same format),
    /// gzip-compressed or plain.
    ///
    /// ```swift
    /// let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.mnist(directory: "/data/mnist")
    /// ```
    public static func mnist(directory: String) throws -> Dataset {
        try loadIDXImageClassification(directory: directory, name: "MNIST", classes: 10,
                                       missingHint: "Pass the directory holding MNIST's four IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]).")
    }
}
