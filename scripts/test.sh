#!/usr/bin/env bash
# The test command: installs what is missing, builds every product (the plugin libraries the
# tests load included), runs the whole test suite, then checks in Python Keras 3.15.1 (pip-installed
# into a git-ignored venv when missing) that the .keras archives the suite wrote load there.
#
# It also builds the `swiftkeras` executable in release (.build-release), so that the tests
# check that programming errors stop with their message in an optimised build too, and runs
# every fuzz target for a few seconds (SWIFTKERAS_FUZZ_SECONDS, default 5; 0 skips them; see
# docs/fuzzing.md).
# See docs/reliability.md and docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# KerasPluginKit's kernel closures and thunks are generated from keras_plugin.h: stale ones fail here.
python3 scripts/generate-kernel-thunks.py --check
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift build -c release --product swiftkeras --scratch-path .build-release
# A plugin built outside the main package, against KerasPluginKit only (a test loads it).
swift build --package-path Integration/ExternalPlugin
# The suite also writes .keras archives for the Python Keras check below.
interop=.build/keras-interop
rm -rf "$interop"
# A fresh $SWIFTKERAS_HOME: no keras.json, plugin folder or `auto` calibration cache left on the
# machine changes what the suite runs (`auto` measures its routes once, into this folder).
test_home="$(mktemp -d)"
trap 'rm -rf "$test_home"' EXIT
SWIFTKERAS_HOME="$test_home" SWIFTKERAS_INTEROP_DIR="$PWD/$interop" swift test --skip-build
bash scripts/keras-interop.sh "$interop"
fuzz_seconds="${SWIFTKERAS_FUZZ_SECONDS:-5}"
if [[ "$fuzz_seconds" != 0 ]]; then
    bash scripts/fuzz.sh --time "$fuzz_seconds"
fi
