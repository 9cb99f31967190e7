import type { BaseDeDatosNoDisponible } from '@pedidos/domain';
import { ok, type ResultAsync } from 'neverthrow';
import type { Sql, TransaccionSql } from './base-de-datos.ts';
import { consultar } from './errores.ts';
import { enTransaccion } from './transacciones.ts';

/** How long an answer is kept for its key. */
export const VIGENCIA_DE_CLAVE_HORAS = 24;

/** Class of the advisory locks taken on idempotency keys (the key's hash is the other half). */
const CLASE_DE_CERROJO = 7130002;

/** An answer as it is kept and replayed: status, the headers that matter, and the body as sent. */
export type RespuestaGuardada = {
  readonly status: number;
  /** Name and value pairs: a JSON object would have its keys camel-cased on the way back. */
  readonly cabeceras: readonly (readonly [string, string])[];
  readonly cuerpo: string;
};

export type ResultadoIdempotente =
  /** The request ran now; `respuesta` is its answer (kept if `guardar` said so). */
  | { readonly kind: 'Ejecutada'; readonly respuesta: RespuestaGuardada }
  /** A request with this key and the same fingerprint already ran; this is its answer. */
  | { readonly kind: 'Repetida'; readonly respuesta: RespuestaGuardada }
  /** The key was used for a different request. */
  | { readonly kind: 'ClaveReutilizada' }
  /** A request with this key is running right now. */
  | { readonly kind: 'ClaveEnCurso' };

export type Trabajo = (tx: TransaccionSql) => Promise<{
  readonly respuesta: RespuestaGuardada;
  /** Whether the answer is final and must be replayed; a failure to be retried (a 5xx) is not. */
  readonly guardar: boolean;
}>;

type FilaClave = { huella: string; status: number; cabeceras: [string, string][]; cuerpo: string };

/**
 * Runs `trabajo` at most once per idempotency key of `dueno` (the caller's
 * account, or '' for none: keys of two callers never meet), in one transaction
 * with the keeping of its answer.
 *
 * The transaction first takes a transaction-level advisory lock on the key
 * without waiting: if another request holds it, that request is still running
 * (`ClaveEnCurso`). Holding it (the lookup is pipelined behind the lock, one
 * round trip for both), a kept answer for the key is replayed when the
 * fingerprint matches (`Repetida`) and refused otherwise (`ClaveReutilizada`).
 * With no kept answer, `trabajo` runs with the same transaction (repositories
 * built on it run in savepoints where a refusal is to be kept, `ejecutar`)
 * and its answer is written before the commit:
 * the effect and its answer are committed together, or neither is. A deadlock
 * or serialization failure reruns the whole, lock included.
 */
export function conClaveDeIdempotencia(
  sql: Sql,
  dueno: string,
  clave: string,
  huella: string,
  trabajo: Trabajo,
): ResultAsync<ResultadoIdempotente, BaseDeDatosNoDisponible> {
  return consultar(async () =>
    ok(
      await enTransaccion(sql, async (tx): Promise<ResultadoIdempotente> => {
        // Sent together, answered in order: the lookup's snapshot is taken when it starts, after the lock is held,
        // so it sees the answer of whoever held the key before. Without the lock, its answer is not looked at.
        const [[cerrojo], [previa]] = await Promise.all([
          tx<{ libre: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(${CLASE_DE_CERROJO}, hashtext(${dueno} || ' ' || ${clave})) AS libre`,
          tx<FilaClave[]>`
            SELECT huella, status, cabeceras, cuerpo FROM claves_de_idempotencia
            WHERE dueno = ${dueno} AND clave = ${clave} AND caduca_en > now()`,
        ]);
        if (cerrojo?.libre !== true) return { kind: 'ClaveEnCurso' };
        if (previa !== undefined) {
          if (previa.huella !== huella) return { kind: 'ClaveReutilizada' };
          return {
            kind: 'Repetida',
            respuesta: { status: previa.status, cabeceras: previa.cabeceras, cuerpo: previa.cuerpo },
          };
        }

        const { respuesta, guardar } = await trabajo(tx);
        if (guardar) {
          await tx`
            INSERT INTO claves_de_idempotencia (dueno, clave, huella, status, cabeceras, cuerpo, creada_en, caduca_en)
            VALUES (${dueno}, ${clave}, ${huella}, ${respuesta.status}, ${tx.json(respuesta.cabeceras.map(([nombre, valor]) => [nombre, valor]))}, ${respuesta.cuerpo},
                    now(), now() + make_interval(hours => ${VIGENCIA_DE_CLAVE_HORAS}))
            ON CONFLICT (dueno, clave) DO UPDATE SET
              huella = excluded.huella, status = excluded.status, cabeceras = excluded.cabeceras,
              cuerpo = excluded.cuerpo, creada_en = excluded.creada_en, caduca_en = excluded.caduca_en`;
        }
        return { kind: 'Ejecutada', respuesta };
      }),
    ),
  );
}

/** Deletes the keys whose answers have expired; returns how many. */
export async function podarClavesCaducadas(sql: Sql): Promise<number> {
  const borradas = await sql`DELETE FROM claves_de_idempotencia WHERE caduca_en <= now()`;
  return borradas.count;
}
