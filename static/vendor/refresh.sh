#!/usr/bin/env bash
# Re-vendor the pinned front-end assets listed in package.json.
#
# Usage:  static/vendor/refresh.sh [BUILD_DIR]
#   1. edit the exact versions in package.json (no ^ or ~ ranges),
#   2. run this script (needs node + npm and registry access),
#   3. review `git diff --stat static/vendor` and update README.md versions.
#
# Only the dist files the app uses are copied; node_modules stays in BUILD_DIR
# (default: a fresh temp dir) and is never committed. sourceMappingURL comments
# are stripped because the .map files are not vendored.
set -euo pipefail

VENDOR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${1:-$(mktemp -d -t vendorbuild.XXXXXX)}"
mkdir -p "$BUILD_DIR"
cp "$VENDOR_DIR/package.json" "$BUILD_DIR/package.json"
(cd "$BUILD_DIR" && npm install --no-audit --no-fund --ignore-scripts --no-package-lock)
NM="$BUILD_DIR/node_modules"

# copy SRC DEST (relative to node_modules / vendor dir), creating folders.
copy() {
  mkdir -p "$VENDOR_DIR/$(dirname "$2")"
  cp "$NM/$1" "$VENDOR_DIR/$2"
}

rm -rf "$VENDOR_DIR"/{axe-core,bootstrap,bootstrap-icons,chart.js,flatpickr,htmx}

copy bootstrap/dist/css/bootstrap.min.css        bootstrap/css/bootstrap.min.css
copy bootstrap/dist/js/bootstrap.bundle.min.js   bootstrap/js/bootstrap.bundle.min.js
copy bootstrap/LICENSE                           bootstrap/LICENSE

copy bootstrap-icons/font/bootstrap-icons.min.css      bootstrap-icons/font/bootstrap-icons.min.css
copy bootstrap-icons/font/fonts/bootstrap-icons.woff2  bootstrap-icons/font/fonts/bootstrap-icons.woff2
copy bootstrap-icons/font/fonts/bootstrap-icons.woff   bootstrap-icons/font/fonts/bootstrap-icons.woff
copy bootstrap-icons/LICENSE                           bootstrap-icons/LICENSE

copy chart.js/dist/chart.umd.min.js  chart.js/chart.umd.min.js
copy chart.js/LICENSE.md             chart.js/LICENSE.md

copy flatpickr/dist/flatpickr.min.css  flatpickr/flatpickr.min.css
copy flatpickr/dist/flatpickr.min.js   flatpickr/flatpickr.min.js
copy flatpickr/dist/l10n/vn.js         flatpickr/l10n/vn.js
copy flatpickr/LICENSE.md              flatpickr/LICENSE.md

copy htmx.org/dist/htmx.min.js  htmx/htmx.min.js
copy htmx.org/LICENSE           htmx/LICENSE

# Test-only: the accessibility checker injected by the browser tests (never loaded by pages).
copy axe-core/axe.min.js  axe-core/axe.min.js
copy axe-core/LICENSE     axe-core/LICENSE

# Strip source-map references (maps are not vendored; browsers would 404 on them).
find "$VENDOR_DIR" -type f \( -name '*.js' -o -name '*.css' \) -print0 |
  xargs -0 sed -i -E '/^[[:space:]]*(\/\/|\/\*)[#@] sourceMappingURL=/d; s#(//|/\*)[#@] sourceMappingURL=[^ *]*( \*/)?##g'

# Fail loudly if anything still points at the network.
if grep -rInE 'sourceMappingURL|https?://[^" ]*\.(js|css|woff2?)' \
     "$VENDOR_DIR" --include='*.js' --include='*.css'; then
  echo "WARNING: remote/sourcemap references remain (see above)" >&2
fi

du -sh "$VENDOR_DIR"/{axe-core,bootstrap,bootstrap-icons,chart.js,flatpickr,htmx}
echo "Vendored into $VENDOR_DIR (build dir: $BUILD_DIR)"
