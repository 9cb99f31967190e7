/**
 * The counters of the rate limits (seguridad.md, "Limits"), through
 * `rate-limiter-flexible`: in Redis when the service has one, so that every
 * process on it counts together, and in the process otherwise.
 *
 * Each limit is a fixed window per key: the first request of a key opens a
 * window of `ventanaSegundos`, in which `cuota` requests are allowed; the
 * next window opens with the first request after it ends. With Redis, a
 * command that fails (Redis down, or slower than `PLAZO_DE_ORDEN_MS`) is
 * counted instead by a limiter of the process with the same policy
 * (`insuranceLimiter`): while Redis is away, each process allows the whole
 * quota by itself, and counts in Redis again when it is back.
 */
import { createHash } from 'node:crypto';
import type { Email } from '@pedidos/domain';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ConexionRedis } from './redis.ts';
import { describirError, type Registro } from './registro.ts';

/** A limit: its name in the `RateLimit` headers, how many in how long. */
export type Politica = { readonly nombre: string; readonly cuota: number; readonly ventanaSegundos: number };

/** Where a key stands after one more. */
export type Cuenta = {
  /** Whether this one was within the quota. */
  readonly permitida: boolean;
  /** How many more the window allows. */
  readonly restantes: number;
  /** Seconds until the window ends, at least 1. */
  readonly segundosHastaElFin: number;
};

export type Limitador = {
  readonly politica: Politica;
  /** Counts one more for `clave` and says whether it was within the quota. */
  contar(clave: string): Promise<Cuenta>;
  /** Forgets what was counted for `clave`: its next one opens a new window. */
  olvidar(clave: string): Promise<void>;
};

/** The default limit of every caller (`LIMITE_PETICIONES`, `LIMITE_VENTANA_SEGUNDOS`). */
export const PETICIONES_POR_OMISION = { cuota: 600, ventanaSegundos: 60 } as const;

/** The login throttle: after this many failures for one email in the window, every attempt is refused. */
export const INTENTOS_DE_ACCESO: Politica = { nombre: 'intentos', cuota: 10, ventanaSegundos: 15 * 60 };

/** The key an email's attempts count under: a digest of it, so that no email is written to Redis. */
export const claveDeEmail = (email: Email) => createHash('sha256').update(email).digest('base64url');

const segundos = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function limitador(politica: Politica, registro: Registro, redis?: ConexionRedis): Limitador {
  const opciones = { points: politica.cuota, duration: politica.ventanaSegundos };
  const enElProceso = new RateLimiterMemory({ ...opciones, keyPrefix: politica.nombre });
  const contador =
    redis === undefined
      ? enElProceso
      : new RateLimiterRedis({
          ...opciones,
          storeClient: redis.cliente,
          keyPrefix: `${redis.prefijo}:limite:${politica.nombre}`,
          // Not ready is a failure at once, counted by the process, rather than a wait.
          rejectIfRedisNotReady: true,
          insuranceLimiter: enElProceso,
        });
  return {
    politica,
    async contar(clave) {
      try {
        const cuenta = await contador.consume(clave);
        return {
          permitida: true,
          restantes: cuenta.remainingPoints,
          segundosHastaElFin: segundos(cuenta.msBeforeNext),
        };
      } catch (rechazo) {
        if (rechazo instanceof RateLimiterRes) {
          return { permitida: false, restantes: 0, segundosHastaElFin: segundos(rechazo.msBeforeNext) };
        }
        // Neither a count nor a store's failure (those go to the process's limiter): a bug. A request is
        // never refused, nor failed, for a fault of the limiter's own.
        registro.error('rate limiter failed; the request is let through', describirError(rechazo));
        return { permitida: true, restantes: politica.cuota, segundosHastaElFin: politica.ventanaSegundos };
      }
    },
    async olvidar(clave) {
      try {
        await contador.delete(clave);
      } catch (error) {
        registro.warn('rate limiter could not forget a key', describirError(error));
      }
    },
  };
}
