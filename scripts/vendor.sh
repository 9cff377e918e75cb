#!/usr/bin/env bash
# Refresh the vendored front-end assets from the npm registry (no JavaScript build step).
set -euo pipefail
cd "$(dirname "$0")/.."
target=klantbeeld/core/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent \
  @utrecht/component-library-css@9.0.4 \
  @nl-design-system-unstable/voorbeeld-design-tokens@7.4.1 \
  htmx.org@2.0.11 >/dev/null)
for tarball in "$work"/*.tgz; do mkdir -p "${tarball%.tgz}"; tar xzf "$tarball" -C "${tarball%.tgz}"; done
cp "$work"/utrecht-component-library-css-*/package/dist/index.css "$target/utrecht/component-library.css"
cp "$work"/utrecht-component-library-css-*/package/LICENSE.md "$target/utrecht/LICENSE.md"
cp "$work"/nl-design-system-unstable-voorbeeld-design-tokens-*/package/dist/theme.css "$target/voorbeeld/theme.css"
cp "$work"/nl-design-system-unstable-voorbeeld-design-tokens-*/package/LICENSE.md "$target/voorbeeld/LICENSE.md"
cp "$work"/htmx.org-*/package/dist/htmx.min.js "$target/htmx/htmx.min.js"
cp "$work"/htmx.org-*/package/LICENSE "$target/htmx/LICENSE"
echo "Vendored assets refreshed in $target"
