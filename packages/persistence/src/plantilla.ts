import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codigoDeError } from './errores.ts';
import { leerMigraciones } from './migraciones.ts';

/**
 * A new embedded database spent seconds in PGlite's initdb. `pnpm build` pays
 * that once: it makes a database in a directory of its own, applies the
 * migrations and keeps the directory here, and a new database is a copy of it
 * (docs/decisions/0031). The same URL holds from `src/` and from `dist/`.
 */
export const PLANTILLAS = new URL('../dist/plantillas/', import.meta.url);

/** Bumped when what a template holds changes other than through PGlite or the migrations. */
const FORMATO = 1;

/** Written last into a copy: a directory without it is a copy cut short, copied again. */
const VERSION = 'PG_VERSION';

/**
 * What a template was made from: PGlite's version (the format of its data
 * directory) and every migration's name and text. A template is used only by
 * the code it was made for; one left by an earlier build is never used.
 */
async function claveDePlantilla(): Promise<string> {
  const requerir = createRequire(import.meta.url);
  const paquete = join(dirname(requerir.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(await readFile(paquete, 'utf8')) as { version: string };
  const hash = createHash('sha256').update(`formato ${FORMATO}\0pglite ${version}\0`);
  for (const m of await leerMigraciones()) hash.update(`${m.nombre}\0${m.sql}\0`);
  return hash.digest('hex').slice(0, 32);
}

/** The directory of the template for this code under `plantillas`. */
async function directorioDePlantilla(plantillas: URL): Promise<string> {
  return join(fileURLToPath(plantillas), await claveDePlantilla());
}

/**
 * Copies the template for this code into `destino` if it holds no database
 * yet (no `PG_VERSION`); `false` when it holds one, or when there is no
 * template, which leaves the database to initdb. `PG_VERSION` goes last, so that a copy cut short (the process
 * killed) is not taken for a database: the next start copies again. A
 * template removed while it is copied (a build under way) leaves no file
 * behind, and `false`.
 */
export async function copiarPlantilla(plantillas: URL, destino: string): Promise<boolean> {
  if (
    await access(join(destino, VERSION)).then(
      () => true,
      () => false,
    )
  ) {
    return false;
  }
  const origen = await directorioDePlantilla(plantillas);
  const copiados: string[] = [];
  try {
    const { directorios, archivos } = await leerArbol(origen);
    await Promise.all(directorios.map((d) => mkdir(join(destino, d), { recursive: true })));
    // All at once: each copy is a system call on libuv's pool (fs.cp, one at a time, took 8 times as long).
    const copiar = async (archivo: string) => {
      await copyFile(join(origen, archivo), join(destino, archivo));
      copiados.push(archivo);
    };
    await Promise.all(archivos.filter((a) => a !== VERSION).map(copiar));
    await copiar(VERSION);
    return true;
  } catch (error) {
    await Promise.all(copiados.map((a) => rm(join(destino, a), { force: true })));
    if (codigoDeError(error) === 'ENOENT') return false;
    throw error;
  }
}

async function leerArbol(raiz: string): Promise<{ directorios: string[]; archivos: string[] }> {
  const entradas = await readdir(raiz, { recursive: true, withFileTypes: true });
  const ruta = (e: (typeof entradas)[number]) => relative(raiz, join(e.parentPath, e.name));
  return {
    directorios: entradas.filter((e) => e.isDirectory()).map(ruta),
    archivos: entradas.filter((e) => e.isFile()).map(ruta),
  };
}

/**
 * Makes the template for this code under `plantillas`: `crear` makes and
 * migrates a database in the directory it is given, and closes it. Made
 * aside and renamed into place, so that a reader finds the whole template or
 * none; one already there (the same key, the same content) is kept. Returns
 * its directory.
 */
export async function hacerPlantilla(plantillas: URL, crear: (directorio: string) => Promise<void>): Promise<string> {
  const destino = await directorioDePlantilla(plantillas);
  const provisional = `${destino}.${process.pid}.tmp`;
  await rm(provisional, { recursive: true, force: true });
  await mkdir(provisional, { recursive: true });
  try {
    await crear(provisional);
    await rename(provisional, destino).catch((error: unknown) => {
      const codigo = codigoDeError(error);
      if (codigo !== 'ENOTEMPTY' && codigo !== 'EEXIST') throw error;
    });
  } finally {
    await rm(provisional, { recursive: true, force: true });
  }
  return destino;
}
