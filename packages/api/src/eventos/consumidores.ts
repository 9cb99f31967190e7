/**
 * The service's own consumers of the stream (eventos.md; decision 0025): the
 * read models and reactions that learn of a change from its event, as an
 * outside consumer would, rather than from the request that made it.
 *
 * A consumer is a name, the event types it wants and the effect of one
 * event, which runs inside a transaction that also records the event's id in
 * the inbox (`entregas_procesadas`, migration 0011): a delivery of an event
 * the consumer has already processed finds its row and has no second effect,
 * and an effect that throws rolls the row back with it, so the event comes
 * again. The same consumers are fed from RabbitMQ (`RABBITMQ_URL`) or in
 * process from the outbox (the embedded default).
 */
import type { Consulta } from '@pedidos/persistence';
import type { CloudEvent } from './cloudevents.ts';

export type Consumidor = {
  /**
   * Lowercase ASCII with dashes (`ventas`): the inbox's key and, on RabbitMQ,
   * the name of its queue, `pedidos.<nombre>`. Never renamed: a new name is a
   * new consumer that receives only what is published after it first runs.
   */
  readonly nombre: string;
  /** The CloudEvent `type`s it receives: the routing keys its queue is bound with. */
  readonly tipos: readonly string[];
  /**
   * The effect of one event, in `tx`. Throwing rolls it back and has the
   * event delivered again; an event that always throws ends up
   * dead-lettered (RabbitMQ) or parked (in process). Throw
   * `EventoInaceptable` for an event that can never be accepted (its data is
   * not the shape the consumer knows): it goes to the dead letters at once.
   * A database that cannot be reached is waited for, and counts no delivery.
   * Events of one `subject` arrive in `secuencia` order, but after a
   * redelivery an older one may come again, and a later one before it: an
   * effect written so that order does not matter is the safest.
   */
  manejar(tx: Consulta, evento: CloudEvent): Promise<void>;
  /**
   * How many of its events one process may handle at once from its queue
   * (RabbitMQ), or in one transaction when fed in process (`entrega.ts`); 1
   * when not given, which keeps a subject's events in order within a
   * process. Only a consumer whose effects do not depend on order
   * (they commute, as upserts of facts do) should take more: one at a time,
   * a consumer sharing its process's event loop with the API falls behind
   * it under load (docs/performance.md).
   */
  readonly concurrencia?: number;
};

/** What a consumer throws for an event it can never accept: retrying cannot mend it. */
export class EventoInaceptable extends Error {
  override readonly name = 'EventoInaceptable';
}
