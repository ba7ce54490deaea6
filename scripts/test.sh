#!/usr/bin/env bash
# The test command: installs what is missing, builds every product (the plugin libraries the
# tests load included), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
# A plugin built outside the main package, against KerasPluginKit only (a test loads it).
swift build --package-path Integration/ExternalPlugin
swift test --skip-build
