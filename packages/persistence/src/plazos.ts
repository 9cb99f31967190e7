/**
 * The payment deadline's question to the database (eventos.md, "The payment
 * deadline"; decision 0027): which `confirmado` pedido has gone unpaid past
 * its deadline. The answer is the pedidos table itself, not a timer, so a
 * sweep after a restart finds what came due while the service was down.
 */
import { PedidoId } from '@pedidos/domain';
import type { Consulta, TransaccionSql } from './base-de-datos.ts';
import { enTransaccion } from './transacciones.ts';

/** A pedido claimed because its deadline passed: its id, and the version it had under the claim's lock. */
export type PedidoVencido = { readonly id: PedidoId; readonly version: number };

/**
 * In one short transaction: locks one `confirmado` pedido confirmed at or
 * before `confirmadoHasta` (the earliest, by the partial index of migration
 * 0013), leaving out `salvo`, and runs `trabajo` on it in the same
 * transaction, under that lock; `undefined` when there is none to claim.
 *
 * The lock is the one every change of a pedido takes (`FOR NO KEY UPDATE`),
 * with `SKIP LOCKED`: a pedido another sweeper holds, or a payment or a
 * cancel in flight, is passed over rather than waited for, and the next
 * round sees how it ended. Whatever committed before the lock is seen by it:
 * a pedido paid meanwhile no longer matches, so a payment that commits first
 * wins, and one that comes after waits for this commit and finds the pedido
 * cancelled. One pedido a transaction, so the locks are taken in the order of
 * every change (the pedido, then its productos by id) and no sweep ever holds
 * the one connection of the embedded database for long.
 *
 * A deadlock or serialization failure runs the whole again, so `trabajo` must
 * be repeatable; an error it throws rolls the claim back.
 */
export async function conPedidoVencido<T>(
  sql: Consulta,
  confirmadoHasta: Date,
  salvo: readonly string[],
  trabajo: (tx: TransaccionSql, pedido: PedidoVencido) => Promise<T>,
): Promise<{ readonly pedido: PedidoVencido; readonly resultado: T } | undefined> {
  return enTransaccion(sql, async (tx) => {
    const [fila] = await tx<{ id: string; version: number }[]>`
      SELECT id, version FROM pedidos
      WHERE estado = 'confirmado' AND confirmado_en <= ${confirmadoHasta}
        AND id <> ALL(${salvo}::uuid[])
      ORDER BY confirmado_en, id
      LIMIT 1
      FOR NO KEY UPDATE SKIP LOCKED`;
    if (fila === undefined) return undefined;
    const id = PedidoId.crear(fila.id).match(
      (valido) => valido,
      () => {
        throw new Error(`pedidos.id ${JSON.stringify(fila.id)} no es un UUID`);
      },
    );
    const pedido: PedidoVencido = { id, version: fila.version };
    return { pedido, resultado: await trabajo(tx, pedido) };
  });
}
