/**
 * `pnpm start`: runs the service with the settings of the environment (see
 * `configuracion.ts`) until SIGTERM or SIGINT, then shuts down gracefully.
 */
import { setFlagsFromString } from 'node:v8';
import { leerConfiguracion } from './configuracion.ts';
import { abrirBaseMigrada, detenerAlRecibirSenal } from './proceso.ts';
import { crearRegistro, describirError, legible } from './registro.ts';

const configuracion = leerConfiguracion(process.env, process.stdout.isTTY === true);
if (configuracion.isErr()) {
  console.error(`Configuración no válida:\n  ${configuracion.error.join('\n  ')}`);
  process.exit(1);
}
const config = configuracion.value;
// The embedded database's WebAssembly compiled by V8's baseline compiler alone, before PGlite is loaded: its start
// no longer waits on optimizing compilations that two cores cannot afford, 0.4 s of 2.2 (decision 0033). A server
// runs no WebAssembly here.
if (config.urlDeBaseDeDatos === undefined) setFlagsFromString('--liftoff-only');
const registro = crearRegistro(config.nivelDeRegistro, config.formatoDeRegistro === 'pretty' ? legible() : undefined);

// The database opens while the rest of the service loads: the embedded one spends most of its start compiling
// its WebAssembly off this thread and reading its files, time the loading of the HTTP layer fills (performance.md).
const abriendo = abrirBaseMigrada(config, registro);
// Its failure is reported below, once awaited; not as unhandled while the modules load.
abriendo.catch(() => {});
let entregada = false;
try {
  const { iniciarServicio } = await import('./servicio.ts');
  entregada = true;
  // From here `iniciarServicio` closes the database if it cannot start.
  const servicio = await iniciarServicio(config, registro, abriendo);
  const base =
    config.urlDeBaseDeDatos === undefined
      ? `embedded PostgreSQL (PGlite) in ${config.directorioDeDatos}`
      : 'PostgreSQL at DATABASE_URL';
  registro.info(`pedidos listening on ${servicio.url} — docs at ${servicio.url}/docs — database: ${base}`, {
    port: servicio.puerto,
  });

  detenerAlRecibirSenal(() => servicio.detener(), registro, 'finishing requests in flight and closing the database');
} catch (error) {
  registro.error('could not start', describirError(error));
  if (!entregada) await abriendo.then((base) => base.cerrar()).catch(() => {});
  process.exit(1);
}
