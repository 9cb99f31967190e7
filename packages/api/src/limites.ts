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
 * (`insuranceLimiter`), and while the connection says Redis does not answer
 * (down, or hanging: see `ConexionRedis.disponible`) it is not even asked:
 * each process allows the whole quota by itself, and counts in Redis again
 * when it is back.
 */
import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ConexionRedis } from './redis.ts';
import { describirError, type Registro } from './registro.ts';

/**
 * A limit: its name in the `RateLimit` headers, how many in how long, and,
 * if given, how long a key that goes past it stays refused (counted from
 * then, whatever is left of its window).
 */
export type Politica = {
  readonly nombre: string;
  readonly cuota: number;
  readonly ventanaSegundos: number;
  readonly bloqueoSegundos?: number;
};

/** Where a key stands after one more. */
export type Cuenta = {
  /** Whether this one was within the quota. */
  readonly permitida: boolean;
  /** How many more the window allows. */
  readonly restantes: number;
  /** Seconds until the window ends (or the key's refusal does), at least 1. */
  readonly segundosHastaElFin: number;
};

export type Limitador = {
  readonly politica: Politica;
  /** Counts one more for `clave` and says whether it was within the quota. */
  contar(clave: string): Promise<Cuenta>;
  /** Gives back one that `contar` counted for `clave`, as if it had not been made. */
  devolver(clave: string): Promise<void>;
};

/** The default limit of every caller (`LIMITE_PETICIONES`, `LIMITE_VENTANA_SEGUNDOS`). */
export const PETICIONES_POR_OMISION = { cuota: 600, ventanaSegundos: 60 } as const;

/**
 * The login throttle: after this many failures for one email in the window,
 * every attempt is refused, for a whole window from that moment.
 */
export const INTENTOS_DE_ACCESO: Politica = {
  nombre: 'intentos',
  cuota: 10,
  ventanaSegundos: 15 * 60,
  bloqueoSegundos: 15 * 60,
};

/** The value of `RateLimit-Policy` for a policy (draft-ietf-httpapi-ratelimit-headers-11). */
export const politicaComoCabecera = (politica: Politica) =>
  `"${politica.nombre}";q=${politica.cuota};w=${politica.ventanaSegundos}`;

/** The value of `RateLimit` for where a key stands in a policy. */
export const cuentaComoCabecera = (politica: Politica, cuenta: Cuenta) =>
  `"${politica.nombre}";r=${cuenta.restantes};t=${cuenta.segundosHastaElFin}`;

const segundos = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export type OpcionesDeLimitador = {
  readonly registro: Registro;
  /** Where the processes count together; without it, or while it does not answer, each counts alone. */
  readonly redis?: ConexionRedis | undefined;
  /**
   * A secret to key an HMAC of every key with, so that what is counted for (an
   * email, an address, an account) is not written as it is, nor can be found
   * by hashing guesses. The service gives the key of its tokens.
   */
  readonly secreto?: string | undefined;
};

/** The keys whose HMAC each limit keeps, the least recently counted dropped first. */
const CLAVES_OCULTAS_EN_MEMORIA = 10_000;

export function limitador(politica: Politica, { registro, redis, secreto }: OpcionesDeLimitador): Limitador {
  const opciones = {
    points: politica.cuota,
    duration: politica.ventanaSegundos,
    ...(politica.bloqueoSegundos === undefined ? {} : { blockDuration: politica.bloqueoSegundos }),
  };
  const enElProceso = new RateLimiterMemory({ ...opciones, keyPrefix: politica.nombre });
  const enRedis =
    redis === undefined
      ? undefined
      : new RateLimiterRedis({
          ...opciones,
          storeClient: redis.cliente,
          keyPrefix: `${redis.prefijo}:limite:${politica.nombre}`,
          // Not ready is a failure at once, counted by the process, rather than a wait.
          rejectIfRedisNotReady: true,
          insuranceLimiter: enElProceso,
        });
  // Redis while it answers; a Redis that hangs is not waited for on every request (see `ConexionRedis.disponible`).
  const contador = () => (enRedis !== undefined && redis?.disponible() === true ? enRedis : enElProceso);
  // The HMAC of a key, made once: every request of an account counts under the same one (1.5% of a read's CPU).
  const ocultas = new LRUCache<string, string>({ max: CLAVES_OCULTAS_EN_MEMORIA });
  const oculta = (clave: string) => {
    if (secreto === undefined) return clave;
    let oculta = ocultas.get(clave);
    if (oculta === undefined) {
      oculta = createHmac('sha256', secreto).update(clave).digest('base64url');
      ocultas.set(clave, oculta);
    }
    return oculta;
  };

  return {
    politica,
    async contar(clave) {
      try {
        const cuenta = await contador().consume(oculta(clave));
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
    async devolver(clave) {
      const guardada = oculta(clave);
      const donde = contador();
      try {
        const cuenta = await donde.reward(guardada, 1);
        // Given back where nothing was counted (the count was made by the other store, or its window has
        // ended), the key would go below zero: a credit of one more attempt. It goes back to nothing instead.
        if (cuenta.consumedPoints < 0) await donde.delete(guardada);
      } catch (error) {
        registro.warn('rate limiter could not give back a count', describirError(error));
      }
    },
  };
}
