#!/usr/bin/env bash
# The test command: installs what is missing, builds every product (the plugin libraries the
# tests load included), runs the whole test suite, then checks in Python Keras 3.15.1 (pip-installed
# into a git-ignored venv when missing) that the .keras archives the suite wrote load there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
# The suite also writes .keras archives for the Python Keras check below.
interop=.build/keras-interop
rm -rf "$interop"
SWIFTKERAS_INTEROP_DIR="$PWD/$interop" swift test --skip-build
bash scripts/keras-interop.sh "$interop"
