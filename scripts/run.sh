#!/usr/bin/env bash
# The main job: installs what is missing, builds SwiftKeras in release mode and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product swiftkeras
swift build -c release --product KerasOpenBLAS   # the backend plugin `auto` picks when it loads
swift build -c release --product KerasOneDNN     # the oneDNN backend (`--backend onednn`)
.build/release/swiftkeras demo "$@"
