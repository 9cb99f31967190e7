/**
 * Start-up to ready on the embedded database: `pnpm start`'s compiled program with no
 * DATABASE_URL and a data directory of its own, timed from the spawn of the
 * process to the first `200` of `GET /ready`. Once on an empty directory (the
 * database made and migrated) and once again on the same directory, as a
 * newcomer's second `pnpm start` finds it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrancarServicio, hastaQueResponda } from './servicio.ts';

export type Arranque = { readonly primeraVezMs: number; readonly otraVezMs: number };

async function unArranque(directorio: string): Promise<number> {
  const inicio = performance.now();
  // As the README's `pnpm start` runs: none of the bench's own account or key (empty is unset).
  const comoElReadme = { DATA_DIR: directorio, ADMIN_EMAIL: '', ADMIN_PASSWORD: '', JWT_SECRETO: '' };
  const servicio = await arrancarServicio(undefined, comoElReadme, { sinFicha: true });
  try {
    await hastaQueResponda(servicio.url, '/ready', servicio.hijo);
    return performance.now() - inicio;
  } finally {
    await servicio.detener();
  }
}

export async function medirArranque(): Promise<Arranque> {
  const directorio = await mkdtemp(join(tmpdir(), 'pedidos-arranque-'));
  try {
    const primeraVezMs = await unArranque(directorio);
    const otraVezMs = await unArranque(directorio);
    return { primeraVezMs, otraVezMs };
  } finally {
    await rm(directorio, { recursive: true, force: true });
  }
}
