#!/usr/bin/env bash
# Packs @pedidos/domain with npm, as `npm publish` would, and uses the tarball
# the way a consumer outside this workspace would: installed with npm into a
# throwaway project, the README's example run by plain `node` (no TypeScript
# loader), a vitest property test over @pedidos/domain/testing, and a type check
# with the consumer's own TypeScript and neverthrow. publint and attw check the
# manifest first. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
paquete=$PWD

echo "--- build, then publint (which packs without running prepack)"
pnpm run build
pnpm exec publint --strict
echo "--- attw (ESM only)"
pnpm exec attw --pack . --profile esm-only

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "--- npm pack from a tree with no dist/: prepack must build it"
rm -rf dist
npm pack --silent --pack-destination "$tmp" >/dev/null
tarball=$(ls "$tmp"/pedidos-domain-*.tgz)
ls -l "$tarball"
contenido=$(tar -tzf "$tarball")
for archivo in package/dist/index.js package/dist/index.d.ts package/dist/testing/index.js package/LICENSE; do
  grep -qx "$archivo" <<<"$contenido" || { echo "the tarball has no ${archivo#package/}"; exit 1; }
done
echo "$(wc -l <<<"$contenido") files"
echo "--- pnpm pack gives the same files and manifest"
mkdir "$tmp/pnpm"
pnpm pack --pack-destination "$tmp/pnpm" >/dev/null
diff <(sort <<<"$contenido") <(tar -tzf "$tmp"/pnpm/pedidos-domain-*.tgz | sort)
# pnpm drops the lifecycle scripts it ran and reorders keys; what resolves the package must be equal.
manifiesto() { tar -xOzf "$1" package/package.json | node -e '
  const m = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  delete m.scripts;
  console.log(JSON.stringify(m, Object.keys(m).sort(), 2));'; }
diff <(manifiesto "$tarball") <(manifiesto "$(ls "$tmp"/pnpm/pedidos-domain-*.tgz)")
echo "same"

consumidor="$tmp/consumidor"
mkdir "$consumidor"
# The README's first ```js block, and the ```text block that says what it prints.
awk '/^```js$/{f=1;next} /^```$/{if(f){exit}} f' README.md >"$consumidor/ejemplo.mjs"
awk '/^```text$/{f=1;next} /^```$/{if(f){exit}} f' README.md >"$consumidor/esperado.txt"
cp scripts/consumidor/* "$consumidor/"

cd "$consumidor"
echo "--- npm install (a fresh npm project)"
npm install --silent --no-audit --no-fund "$tarball" 'neverthrow@^8.2.0' 'fast-check@^4' 'vitest@^4' 'typescript@^5'
npm ls --all neverthrow

echo "--- the README example on plain node $(node --version)"
node ejemplo.mjs >salida.txt
diff -u esperado.txt salida.txt
echo "same output as the README"

echo "--- import time"
node --input-type=module -e "
const t0 = performance.now();
await import('@pedidos/domain');
const t1 = performance.now();
await import('@pedidos/domain/testing');
console.log('import @pedidos/domain: ' + (t1 - t0).toFixed(1) + ' ms; then /testing: ' + (performance.now() - t1).toFixed(1) + ' ms');
"

echo "--- tsc $(npx tsc --version) on the consumer's code"
npx tsc -p tsconfig.json

echo "--- vitest with @pedidos/domain/testing"
npx vitest run --reporter=dot
echo "the packed @pedidos/domain works in a fresh npm project (from $paquete)"
