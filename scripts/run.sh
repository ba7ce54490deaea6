#!/usr/bin/env bash
# The main job: installs what is missing, builds SwiftKeras and its backend plugins in release
# mode, and trains the MLP of the Keras guide on Fashion-MNIST on the best backend that loads
# (`auto`; the built-in reference backend serves when no plugin does), printing the model
# summary, Keras's progress bar with validation metrics, and the test accuracy.
# Extra arguments go to `swiftkeras train` (e.g. `--model cnn --epochs 1`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product swiftkeras
swift build -c release --product KerasOneDNN     # the backend plugin `auto` picks when it loads
swift build -c release --product KerasOpenBLAS   # the next (`--backend openblas`; also float64)
mkdir -p output
.build/release/swiftkeras train --backend auto --plot output/training-curves.svg \
  --output output/mlp.weights.h5 "$@"
