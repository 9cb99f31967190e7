import type { BaseDeDatosNoDisponible } from '@pedidos/domain';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { Consulta, TransaccionSql } from './base-de-datos.ts';
import { consultar } from './errores.ts';
import { enTransaccion } from './transacciones.ts';

/**
 * One change of one aggregate, as the runner carries it out: what to lock and
 * read, how the domain decides, and how the outcome is written.
 *
 * - `cargar` locks what the decision needs, in the one order every change
 *   follows (the pedido, then its productos by ascending id), and reads it; one
 *   statement where the aggregate allows it. An error value (not found, a
 *   stale expected version) ends the change with nothing written.
 * - `decidir` is the domain's pure decision. It closes over the instant the
 *   caller fixed before the first try, so a retry decides again with the same
 *   instant: the runner reads no clock.
 * - `escribir` stores the outcome with its events, in one statement where it
 *   can, and nothing when the outcome changes nothing.
 * - `rechazo` turns a constraint violation of the write (a duplicated email,
 *   a payment referencia already used) into the error value it means; any other
 *   error goes on.
 */
export type Comando<C, D, E> = {
  readonly cargar: (tx: TransaccionSql) => Promise<Result<C, E>>;
  readonly decidir: (cargado: C) => Result<D, E>;
  readonly escribir: (tx: TransaccionSql, decision: D) => Promise<void>;
  readonly rechazo?: (error: unknown, decision: D) => E | undefined;
};

/**
 * The one runner of every change of every aggregate (Emmett's command handler,
 * with locks): in a transaction, load under lock, decide, write, commit — or
 * write nothing and answer the decision's error. A deadlock or a serialization
 * failure runs the whole again from the load (`enTransaccion`); a lost
 * connection is `BaseDeDatosNoDisponible`.
 *
 * Given a transaction (a request under an idempotency key), the change runs
 * in a savepoint only when it has a `rechazo`: that refusal is an answer, to
 * be kept with the key in the enclosing transaction, which the savepoint
 * keeps usable. Every other failure aborts the enclosing transaction anyway,
 * and an error value writes nothing, so there it runs in the transaction
 * itself, one statement fewer.
 */
export function ejecutar<C, D, E>(
  sql: Consulta,
  comando: Comando<C, D, E>,
): ResultAsync<D, E | BaseDeDatosNoDisponible> {
  let decidido: { readonly decision: D } | undefined;
  return consultar(async (): Promise<Result<D, E>> => {
    try {
      return await enTransaccion(
        sql,
        async (tx): Promise<Result<D, E>> => {
          decidido = undefined;
          const cargado = await comando.cargar(tx);
          if (cargado.isErr()) return err(cargado.error);
          const decision = comando.decidir(cargado.value);
          if (decision.isErr()) return err(decision.error);
          decidido = { decision: decision.value };
          await comando.escribir(tx, decision.value);
          return ok(decision.value);
        },
        { enLaQueHaya: comando.rechazo === undefined },
      );
    } catch (error) {
      const rechazado = decidido === undefined ? undefined : comando.rechazo?.(error, decidido.decision);
      if (rechazado !== undefined) return err(rechazado);
      throw error;
    }
  });
}
