/**
 * The service's consumers fed from RabbitMQ (`RABBITMQ_URL`; decision 0025).
 * Each consumer has its own durable quorum queue, `pedidos.<nombre>`, bound
 * to `pedidos.eventos` with the types it wants, and declared with its
 * dead-letter queue at every (re)connection, so that a broker that lost them
 * gets them back:
 *
 * - a message is acknowledged only after its effect committed (with its
 *   inbox row), so a process that dies mid-way leaves it to be delivered
 *   again, and that delivery finds the inbox row if the commit happened;
 * - a message that is not a CloudEvent of the stream, or whose consumer
 *   finds it `EventoInaceptable`, is dead-lettered at once: retrying cannot
 *   mend it;
 * - while the database cannot be reached, the message is kept, unacknowledged,
 *   and its effect tried again after a pause that grows up to 30 s, until
 *   the database answers or the consumers stop: an outage, however long,
 *   counts no delivery against the limit and sends nothing to the dead
 *   letters (the queue waits, as every event would fail alike);
 * - any other failure returns the message to the queue at once, and after
 *   `LIMITE_DE_ENTREGAS` deliveries the broker dead-letters it: to
 *   `pedidos.eventos.muertos`, routed to `pedidos.<nombre>.muertos`. Nothing
 *   sleeps on such a message, so one bad event holds its queue back for ten
 *   quick deliveries, not minutes;
 * - one message at a time per queue and process (`concurrency: 1`) unless
 *   the consumer says its effects commute (`concurrencia`): one process
 *   sees a subject's events in order until a failure, after which
 *   a returned message comes back behind those sent ahead of it. Several
 *   processes compete for a queue's messages and keep no order across them.
 *   The consumers are written so that order does not matter (consumidores.ts).
 */

import { z } from '@hono/zod-openapi';
import { type Consulta, esFaltaDeConexion } from '@pedidos/persistence';
import { Connection, type Consumer, ConsumerStatus } from 'rabbitmq-client';
import { describirError, type Registro } from '../registro.ts';
import { type CloudEvent, ORIGEN } from './cloudevents.ts';
import { type Consumidor, EventoInaceptable } from './consumidores.ts';
import { type AvisosDeConsumo, entregar } from './entrega.ts';
import {
  colaDe,
  DECLARACION_DEL_INTERCAMBIO,
  declaracionDeLaCola,
  enlacesDeLaCola,
  LIMITE_DE_ENTREGAS,
  topologia,
} from './topologia.ts';

/** The pause before the n-th try of an effect while the database cannot be reached: 0.5 s, 1 s, 2 s… up to 30 s. */
export const pausaSinBaseDeDatos = (intento: number) => Math.min(30_000, 500 * 2 ** Math.max(0, intento - 1));

/**
 * The envelope's members a consumer relies on (eventos.md); `data` is each
 * consumer's to check. Laxer than the published document's schemas
 * (esquemas.ts) on purpose: during a rolling upgrade a newer process may add
 * a field, which must not send its events to the dead letters here.
 */
const Sobre = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.literal(ORIGEN),
  type: z.string().regex(/^pedidos\.(pedido|producto|cliente)\.[a-z_]+$/),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  agregado: z.enum(['pedido', 'producto', 'cliente']),
  secuencia: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
});

/** The CloudEvent a message's body carries, or undefined when it carries none: a message for the dead letters. */
export function leerMensaje(body: unknown): CloudEvent | undefined {
  // rabbitmq-client hands over a Buffer for our content type, a string or a value for others.
  const texto = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  let cuerpo: unknown = texto;
  if (typeof texto === 'string') {
    try {
      cuerpo = JSON.parse(texto);
    } catch {
      return undefined;
    }
  }
  const sobre = Sobre.safeParse(cuerpo);
  return sobre.success ? sobre.data : undefined;
}

export type ConsumoDeRabbitMq = {
  /** Resolves once every consumer's queue is declared and consumed from: for tests, and a worker's log. */
  listo(): Promise<void>;
  /** Stops taking messages, lets the one in flight of each queue finish (and be acknowledged), closes the connection. */
  detener(): Promise<void>;
};

export type OpcionesDeConsumo = {
  readonly url: string;
  readonly sql: Consulta;
  readonly consumidores: readonly Consumidor[];
  readonly registro: Registro;
  readonly avisos?: AvisosDeConsumo;
  /** The pause before the n-th try while the database cannot be reached; `pausaSinBaseDeDatos` when not given. */
  readonly pausa?: (intento: number) => number;
  /** Messages the broker sends ahead to each queue's consumer. */
  readonly prefetch?: number;
};

