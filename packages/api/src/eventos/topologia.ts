/**
 * What the stream is made of on RabbitMQ (decisions 0024, 0025), declared
 * alike by every party: a redeclaration with other arguments is refused.
 *
 * The publisher declares the service's consumers' queues too, before its
 * first publish and at every reconnection: a message that no queue is bound
 * to is dropped by the broker, so an event published before its consumer
 * first ran (a worker started after the API, the relay's first round racing
 * the consumer's start) would never reach it.
 */
import type { Consumidor } from './consumidores.ts';

export const INTERCAMBIO = 'pedidos.eventos';
/** The exchange as every party declares it. */
export const DECLARACION_DEL_INTERCAMBIO = { exchange: INTERCAMBIO, type: 'topic', durable: true } as const;

/** Where every consumer's dead letters go, routed by the queue they died in. */
export const INTERCAMBIO_DE_MUERTOS = 'pedidos.eventos.muertos';
const DECLARACION_DE_MUERTOS = { exchange: INTERCAMBIO_DE_MUERTOS, type: 'direct', durable: true } as const;

/** Deliveries of one message before the broker dead-letters it (the quorum queue's `x-delivery-limit`). */
export const LIMITE_DE_ENTREGAS = 10;

export const colaDe = (consumidor: Consumidor) => `pedidos.${consumidor.nombre}`;
export const colaDeMuertosDe = (consumidor: Consumidor) => `${colaDe(consumidor)}.muertos`;

/** A consumer's queue: quorum (replicated, and counting deliveries, which the limit needs), its dead letters routed. */
export const declaracionDeLaCola = (consumidor: Consumidor) => ({
  queue: colaDe(consumidor),
  durable: true,
  arguments: {
    'x-queue-type': 'quorum' as const,
    'x-delivery-limit': LIMITE_DE_ENTREGAS,
    'x-dead-letter-exchange': INTERCAMBIO_DE_MUERTOS,
    'x-dead-letter-routing-key': colaDeMuertosDe(consumidor),
  },
});

/** Its bindings: one per type it takes. */
export const enlacesDeLaCola = (consumidor: Consumidor) =>
  consumidor.tipos.map((tipo) => ({ exchange: INTERCAMBIO, queue: colaDe(consumidor), routingKey: tipo }));

/** Everything the consumers need, in the shape rabbitmq-client's publishers and consumers declare it. */
export function topologia(consumidores: readonly Consumidor[]) {
  return {
    exchanges: [DECLARACION_DEL_INTERCAMBIO, DECLARACION_DE_MUERTOS],
    queues: consumidores.flatMap((consumidor) => [
      declaracionDeLaCola(consumidor),
      { queue: colaDeMuertosDe(consumidor), durable: true, arguments: { 'x-queue-type': 'quorum' as const } },
    ]),
    queueBindings: consumidores.flatMap((consumidor) => [
      ...enlacesDeLaCola(consumidor),
      { exchange: INTERCAMBIO_DE_MUERTOS, queue: colaDeMuertosDe(consumidor), routingKey: colaDeMuertosDe(consumidor) },
    ]),
  };
}
