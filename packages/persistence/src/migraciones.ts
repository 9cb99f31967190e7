import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from './base-de-datos.ts';

const DIRECTORIO = new URL('../migrations/', import.meta.url);
/** Any constant shared by every process of this service; see docs/persistence.md. */
const CLAVE_DEL_CANDADO = 7_130_001;

export type Migracion = { readonly version: number; readonly nombre: string; readonly sql: string };

/** The numbered SQL files of `migrations/`, in order. */
export async function leerMigraciones(): Promise<readonly Migracion[]> {
  const archivos = (await readdir(DIRECTORIO)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  return Promise.all(
    archivos.map(async (nombre) => ({
      version: Number(nombre.slice(0, 4)),
      nombre,
      sql: await readFile(new URL(nombre, DIRECTORIO), 'utf8'),
    })),
  );
}

/**
 * Applies every migration not yet applied, all in one transaction, under an
 * advisory lock: two processes starting together apply each migration once, and
 * a failed migration leaves the database as it was. Returns the versions applied.
 */
export async function migrar(sql: Sql): Promise<readonly number[]> {
  const migraciones = await leerMigraciones();
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${CLAVE_DEL_CANDADO})`;
    await tx`
      CREATE TABLE IF NOT EXISTS migraciones (
        version    integer PRIMARY KEY,
        nombre     text NOT NULL,
        aplicada_en timestamptz NOT NULL DEFAULT now()
      )`;
    const aplicadas = new Set((await tx<{ version: number }[]>`SELECT version FROM migraciones`).map((f) => f.version));
    const pendientes = migraciones.filter((m) => !aplicadas.has(m.version));
    for (const m of pendientes) {
      await tx.unsafe(m.sql);
      await tx`INSERT INTO migraciones (version, nombre) VALUES (${m.version}, ${m.nombre})`;
    }
    return pendientes.map((m) => m.version);
  });
}
