// `import Keras` gives everything: the core and the parts that link outside libraries.
//
// A program that needs only tensors, `K`, layers, models and training can import (and depend
// on) `KerasCore` alone, and then links neither zlib nor HDF5:
//
//     .product(name: "KerasCore", package: "SwiftKeras")
//
// | module | what | links |
// |---|---|---|
// | `KerasCore` | Tensor, K, backends, layers, models, training, config (JSON) serialisation | libffi |
// | `KerasSaving` | `.keras`, `.weights.h5`, legacy `.h5`, `.npy`/`.npz`, `ModelCheckpoint` | HDF5, zlib (ZIPFoundation) |
// | `KerasDatasets` | `Datasets.fashionMNIST()`, `Datasets.mnist()`, IDX files, `ImageBatches` | zlib |
// | `KerasVisualization` | `plotModel`, `modelToDot`, `TrainingCurves` | — (runs Graphviz's `dot`) |

@_exported import KerasCore
@_exported import KerasDatasets
@_exported import KerasSaving
@_exported import KerasVisualization
