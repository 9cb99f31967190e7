/**
 * How an event reaches the service's own consumers (decision 0025), however
 * it travelled: each delivery runs the consumer's effect in the inbox's
 * transaction (`procesarUnaVez`), so that a repeated one has none.
 *
 * Without `RABBITMQ_URL` the outbox's relay hands each event to
 * `alimentacionEnProceso` instead of a broker: in the order of its subject,
 * after its commit, again after a failure (with the relay's backoff, then
 * parked), exactly as the broker's consumers get it.
 */
import { type Consulta, type Entrega, type EventoPorPublicar, procesarUnaVez } from '@pedidos/persistence';
import { type CloudEvent, cloudEvent } from './cloudevents.ts';
import type { Consumidor } from './consumidores.ts';

/** What the consumers tell whoever runs them (the service logs and counts it). */
export type AvisosDeConsumo = {
  /** A delivery ended: its effect committed, or it had been processed before. `retrasoSegundos`: since the event occurred. */
  readonly entregada?: (consumidor: string, evento: CloudEvent, entrega: Entrega, retrasoSegundos: number) => void;
  /** The effect threw, and rolled back: the event comes again. */
  readonly fallida?: (consumidor: string, evento: CloudEvent, error: unknown) => void;
};

/** One delivery of `evento` to `consumidor`, with its inbox. */
export async function entregar(
  sql: Consulta,
  consumidor: Consumidor,
  evento: CloudEvent,
  avisos: AvisosDeConsumo = {},
): Promise<Entrega> {
  try {
    const entrega = await procesarUnaVez(sql, consumidor.nombre, evento.id, (tx) => consumidor.manejar(tx, evento));
    avisos.entregada?.(consumidor.nombre, evento, entrega, Math.max(0, (Date.now() - Date.parse(evento.time)) / 1000));
    return entrega;
  } catch (error) {
    avisos.fallida?.(consumidor.nombre, evento, error);
    throw error;
  }
}

/**
 * The relay's publisher when there is no broker: the event goes to every
 * consumer that wants its type, one after the other. One failing makes the
 * publish fail, and the relay brings the event again later; the consumers
 * that had it then find it in their inbox.
 */
export function alimentacionEnProceso(
  sql: Consulta,
  consumidores: readonly Consumidor[],
  avisos: AvisosDeConsumo = {},
): (evento: EventoPorPublicar) => Promise<void> {
  return async (porPublicar) => {
    const evento = cloudEvent(porPublicar);
    for (const consumidor of consumidores) {
      if (consumidor.tipos.includes(evento.type)) await entregar(sql, consumidor, evento, avisos);
    }
  };
}
