/**
 * How an event reaches the service's own consumers (decision 0025), however
 * it travelled: each delivery runs the consumer's effect in the inbox's
 * transaction (`procesarUnaVez`, or `procesarCadaUnaVez` for a batch fed in
 * process), so that a repeated one has none.
 *
 * Without `RABBITMQ_URL` the outbox's relay hands each event to
 * `alimentacionEnProceso` instead of a broker: in the order of its subject,
 * after its commit, again after a failure (with the relay's backoff, then
 * parked), exactly as the broker's consumers get it.
 */
import {
  type Consulta,
  type Entrega,
  type EventoPorPublicar,
  esFaltaDeConexion,
  procesarCadaUnaVez,
  procesarUnaVez,
} from '@pedidos/persistence';
import { type CloudEvent, cloudEvent } from './cloudevents.ts';
import type { Consumidor } from './consumidores.ts';

/** What the consumers tell whoever runs them (the service logs and counts it). */
export type AvisosDeConsumo = {
  /** A delivery ended: its effect committed, or it had been processed before. `retrasoSegundos`: since the event occurred. */
  readonly entregada?: (consumidor: string, evento: CloudEvent, entrega: Entrega, retrasoSegundos: number) => void;
  /** The effect threw, and rolled back: the event comes again. */
  readonly fallida?: (consumidor: string, evento: CloudEvent, error: unknown) => void;
};

/** Tells of a delivery that ended, with its delay since the event occurred. */
function avisarEntregada(avisos: AvisosDeConsumo, consumidor: Consumidor, evento: CloudEvent, entrega: Entrega): void {
  avisos.entregada?.(consumidor.nombre, evento, entrega, Math.max(0, (Date.now() - Date.parse(evento.time)) / 1000));
}

/** One delivery of `evento` to `consumidor`, with its inbox. */
export async function entregar(
  sql: Consulta,
  consumidor: Consumidor,
  evento: CloudEvent,
  avisos: AvisosDeConsumo = {},
): Promise<Entrega> {
  try {
    const entrega = await procesarUnaVez(sql, consumidor.nombre, evento.id, (tx) => consumidor.manejar(tx, evento));
    avisarEntregada(avisos, consumidor, evento, entrega);
    return entrega;
  } catch (error) {
    avisos.fallida?.(consumidor.nombre, evento, error);
    throw error;
  }
}

type Pendiente = {
  readonly evento: CloudEvent;
  readonly resolver: (entrega: Entrega) => void;
  readonly rechazar: (error: unknown) => void;
};

/**
 * Deliveries to `consumidor`, those asked for in the same turn of the event
 * loop made together, up to its `concurrencia`, in one transaction
 * (`procesarCadaUnaVez`): the relay hands over the first event of every
 * aggregate it claimed at once, so under load a batch is a round of the
 * relay's. Only for a consumer whose effects do not depend on order
 * (`concurrencia` above 1); one at a time otherwise. A batch that fails is
 * delivered again event by event, so that only the event at fault fails (and
 * is retried, then parked, by the relay), and each delivery is told and
 * counted as a delivery on its own would be.
 */
function entregasEnLotes(
  sql: Consulta,
  consumidor: Consumidor,
  avisos: AvisosDeConsumo,
): (evento: CloudEvent) => Promise<Entrega> {
  const maximo = consumidor.concurrencia ?? 1;
  if (maximo <= 1) return (evento) => entregar(sql, consumidor, evento, avisos);
  let pendientes: Pendiente[] = [];
  const sola = (p: Pendiente) => entregar(sql, consumidor, p.evento, avisos).then(p.resolver, p.rechazar);
  const lote = async (suyos: readonly Pendiente[]) => {
    if (suyos.length === 1) return sola(suyos[0] as Pendiente);
    // `procesarCadaUnaVez` hands each effect the id as it was given.
    const porId = new Map(suyos.map((p) => [p.evento.id, p.evento]));
    let entregas: Entrega[];
    try {
      entregas = await procesarCadaUnaVez(
        sql,
        consumidor.nombre,
        suyos.map((p) => p.evento.id),
        (tx, id) => consumidor.manejar(tx, porId.get(id) as CloudEvent),
      );
    } catch (error) {
      // The database away: each alone would only wait for it too. The relay tries them again.
      if (esFaltaDeConexion(error)) {
        for (const p of suyos) {
          avisos.fallida?.(consumidor.nombre, p.evento, error);
          p.rechazar(error);
        }
        return;
      }
      for (const p of suyos) sola(p);
      return;
    }
    suyos.forEach((p, i) => {
      const entrega = entregas[i] ?? 'repetida';
      avisarEntregada(avisos, consumidor, p.evento, entrega);
      p.resolver(entrega);
    });
  };
  const vaciar = () => {
    const todos = pendientes;
    pendientes = [];
    for (let i = 0; i < todos.length; i += maximo) {
      const suyos = todos.slice(i, i + maximo);
      // Only a notice's own throw gets here; an answered delivery ignores it.
      lote(suyos).catch((error: unknown) => {
        for (const p of suyos) p.rechazar(error);
      });
    }
  };
  return (evento) =>
    new Promise<Entrega>((resolver, rechazar) => {
      if (pendientes.length === 0) setImmediate(vaciar);
      pendientes.push({ evento, resolver, rechazar });
    });
}

/**
 * The relay's publisher when there is no broker: the event goes to every
 * consumer that wants its type, one after the other (in batches of the
 * relay's round, for a consumer that allows it: `entregasEnLotes`). One failing makes the
 * publish fail, and the relay brings the event again later; the consumers
 * that had it then find it in their inbox.
 */
export function alimentacionEnProceso(
  sql: Consulta,
  consumidores: readonly Consumidor[],
  avisos: AvisosDeConsumo = {},
): (evento: EventoPorPublicar) => Promise<void> {
  const entregas = consumidores.map((consumidor) => ({
    tipos: consumidor.tipos,
    entregar: entregasEnLotes(sql, consumidor, avisos),
  }));
  return async (porPublicar) => {
    const evento = cloudEvent(porPublicar);
    for (const consumidor of entregas) {
      if (consumidor.tipos.includes(evento.type)) await consumidor.entregar(evento);
    }
  };
}
