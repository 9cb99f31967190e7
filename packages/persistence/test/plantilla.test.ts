/**
 * A new embedded database in a directory is a copy of the template `pnpm
 * build` makes (docs/decisions/0031): the same schema as initdb and the
 * migrations give, with every migration applied before it was opened.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrirBaseDeDatos, type BaseDeDatos, crearPlantilla, leerMigraciones, migrar } from '../src/index.ts';

let raiz: string;
let plantillas: URL;
let plantilla: string;

beforeAll(async () => {
  raiz = await mkdtemp(join(tmpdir(), 'pedidos-plantilla-'));
  plantillas = pathToFileURL(join(raiz, 'plantillas/'));
  plantilla = await crearPlantilla(plantillas);
});

afterAll(async () => {
  await rm(raiz, { recursive: true, force: true });
});

async function conBase<T>(
  opciones: { directorio: string; plantillas: URL | false },
  uso: (db: BaseDeDatos) => Promise<T>,
): Promise<T> {
  const db = await abrirBaseDeDatos(opciones);
  try {
    return await uso(db);
  } finally {
    await db.cerrar();
  }
}

/** Every table, column, index, constraint, trigger, function and extension of the schema `public`. */
async function esquema(db: BaseDeDatos): Promise<unknown[]> {
  return Promise.all([
    db.sql`SELECT table_name, column_name, data_type, is_nullable, column_default
           FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    db.sql`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
    db.sql`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    db.sql`SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
    db.sql`SELECT proname, pg_get_functiondef(oid) AS def FROM pg_proc
           WHERE pronamespace = 'public'::regnamespace AND prokind = 'f' ORDER BY 1, 2`,
    db.sql`SELECT extname, extversion FROM pg_extension ORDER BY 1`,
  ]).then((partes) => partes.map((filas) => [...filas]));
}

async function nuevoDirectorio(): Promise<string> {
  return mkdtemp(join(raiz, 'datos-'));
}

describe('the template of a new embedded database', () => {
  it('gives the schema initdb and the migrations give, every migration applied before the database opened', async () => {
    const todas = (await leerMigraciones()).map((m) => m.version);
    const deInitdb = await conBase({ directorio: await nuevoDirectorio(), plantillas: false }, async (db) => {
      expect(await migrar(db.sql)).toEqual(todas);
      return esquema(db);
    });
    const abierta = new Date();
    const dePlantilla = await conBase({ directorio: await nuevoDirectorio(), plantillas }, async (db) => {
      expect(await migrar(db.sql)).toEqual([]);
      const aplicadas = await db.sql<{ version: number; aplicadaEn: Date }[]>`
        SELECT version, aplicada_en FROM migraciones ORDER BY version`;
      expect(aplicadas.map((m) => m.version)).toEqual(todas);
      // Applied when the template was made, not by this open: it is a copy.
      for (const m of aplicadas) expect(m.aplicadaEn.getTime()).toBeLessThan(abierta.getTime());
      return esquema(db);
    });
    expect(dePlantilla).toEqual(deInitdb);
  });

  it('is copied again over a copy cut short, one without PG_VERSION', async () => {
    const directorio = await nuevoDirectorio();
    // Part of a copy, as a killed process leaves it: a file copied, the control file cut short, no PG_VERSION.
    await copyFile(join(plantilla, 'postgresql.conf'), join(directorio, 'postgresql.conf'));
    await mkdir(join(directorio, 'global'));
    await writeFile(join(directorio, 'global', 'pg_control'), Buffer.alloc(100));
    await conBase({ directorio, plantillas }, async (db) => {
      expect(await migrar(db.sql)).toEqual([]);
      const [fila] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM migraciones`;
      expect(fila?.n).toBe((await leerMigraciones()).length);
    });
  });

  it('is not used for a directory that holds a database, whose data stays', async () => {
    const directorio = await nuevoDirectorio();
    await conBase({ directorio, plantillas }, async (db) => {
      await migrar(db.sql);
      await db.sql`CREATE TABLE propia (x int)`;
      await db.sql`INSERT INTO propia VALUES (7)`;
    });
    await conBase({ directorio, plantillas }, async (db) => {
      expect(await db.sql`SELECT x FROM propia`).toEqual([{ x: 7 }]);
    });
  });

  it('leaves a new database to initdb when there is none for this code', async () => {
    const otras = pathToFileURL(join(raiz, 'ninguna/'));
    const todas = (await leerMigraciones()).map((m) => m.version);
    const directorio = await nuevoDirectorio();
    await conBase({ directorio, plantillas: otras }, async (db) => {
      expect(await migrar(db.sql)).toEqual(todas);
    });
  });
});
