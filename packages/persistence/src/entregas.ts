/**
 * The inbox of the service's consumers (migration 0011; decision 0025): an
 * event's effect on a consumer happens once however often it is delivered.
 */
import type { Consulta, TransaccionSql } from './base-de-datos.ts';
import { enTransaccion } from './transacciones.ts';

/** What a delivery did: its effect, or nothing because the consumer had already processed the event. */
export type Entrega = 'procesada' | 'repetida';

/**
 * Runs `efecto` in a transaction that records (`consumidor`, `eventoId`) in
 * the inbox, unless the row is there already. Two deliveries at once: the
 * second waits on the first's row, and finds it once the first commits (or
 * takes its place if the first rolled back). A deadlock or serialization
 * failure runs the whole again, as any transaction here (`enTransaccion`).
 */
export function procesarUnaVez(
  sql: Consulta,
  consumidor: string,
  eventoId: string,
  efecto: (tx: TransaccionSql) => Promise<void>,
): Promise<Entrega> {
  return enTransaccion(sql, async (tx) => {
    const nueva = await tx`
      INSERT INTO entregas_procesadas (consumidor, evento_id) VALUES (${consumidor}, ${eventoId})
      ON CONFLICT DO NOTHING
      RETURNING 1`;
    if (nueva.length === 0) return 'repetida';
    await efecto(tx);
    return 'procesada';
  });
}

/**
 * Several deliveries to one consumer in one transaction, as `procesarUnaVez`
 * makes one: every id recorded in the inbox by one statement, then the
 * effect of each that was not there, all sent at once on the transaction's
 * connection, and one commit for them all. What each delivery did, in the
 * order of `eventoIds` (an id given twice is processed once). One effect
 * throwing rolls back every one of them; the caller then delivers each on its
 * own, so that only that one fails. The effects must not depend on one
 * another's order: they run concurrently.
 */
export function procesarCadaUnaVez(
  sql: Consulta,
  consumidor: string,
  eventoIds: readonly string[],
  efecto: (tx: TransaccionSql, eventoId: string) => Promise<void>,
): Promise<Entrega[]> {
  return enTransaccion(sql, async (tx) => {
    const filas = await tx<{ eventoId: string }[]>`
      INSERT INTO entregas_procesadas (consumidor, evento_id)
      SELECT ${consumidor}, id FROM unnest(${tx.array([...eventoIds])}::uuid[]) AS id
      ON CONFLICT DO NOTHING
      RETURNING evento_id`;
    const nuevas = new Set(filas.map((f) => f.eventoId));
    // The server gives a uuid back in lowercase, whatever case it was sent in.
    const entregas = eventoIds.map((id): Entrega => (nuevas.delete(id.toLowerCase()) ? 'procesada' : 'repetida'));
    await Promise.all(eventoIds.flatMap((id, i) => (entregas[i] === 'procesada' ? [efecto(tx, id)] : [])));
    return entregas;
  });
}

/**
 * Forgets the consumers' deliveries older than `dias`: a redelivery older
 * than that (a dead letter sent back by hand, say) would be processed again,
 * which the service's consumers bear, being written so that it changes
 * nothing (decision 0025, "Retention"). Returns how many went.
 */
export async function podarEntregas(sql: Consulta, { dias }: { readonly dias: number }): Promise<number> {
  const filas = await sql`DELETE FROM entregas_procesadas WHERE procesado_en < now() - make_interval(days => ${dias})`;
  return filas.count;
}
