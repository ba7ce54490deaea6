import KerasCore

/// Fashion-MNIST: 28×28 grey-scale images of clothing in 10 classes.
extension Datasets {
    /// Where Debian's `dataset-fashion-mnist` package installs the Fashion-MNIST IDX files.
    public static let fashionMNISTDirectory = "/usr/share/datasets/fashion-mnist/"

    /// The class names of Fashion-MNIST, by label.
    public static let fashionMNISTClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Loads Fashion-MNIST (Zalando's 70 000 article images) as Keras's
    /// `keras.datasets.fashion_mnist.load_data()` returns it: `xTrain` uint8 `(60000, 28, 28)`,
    /// `yTrain` uint8 `(60000,)`, `xTest` uint8 `(10000, 28, 28)`, `yTest` uint8 `(10000,)`.
    /// Pixels stay 0…255 (scale them per batch, e.g. with ``ImageBatches``).
    ///
    /// The files are read from `directory`, by default ``fashionMNISTDirectory`` (Debian's
    /// `dataset-fashion-mnist`): `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`,
    /// `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`, each also accepted
    /// uncompressed. Nothing is downloaded.
    ///
    /// ```swift
    /// let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.fashionMNIST()
    /// xTrain.shape   // [60000, 28, 28]
    /// ```
    ///
    /// - Throws: ``KerasError`` naming the path tried and the package to install when a file is
    ///   missing; naming the file when it is not valid IDX; when images and labels differ in count.
    public static func fashionMNIST(directory: String? = nil) throws -> Dataset {
        let hint = directory == nil
            ? "Install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or pass the directory holding the four IDX files."
            : "Pass the directory holding the four Fashion-MNIST IDX files, or install Debian's package dataset-fashion-mnist, which puts them in \(fashionMNISTDirectory)."
        return try loadIDXImageClassification(directory: directory ?? fashionMNISTDirectory, name: "Fashion-MNIST",
                                              classes: 10, missingHint: hint)
    }
}
