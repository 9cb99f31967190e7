/**
 * What every process of the service does at its start and at its end,
 * whether it serves the API (`pnpm start`) or works in the background
 * (`pnpm worker`).
 */
import { abrirBaseDeDatos, type BaseDeDatos, migrar } from '@pedidos/persistence';
import type { Configuracion } from './configuracion.ts';
import { describirError, type Registro } from './registro.ts';

/** The database of the settings, its migrations applied; closed again if they fail. */
export async function abrirBaseMigrada(configuracion: Configuracion, registro: Registro): Promise<BaseDeDatos> {
  const baseDeDatos = await abrirBaseDeDatos({
    url: configuracion.urlDeBaseDeDatos,
    directorio: configuracion.directorioDeDatos,
  });
  try {
    const aplicadas = await migrar(baseDeDatos.sql);
    if (aplicadas.length > 0) registro.info('migrations applied', { versions: aplicadas });
    return baseDeDatos;
  } catch (error) {
    await baseDeDatos.cerrar();
    throw error;
  }
}

/** How long `/ready` waits for the database before calling it unavailable. */
const PLAZO_DE_COMPROBACION_MS = 2000;

/** Whether the database answers within `PLAZO_DE_COMPROBACION_MS`: what `/ready` says, of the API or of a worker. */
export async function respondeLaBaseDeDatos(db: BaseDeDatos): Promise<boolean> {
  let temporizador: NodeJS.Timeout | undefined;
  const plazo = new Promise<false>((resolver) => {
    temporizador = setTimeout(() => resolver(false), PLAZO_DE_COMPROBACION_MS);
  });
  const consulta = db.sql`select 1`.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([consulta, plazo]);
  } finally {
    clearTimeout(temporizador);
  }
}

/**
 * On the first SIGTERM or SIGINT: says what it is doing (`despedida`), runs
 * `detener`, and exits 0, or 1 if it failed.
 */
export function detenerAlRecibirSenal(detener: () => Promise<void>, registro: Registro, despedida: string): void {
  for (const senal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(senal, () => {
      registro.info(`${senal}: ${despedida}`);
      detener().then(
        () => {
          registro.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          registro.error('could not stop cleanly', describirError(error));
          process.exit(1);
        },
      );
    });
  }
}
