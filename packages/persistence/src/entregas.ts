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
 * Forgets the consumers' deliveries older than `dias`: a redelivery older
 * than that (a dead letter sent back by hand, say) would be processed again,
 * which the service's consumers bear, being written so that it changes
 * nothing (decision 0025, "Retention"). Returns how many went.
 */
export async function podarEntregas(sql: Consulta, { dias }: { readonly dias: number }): Promise<number> {
  const filas = await sql`DELETE FROM entregas_procesadas WHERE procesado_en < now() - make_interval(days => ${dias})`;
  return filas.count;
}
