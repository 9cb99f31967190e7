/**
 * `pnpm db:migrate`: applies pending migrations to DATABASE_URL or, without it,
 * to the embedded database under DATA_DIR (default ./.data).
 */
import { abrirBaseDeDatos } from './base-de-datos.ts';
import { migrar } from './migraciones.ts';

const url = process.env.DATABASE_URL || undefined;
const directorio = url === undefined ? (process.env.DATA_DIR ?? '.data') : undefined;
const db = await abrirBaseDeDatos({ url, directorio });
try {
  const aplicadas = await migrar(db.sql);
  const destino = url === undefined ? `embedded database in ${directorio}` : 'DATABASE_URL';
  console.log(aplicadas.length === 0 ? `${destino}: up to date` : `${destino}: applied ${aplicadas.join(', ')}`);
} finally {
  await db.cerrar();
}
