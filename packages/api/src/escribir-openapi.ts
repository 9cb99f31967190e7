/**
 * `pnpm openapi` writes `docs/openapi.json`; `pnpm openapi --check` fails when
 * the file differs from what the code generates, so CI catches a stale copy.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { textoOpenApi } from './openapi.ts';

const destino = new URL('../../../docs/openapi.json', import.meta.url);
const texto = textoOpenApi();

if (process.argv.includes('--check')) {
  const actual = await readFile(destino, 'utf8').catch(() => '');
  if (actual !== texto) {
    console.error('docs/openapi.json is stale: run `pnpm openapi` and commit the result.');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date.');
} else {
  await writeFile(destino, texto);
  console.log('wrote docs/openapi.json');
}
