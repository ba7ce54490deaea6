#!/usr/bin/env bash
# The Python half of the .keras interop check: archives SwiftKeras wrote (the test
# SwiftArchivesForKerasTests, run with SWIFTKERAS_INTEROP_DIR=DIR) load in Python Keras 3.15.1
# (JAX backend), predict what SwiftKeras predicted, and compiled ones continue to fit.
# Keras and JAX are pip-installed, pinned, into .build/keras-venv (git-ignored) when missing.
# Usage: bash scripts/keras-interop.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$1"
venv=.build/keras-venv
pins=(keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 h5py==3.16.0 numpy==2.4.6)
if ! KERAS_BACKEND=jax "$venv/bin/python" -c "import keras, jax; assert keras.__version__ == '3.15.1'" 2>/dev/null; then
  echo "keras-interop: installing ${pins[*]} into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${pins[@]}"
fi
KERAS_BACKEND=jax "$venv/bin/python" -W ignore Integration/KerasInterop/check_swift_archives.py "$dir"