export function consumirDeRabbitMq(opciones: OpcionesDeConsumo): ConsumoDeRabbitMq {
  const { sql, consumidores, registro, avisos = {}, pausa = pausaSinBaseDeDatos } = opciones;
  const conexion = new Connection({
    url: opciones.url,
    connectionName: 'pedidos: consumidores',
    connectionTimeout: 5000,
    retryLow: 250,
    retryHigh: 10_000,
  });
  conexion.on('error', (error) => registro.warn('RabbitMQ connection error (consumers)', describirError(error)));

  /**
   * The whole topology, the dead-letter queues (which nobody consumes from)
   * with it; `createConsumer` declares each consumer's own queue again
   * before consuming from it.
   */
  const declararTopologia = async () => {
    const { exchanges, queues, queueBindings } = topologia(consumidores);
    for (const intercambio of exchanges) await conexion.exchangeDeclare(intercambio);
    for (const cola of queues) await conexion.queueDeclare(cola);
    for (const enlace of queueBindings) await conexion.queueBind(enlace);
  };
  let declarada = Promise.resolve();
  conexion.on('connection', () => {
    declarada = declararTopologia().catch((error: unknown) =>
      registro.warn("could not declare the consumers' topology", describirError(error)),
    );
  });

  /** Waits, unless the consumers stop: then the message goes back at once. */
  let detenido = false;
  const esperas = new Set<() => void>();
  const dormir = (ms: number) =>
    new Promise<void>((resolver) => {
      const fin = () => {
        clearTimeout(t);
        esperas.delete(fin);
        resolver();
      };
      const t = setTimeout(fin, ms);
      esperas.add(fin);
    });

  const deCadaUno: Consumer[] = consumidores.map((consumidor) => {
    const cola = colaDe(consumidor);
    const deEste = conexion.createConsumer(
      {
        queue: cola,
        queueOptions: declaracionDeLaCola(consumidor),
        qos: { prefetchCount: Math.max(opciones.prefetch ?? 20, 2 * (consumidor.concurrencia ?? 1)) },
        concurrency: consumidor.concurrencia ?? 1,
        exchanges: [DECLARACION_DEL_INTERCAMBIO],
        queueBindings: enlacesDeLaCola(consumidor),
      },
      async (mensaje) => {
        const evento = leerMensaje(mensaje.body);
        if (evento === undefined || !consumidor.tipos.includes(evento.type)) {
          registro.warn('a message that is not an event this consumer takes: dead-lettered', {
            consumer: consumidor.nombre,
            message_id: mensaje.messageId,
            routing_key: mensaje.routingKey,
          });
          return ConsumerStatus.DROP;
        }
        for (let intento = 1; ; intento++) {
          try {
            await entregar(sql, consumidor, evento, avisos);
            return ConsumerStatus.ACK;
          } catch (error) {
            const describir = {
              consumer: consumidor.nombre,
              event_id: evento.id,
              type: evento.type,
              ...describirError(error),
            };
            if (error instanceof EventoInaceptable) {
              registro.error('a consumer cannot accept an event: dead-lettered', describir);
              return ConsumerStatus.DROP;
            }
            if (esFaltaDeConexion(error) && !detenido) {
              registro.warn('the database cannot be reached; the event waits for it', {
                ...describir,
                retry_in_ms: pausa(intento),
              });
              await dormir(pausa(intento));
              if (!detenido) continue;
            }
            registro.warn('a consumer failed on an event; it is delivered again', {
              ...describir,
              deliveries: Number(mensaje.headers?.['x-delivery-count'] ?? 0) + 1,
              dead_lettered_after: LIMITE_DE_ENTREGAS,
            });
            return ConsumerStatus.REQUEUE;
          }
        }
      },
    );
    deEste.on('error', (error) =>
      registro.warn('RabbitMQ consumer error', { consumer: consumidor.nombre, ...describirError(error) }),
    );
    return deEste;
  });

  const listo = Promise.all(
    deCadaUno.map(
      (deEste) =>
        new Promise<void>((resolver) => {
          deEste.once('ready', () => resolver());
        }),
    ),
  ).then(async () => {
    await declarada;
    registro.info('consumers ready', { queues: consumidores.map(colaDe) });
  });

  let parada: Promise<void> | undefined;
  return {
    listo: () => listo,
    detener: () => {
      parada ??= (async () => {
        detenido = true;
        for (const fin of esperas) fin();
        // Every consumer is closed, and the connection after them, even if one of them fails to close.
        await Promise.allSettled(deCadaUno.map((deEste) => deEste.close()));
        await conexion.close();
      })();
      return parada;
    },
  };
}
