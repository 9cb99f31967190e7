/**
 * The README's example, taken from the README itself and run by Node as a
 * consumer would run it, so that the text and what it prints stay true. CI
 * runs the same block again against the npm-packed tarball, with no loader.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const RAIZ = fileURLToPath(new URL('..', import.meta.url));

/** The body of the first fenced block in `texto` whose info string is `lenguaje`. */
function bloque(texto: string, lenguaje: string): string {
  const encontrado = new RegExp(`^\`\`\`${lenguaje}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(texto);
  if (encontrado?.[1] === undefined) throw new Error(`El README no tiene un bloque \`\`\`${lenguaje}`);
  return encontrado[1];
}

it('the README example prints what the README says it prints', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const codigo = bloque(readme, 'js');
  const esperado = bloque(readme, 'text');
  expect(codigo).toContain("from '@pedidos/domain'");

  // Run from the package folder, so that '@pedidos/domain' resolves to this
  // package by its own name; the source condition reads src/ through tsx.
  const corrida = spawnSync(
    process.execPath,
    ['--conditions=@pedidos/source', '--import', 'tsx', '--input-type=module'],
    { cwd: RAIZ, input: codigo, encoding: 'utf8', timeout: 30_000 },
  );
  expect(corrida.stderr).toBe('');
  expect(corrida.status).toBe(0);
  expect(corrida.stdout).toBe(esperado);
});
