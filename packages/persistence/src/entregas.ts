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

/** A uuid as PostgreSQL gives it back: what the inbox's answer is matched against. */
const UUID_CANONICO = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Several deliveries to one consumer in one transaction, as `procesarUnaVez`
 * makes one: every id recorded in the inbox by one statement, then the
 * effect of each that was not there, one after another (an effect may use
 * savepoints, which must not interleave with another's), and one commit for
 * them all. What each delivery did, in the order of `eventoIds` (an id given
 * twice is processed once). One effect throwing rolls back every one of them;
 * the caller then delivers each on its own, so that only that one fails. Ids
 * must be uuids in their canonical form (any case), as the outbox's are.
 */
export function procesarCadaUnaVez(
  sql: Consulta,
  consumidor: string,
  eventoIds: readonly string[],
  efecto: (tx: TransaccionSql, eventoId: string) => Promise<void>,
): Promise<Entrega[]> {
  const ajeno = eventoIds.find((id) => !UUID_CANONICO.test(id));
  if (ajeno !== undefined) return Promise.reject(new Error(`not a canonical uuid: ${ajeno}`));
  return enTransaccion(sql, async (tx) => {
    const filas = await tx<{ eventoId: string }[]>`
      INSERT INTO entregas_procesadas (consumidor, evento_id)
      SELECT ${consumidor}, id FROM unnest(${tx.array([...eventoIds])}::uuid[]) AS id
      ON CONFLICT DO NOTHING
      RETURNING evento_id`;
    const nuevas = new Set(filas.map((f) => f.eventoId));
    // The server gives a uuid back in lowercase, whatever case it was sent in.
    const entregas = eventoIds.map((id): Entrega => (nuevas.delete(id.toLowerCase()) ? 'procesada' : 'repetida'));
    for (const [i, id] of eventoIds.entries()) if (entregas[i] === 'procesada') await efecto(tx, id);
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
