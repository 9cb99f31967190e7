/**
 * A guard: the domain stays pure. Its source may import only its own modules and
 * neverthrow (and, under src/testing/, fast-check), and its package depends on
 * nothing else. This test may use Node; the code it guards may not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const RAIZ_DEL_PAQUETE = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(RAIZ_DEL_PAQUETE, 'src');

/** How a module is pulled in; `especificador` is null when it is computed, not a literal. */
type Importacion = { readonly forma: string; readonly especificador: string | null };

/** A string literal in any of the three quotes: `comilla` is the quote, `texto` what is between. */
const LITERAL = String.raw`(?<comilla>['"\`])(?<texto>(?:(?!\k<comilla>)[^\\\n]|\\.)*)\k<comilla>`;

/** `import x from 'm'`, `import { a } from 'm'`, `import type …`, `export … from 'm'`, on one line or several. */
const DESDE = new RegExp(String.raw`\bfrom\s*${LITERAL}`, 'g');
/** `import 'm'`, for its side effects. */
const SOLO_EFECTOS = new RegExp(String.raw`\bimport\s*${LITERAL}`, 'g');
/** `import('m')` and `require('m')` (also `import x = require('m')`): a literal, or anything else. */
const LLAMADA = new RegExp(String.raw`\b(import|require)\s*\(\s*(?:${LITERAL}\s*[,)])?`, 'g');
/** `/// <reference types="node" />` and its kin bring in ambient declarations. */
const REFERENCIA = new RegExp(String.raw`///\s*<reference\s+(types|path|lib)\s*=\s*${LITERAL}`, 'g');

/** Every module a source text pulls in, by any of the forms above. Comments are not skipped: better a false alarm. */
function importacionesDe(fuente: string): Importacion[] {
  const encontradas: Importacion[] = [];
  const texto = (m: RegExpMatchArray): string | null => m.groups?.texto ?? null;
  for (const m of fuente.matchAll(DESDE)) encontradas.push({ forma: 'from', especificador: texto(m) });
  for (const m of fuente.matchAll(SOLO_EFECTOS)) encontradas.push({ forma: 'import', especificador: texto(m) });
  for (const m of fuente.matchAll(LLAMADA)) {
    // No literal, or a template literal with a substitution: the specifier is computed.
    const literal = texto(m);
    const computado = literal === null || (m.groups?.comilla === '`' && literal.includes('${'));
    encontradas.push({ forma: `${m[1] ?? '?'}()`, especificador: computado ? null : literal });
  }
  for (const m of fuente.matchAll(REFERENCIA)) {
    encontradas.push({ forma: `reference ${m[1] ?? '?'}`, especificador: texto(m) });
  }
  return encontradas;
}

/** Why an import is not allowed in the file at `ruta` (relative to src, with '/'), or null if it is. */
function motivoDeRechazo(ruta: string, importacion: Importacion): string | null {
  const { forma, especificador } = importacion;
  if (forma.startsWith('reference')) return `${forma} "${especificador ?? ''}": ambient declarations are not allowed`;
  if (especificador === null) return `${forma} with a computed specifier`;
  if (especificador.startsWith('./') || especificador.startsWith('../')) {
    const destino = resolve(SRC, dirname(ruta), especificador);
    return destino.startsWith(SRC + sep) ? null : `"${especificador}" leaves src/`;
  }
  if (especificador === 'neverthrow') return null;
  if (especificador === 'fast-check' && ruta.startsWith('testing/')) return null;
  return `"${especificador}" is neither relative nor neverthrow`;
}

function violacionesDe(ruta: string, fuente: string): string[] {
  return importacionesDe(fuente).flatMap((i) => {
    const motivo = motivoDeRechazo(ruta, i);
    return motivo === null ? [] : [`src/${ruta}: ${motivo}`];
  });
}

/** Every file under `dir`, as paths relative to src with '/' separators. */
function archivosBajo(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entrada) => {
    const ruta = join(dir, entrada.name);
    if (entrada.isDirectory()) return archivosBajo(ruta);
    return entrada.isFile() ? [relative(SRC, ruta).split(sep).join('/')] : [];
  });
}

const esCodigo = (ruta: string): boolean => /\.[cm]?[jt]sx?$/.test(ruta);
const esPrueba = (ruta: string): boolean => /\.(test|spec)\.[cm]?[jt]sx?$/.test(ruta);

