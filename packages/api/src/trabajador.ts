/**
 * A worker (`pnpm worker`; decision 0025): the service's work in the
 * background, without its API. It relays the outbox and runs the consumers
 * (whatever `CONSUMIDORES` says: that is what it is for), so that the API's
 * processes can run with `CONSUMIDORES=off` and the consumers can be
 * scaled apart from them.
 *
 * It needs a PostgreSQL server (`DATABASE_URL`): the embedded database is
 * one process's, and that process is `pnpm start`, which does all of this
 * itself. It answers `GET /health`, `GET /ready` and, with `METRICS_TOKEN`,
 * `GET /metrics` on its own port, for an orchestrator and for Prometheus.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { estadoDelOutbox } from '@pedidos/persistence';
import { Hono } from 'hono';
import type { Configuracion } from './configuracion.ts';
import { CONSUMIDORES_DEL_SERVICIO } from './eventos/del-servicio.ts';
import { iniciarFlujoDeEventos } from './eventos/flujo.ts';
import { crearMetricas } from './metricas.ts';
import { responderProblema } from './problemas.ts';
import { abrirBaseMigrada, respondeLaBaseDeDatos } from './proceso.ts';
import { metricasPorToken } from './recursos/operaciones/manejadores.ts';
import { crearRegistro, describirError, type Registro } from './registro.ts';

export type Trabajador = {
  readonly url: string;
  /** Stops consuming and relaying (each after what it has in hand), then closes the database. Safe to call twice. */
  detener(): Promise<void>;
};

/** Why a worker cannot start with these settings, if it cannot. */
export function porQueNoPuedeTrabajar(configuracion: Configuracion): string | undefined {
  if (configuracion.urlDeBaseDeDatos === undefined) {
    return 'pnpm worker necesita DATABASE_URL: la base de datos embebida es de un solo proceso, y pnpm start ya hace su trabajo';
  }
  return undefined;
}

export async function iniciarTrabajador(
  configuracion: Configuracion,
  registro: Registro = crearRegistro(configuracion.nivelDeRegistro),
): Promise<Trabajador> {
  const motivo = porQueNoPuedeTrabajar(configuracion);
  if (motivo !== undefined) throw new Error(motivo);
  const baseDeDatos = await abrirBaseMigrada(configuracion, registro);
  const consumidores = CONSUMIDORES_DEL_SERVICIO;
  const metricas = crearMetricas({
    maxConexiones: baseDeDatos.sql.options.max,
    estadoDelOutbox: () => estadoDelOutbox(baseDeDatos.sql),
    consumidores: consumidores.map((c) => c.nombre),
  });
  const flujo = iniciarFlujoDeEventos({
    baseDeDatos,
    urlDeRabbitMq: configuracion.urlDeRabbitMq,
    consumidores,
    registro,
    metricas,
  });
  const soltar = async () => {
    await flujo
      ?.detener()
      .catch((error: unknown) => registro.warn('the event stream did not stop cleanly', describirError(error)));
    await baseDeDatos.cerrar();
  };

  const app = new Hono();
  // The same answers as the API's `/health` and `/ready`, and the same wait for the database.
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) =>
    (await respondeLaBaseDeDatos(baseDeDatos))
      ? c.json({ status: 'ok' })
      : responderProblema(c, { kind: 'BaseDeDatosNoDisponible' }),
  );
  // Only by METRICS_TOKEN: a worker has no accounts to check a staff token against.
  app.use('/metrics', metricasPorToken(configuracion.tokenDeMetricas, metricas));
  app.get('/metrics', (c) => responderProblema(c, { kind: 'NoAutenticado', fichaRechazada: false }));
  const servidor = createAdaptorServer({ fetch: app.fetch }) as Server;
  servidor.listen(configuracion.puerto, configuracion.host);
  try {
    // Not waiting for the consumers' queues: with the broker away that would be for ever, and SIGTERM would find no
    // handler yet. They log when they are ready; until then the events wait in the outbox or the queues.
    await once(servidor, 'listening');
  } catch (error) {
    servidor.close();
    await soltar();
    throw error;
  }
  const { port } = servidor.address() as AddressInfo;

  let detenido: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    detener: () => {
      detenido ??= (async () => {
        servidor.closeAllConnections();
        await new Promise<void>((resolver) => servidor.close(() => resolver()));
        await soltar();
      })();
      return detenido;
    },
  };
}
