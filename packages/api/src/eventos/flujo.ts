/**
 * The event stream as one process runs it (decision 0025): the relay of the
 * outbox and the service's consumers, whichever way they are fed.
 *
 * - With `RABBITMQ_URL`: the relay publishes to the broker, in every process
 *   (any may, the claims keep them apart); the consumers, where they run,
 *   read their queues.
 * - Without it: the relay hands each event to the consumers in process. A
 *   process that runs no consumers then runs no relay either: it would mark
 *   events published that no consumer had.
 */
import { type BaseDeDatos, esFaltaDeConexion } from '@pedidos/persistence';
import type { Metricas } from '../metricas.ts';
import type { Registro } from '../registro.ts';
import type { Consumidor } from './consumidores.ts';
import { type ConsumoDeRabbitMq, consumirDeRabbitMq } from './consumo-rabbitmq.ts';
import { CONSUMIDORES_DEL_SERVICIO } from './del-servicio.ts';
import { type AvisosDeConsumo, alimentacionEnProceso } from './entrega.ts';
import { iniciarPublicacion, type Publicacion } from './publicacion.ts';
import { publicadorRabbitMq } from './rabbitmq.ts';

export type FlujoDeEventos = {
  /** After a commit in this process: the relay looks now rather than at its next poll. */
  despertar(): void;
  /** Resolves once the consumers read their queues (at once without a broker). */
  listo(): Promise<void>;
  /** Stops consuming and relaying, each after what it has in hand. Before the database closes. */
  detener(): Promise<void>;
};

export type OpcionesDelFlujo = {
  readonly baseDeDatos: BaseDeDatos;
  readonly urlDeRabbitMq: string | undefined;
  /** The consumers this process runs: none where `CONSUMIDORES=off`. */
  readonly consumidores: readonly Consumidor[];
  readonly registro: Registro;
  readonly metricas: Pick<
    Metricas,
    'contarEventosPublicados' | 'contarFalloDePublicacion' | 'contarAparcado' | 'contarEntrega'
  >;
};

/** Whether this process runs a relay at all: what `/metrics` needs to know to show the outbox's gauges. */
export const correRelay = (urlDeRabbitMq: string | undefined, consumidores: readonly Consumidor[]) =>
  urlDeRabbitMq !== undefined || consumidores.length > 0;

export function iniciarFlujoDeEventos(opciones: OpcionesDelFlujo): FlujoDeEventos | undefined {
  const { baseDeDatos, urlDeRabbitMq, consumidores, registro, metricas } = opciones;
  if (!correRelay(urlDeRabbitMq, consumidores)) return undefined;
  const avisosDeConsumo: AvisosDeConsumo = {
    entregada: (consumidor, _evento, entrega, retraso) => metricas.contarEntrega(consumidor, entrega, retraso),
    fallida: (consumidor) => metricas.contarEntrega(consumidor, 'fallida'),
  };
  const publicacion: Publicacion = iniciarPublicacion({
    baseDeDatos,
    registro,
    publicador:
      urlDeRabbitMq === undefined
        ? {
            publicar: alimentacionEnProceso(baseDeDatos.sql, consumidores, avisosDeConsumo),
            // A database that cannot be reached says nothing of the event, and parks nothing; anything else a
            // consumer throws is the event's own trouble.
            esPasajero: esFaltaDeConexion,
            cerrar: async () => {},
          }
        : // Every consumer of the service's queue is declared by the publisher, those this process does not run too.
          publicadorRabbitMq(urlDeRabbitMq, registro, CONSUMIDORES_DEL_SERVICIO),
    avisos: {
      publicados: metricas.contarEventosPublicados,
      falloAlPublicar: metricas.contarFalloDePublicacion,
      aparcado: metricas.contarAparcado,
    },
  });
  const consumo: ConsumoDeRabbitMq | undefined =
    urlDeRabbitMq === undefined || consumidores.length === 0
      ? undefined
      : consumirDeRabbitMq({
          url: urlDeRabbitMq,
          sql: baseDeDatos.sql,
          consumidores,
          registro,
          avisos: avisosDeConsumo,
        });
  return {
    despertar: publicacion.despertar,
    listo: async () => {
      await consumo?.listo();
    },
    detener: async () => {
      await Promise.all([consumo?.detener(), publicacion.detener()]);
    },
  };
}
