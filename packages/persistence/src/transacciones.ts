import type { Consulta, TransaccionSql } from './base-de-datos.ts';
import { esConflictoPasajero } from './errores.ts';

/** How many times a transaction is tried before a deadlock reaches the caller. */
export const INTENTOS = 8;

function esperar(ms: number): Promise<void> {
  return new Promise((resolver) => setTimeout(resolver, ms));
}

/**
 * Runs `trabajo` in a transaction, and runs it again from the start when
 * PostgreSQL aborts it for a deadlock or a serialization failure, with a short
 * randomized pause that grows with each try. `trabajo` must therefore be
 * repeatable: it reads what it needs inside the transaction and decides anew.
 *
 * Given a transaction rather than a pool, `trabajo` runs in a savepoint of it
 * and is not retried: a deadlock aborts the enclosing transaction, so retrying
 * is the business of whoever began it (as `conClaveDeIdempotencia` does).
 * With `enLaQueHaya`, it runs in the enclosing transaction itself, one
 * statement fewer: for a `trabajo` whose every failure is to end the
 * enclosing transaction anyway, since no savepoint is there to go back to.
 */
export async function enTransaccion<T>(
  sql: Consulta,
  trabajo: (tx: TransaccionSql) => Promise<T>,
  { enLaQueHaya = false }: { readonly enLaQueHaya?: boolean } = {},
): Promise<T> {
  if ('savepoint' in sql) return enLaQueHaya ? trabajo(sql) : ((await sql.savepoint((tx) => trabajo(tx))) as T);
  for (let intento = 1; ; intento++) {
    try {
      return (await sql.begin((tx) => trabajo(tx))) as T;
    } catch (error) {
      if (intento >= INTENTOS || !esConflictoPasajero(error)) throw error;
      await esperar(Math.random() * 5 * 2 ** intento);
    }
  }
}

/**
 * Runs one statement that needs no transaction of its own: a single statement
 * is atomic. Given a transaction, it runs in a savepoint, so that a refused
 * statement (a duplicated email, a missing cliente) leaves the enclosing
 * transaction usable, as `enTransaccion` would.
 */
export async function enUnaSentencia<T>(sql: Consulta, trabajo: (sql: Consulta) => Promise<T>): Promise<T> {
  if ('savepoint' in sql) return (await sql.savepoint((tx) => trabajo(tx))) as T;
  return trabajo(sql);
}
