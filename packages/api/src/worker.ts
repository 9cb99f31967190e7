/**
 * `pnpm worker`: the relay and the consumers without the API (see
 * `trabajador.ts`), with the settings of the environment, until SIGTERM or
 * SIGINT.
 */
import { leerConfiguracion } from './configuracion.ts';
import { detenerAlRecibirSenal } from './proceso.ts';
import { crearRegistro, describirError, legible } from './registro.ts';
import { iniciarTrabajador, porQueNoPuedeTrabajar } from './trabajador.ts';

const configuracion = leerConfiguracion(process.env, process.stdout.isTTY === true);
if (configuracion.isErr()) {
  console.error(`Configuración no válida:\n  ${configuracion.error.join('\n  ')}`);
  process.exit(1);
}
const config = configuracion.value;
const motivo = porQueNoPuedeTrabajar(config);
if (motivo !== undefined) {
  console.error(motivo);
  process.exit(1);
}
const registro = crearRegistro(config.nivelDeRegistro, config.formatoDeRegistro === 'pretty' ? legible() : undefined);

try {
  const trabajador = await iniciarTrabajador(config, registro);
  registro.info(`pedidos worker running — health at ${trabajador.url}/health`, {
    broker: config.urlDeRabbitMq === undefined ? 'none (consumers fed from the outbox)' : 'RABBITMQ_URL',
  });
  detenerAlRecibirSenal(
    () => trabajador.detener(),
    registro,
    'finishing the deliveries in hand and closing the database',
  );
} catch (error) {
  registro.error('could not start', describirError(error));
  process.exit(1);
}