describe('the import detector', () => {
  test.each([
    ["import { readFile } from 'node:fs';"],
    ['import fs from "node:fs";'],
    ["import * as fs from 'node:fs';"],
    ["import fs, { readFile } from 'node:fs';"],
    ["import type { Stats } from 'node:fs';"],
    ["import {\n  readFile,\n  type Stats,\n} from 'node:fs';"],
    ["export { readFile } from 'node:fs';"],
    ["export type { Stats } from 'node:fs';"],
    ["export * from 'node:fs';"],
    ["export * as fs from 'node:fs';"],
    ["import 'node:fs';"],
    ["const fs = await import('node:fs');"],
    ['const fs = await import(`node:fs`);'],
    ["const fs = await import ( 'node:fs', { with: {} } );"],
    ["const fs = require('node:fs');"],
    ["import fs = require('node:fs');"],
  ])('finds node:fs in %j and refuses it', (fuente) => {
    expect(importacionesDe(fuente).map((i) => i.especificador)).toContain('node:fs');
    expect(violacionesDe('valores/email.ts', fuente)).toHaveLength(1);
  });

  test.each([
    ['const m = await import(nombre);'],
    ['const m = require(nombre);'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, on purpose
    ['const m = await import(`node:${nombre}`);'],
    ['/// <reference types="node" />'],
    ["import { x } from '../../../api/src/x.ts';"],
    ["import fc from 'fast-check';"],
    ["import { ok } from 'neverthrow/dist/index.js';"],
  ])('refuses %j outside src/testing', (fuente) => {
    expect(violacionesDe('valores/email.ts', fuente)).toHaveLength(1);
  });

  test('allows relative imports within src, neverthrow, and fast-check only under src/testing', () => {
    const fuente = [
      "import { err, ok, type Result } from 'neverthrow';",
      "import type { Marca } from '../compartido/marca.ts';",
      "import { Cantidad } from './cantidad.ts';",
      "export * from './valores/id.ts';",
    ].join('\n');
    expect(importacionesDe(fuente)).toHaveLength(4);
    expect(violacionesDe('valores/dinero.ts', fuente)).toStrictEqual([]);
    expect(violacionesDe('testing/index.ts', "import fc from 'fast-check';")).toStrictEqual([]);
    expect(violacionesDe('producto/producto.ts', "import fc from 'fast-check';")).toHaveLength(1);
  });
});

describe('the domain is pure', () => {
  const archivos = archivosBajo(SRC).filter((ruta) => esCodigo(ruta) && !esPrueba(ruta));

  test('the walk reaches every part of src', () => {
    expect(archivos).toEqual(
      expect.arrayContaining([
        'index.ts',
        'cliente/cliente.ts',
        'producto/producto.ts',
        'valores/email.ts',
        'compartido/marca.ts',
        'testing/index.ts',
      ]),
    );
    const cliente = readFileSync(join(SRC, 'cliente', 'cliente.ts'), 'utf8');
    expect(importacionesDe(cliente).map((i) => i.especificador)).toEqual(
      expect.arrayContaining(['neverthrow', '../valores/email.js']),
    );
  });

  test('every import in src is relative or neverthrow (or fast-check under src/testing)', () => {
    const violaciones = archivos.flatMap((ruta) => violacionesDe(ruta, readFileSync(join(SRC, ruta), 'utf8')));
    expect(violaciones).toStrictEqual([]);
  });

  test('the package depends on neverthrow alone', () => {
    const manifiesto: unknown = JSON.parse(readFileSync(join(RAIZ_DEL_PAQUETE, 'package.json'), 'utf8'));
    const campo = (nombre: string): unknown =>
      typeof manifiesto === 'object' && manifiesto !== null
        ? Object.getOwnPropertyDescriptor(manifiesto, nombre)?.value
        : undefined;
    const nombresEn = (seccion: unknown): string[] => {
      if (Array.isArray(seccion)) return seccion.map(String);
      return typeof seccion === 'object' && seccion !== null ? Object.keys(seccion) : [];
    };
    // neverthrow is a peer, so that a consumer's own Results and the domain's are one type.
    expect(nombresEn(campo('dependencies'))).toStrictEqual([]);
    expect(nombresEn(campo('optionalDependencies'))).toStrictEqual([]);
    expect(nombresEn(campo('bundleDependencies'))).toStrictEqual([]);
    expect(nombresEn(campo('bundledDependencies'))).toStrictEqual([]);
    // fast-check serves src/testing only: a peer, and optional, so a consumer who does not use it need not install it.
    expect(nombresEn(campo('peerDependencies')).sort()).toStrictEqual(['fast-check', 'neverthrow']);
    expect(campo('peerDependenciesMeta')).toStrictEqual({ 'fast-check': { optional: true } });
  });
});
