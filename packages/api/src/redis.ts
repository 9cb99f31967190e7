/**
 * The connection to Redis (`REDIS_URL`), through `ioredis`, for what the
 * processes of one service share: the counts of the rate limits and, when it
 * is on, the catalogue's cache.
 *
 * Redis is a help, never a dependency: the service starts without it and
 * keeps answering while it is down. So commands are never queued while the
 * connection is away (`enableOfflineQueue: false`) and none waits longer than
 * `PLAZO_DE_ORDEN_MS`: each fails at once, and whoever sent it falls back (the
 * limits count in the process, the cache reads the database). A Redis that
 * keeps its connection but stops answering (hung, or its network black-holed)
 * is found by a `PING` every `INTERVALO_DE_SONDEO_MS`: once two in a row go
 * unanswered, `disponible()` is false and nobody waits on it until one is. The connection
 * is retried for ever, and the log says once when Redis goes and once when it
 * comes back.
 */
import { Redis } from 'ioredis';
import { describirError, type Registro } from './registro.ts';

/**
 * The longest a command may take before it counts as failed. Redis answers in
 * well under a millisecond; the rest is room for a busy event loop, whose
 * stalls would otherwise pass for Redis's.
 */
export const PLAZO_DE_ORDEN_MS = 500;

/** How many PINGs in a row must go unanswered before Redis is taken for gone. */
export const SONDEOS_FALLIDOS_PARA_DARLO_POR_IDO = 2;

/** How often Redis is asked whether it answers. */
export const INTERVALO_DE_SONDEO_MS = 1000;

/** The wait before each new attempt to connect: 100 ms more each time, at most 2 s. */
export const esperaDeReconexion = (intento: number) => Math.min(intento * 100, 2000);

export type ConexionRedis = {
  readonly cliente: Redis;
  /** The prefix of every key this service writes, so that services and tests can share one Redis. */
  readonly prefijo: string;
  /** Whether Redis answers now: connected, and the last PING answered in time. */
  disponible(): boolean;
  /** Waits for the commands in flight and closes the connection; the retries stop. */
  cerrar(): Promise<void>;
};

export function conectarRedis(url: string, prefijo: string, registro: Registro): ConexionRedis {
  const cliente = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: PLAZO_DE_ORDEN_MS,
    connectTimeout: 2000,
    // A command that fails is not sent again: its caller falls back instead.
    maxRetriesPerRequest: 0,
    retryStrategy: esperaDeReconexion,
  });
  // Whether the log last said Redis was there; `undefined` until the first connection or failure.
  let dicho: boolean | undefined;
  const decir = (disponible: boolean, datos: Readonly<Record<string, unknown>> = {}) => {
    if (dicho === disponible) return;
    dicho = disponible;
    if (disponible)
      registro.info('redis available: limits are shared, and the cache is used if on', { prefix: prefijo });
    else
      registro.warn(
        'redis unavailable: limits are counted in this process, and the cache skipped, until it is back',
        datos,
      );
  };
  // Whether Redis answered the connection's opening or the last PINGs in time, and how many in a row did not.
  let responde = false;
  let fallidos = 0;
  cliente.on('ready', () => {
    responde = true;
    decir(true);
  });
  // Every failed attempt emits one; without a listener, each would be an uncaught error.
  cliente.on('error', (error: unknown) => {
    responde = false;
    decir(false, describirError(error));
  });
  cliente.on('close', () => {
    responde = false;
    if (dicho === true) decir(false);
  });
  const sonda = setInterval(() => {
    if (cliente.status !== 'ready') return;
    cliente.ping().then(
      () => {
        fallidos = 0;
        responde = true;
        decir(true);
      },
      (error: unknown) => {
        fallidos += 1;
        if (fallidos < SONDEOS_FALLIDOS_PARA_DARLO_POR_IDO) return;
        responde = false;
        decir(false, describirError(error));
      },
    );
  }, INTERVALO_DE_SONDEO_MS);
  sonda.unref();
  return {
    cliente,
    prefijo,
    disponible: () => cliente.status === 'ready' && responde,
    async cerrar() {
      clearInterval(sonda);
      if (cliente.status === 'ready') {
        await cliente.quit().catch(() => cliente.disconnect());
      } else {
        cliente.disconnect();
      }
    },
  };
}
