/**
 * `pnpm asyncapi` writes `docs/asyncapi.json`; `pnpm asyncapi --check` fails
 * when the file differs from what the code generates, so CI catches a stale
 * copy (as `pnpm openapi` does for the HTTP API's).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { textoAsyncApi } from './asyncapi.ts';

const destino = new URL('../../../docs/asyncapi.json', import.meta.url);
const texto = textoAsyncApi();

if (process.argv.includes('--check')) {
  const actual = await readFile(destino, 'utf8').catch(() => '');
  if (actual !== texto) {
    console.error('docs/asyncapi.json is stale: run `pnpm asyncapi` and commit the result.');
    process.exit(1);
  }
  console.log('docs/asyncapi.json is up to date.');
} else {
  await writeFile(destino, texto);
  console.log('wrote docs/asyncapi.json');
}
