/**
 * The catalogue's read-through cache (issue 12, decision 0021): the answers of
 * `buscarProducto` and `listarProductos`, kept in the service's Redis, so that
 * a read of the public catalogue can skip the database.
 *
 * Invalidation is by version. One key, `<prefijo>:catalogo:version`, counts
 * the catalogue's changes; every entry's key holds the version it was read
 * under, so `invalidar` (an INCR after a change has committed) leaves every
 * older entry unreachable at once, in every process, and the TTL removes them.
 *
 * The order of a read is what keeps a stale entry out of the new version: the
 * version is read first, the database after, and the entry stored under the
 * version read. A reader that read the version before a change's INCR stores
 * under the old one, unreachable once the INCR is done; a reader that read
 * the version after it began its database read after the commit, and saw it.
 *
 * What can leave a stale entry reachable is an INCR that never happens: the
 * process dies between the commit and it, or Redis is away or slower than
 * `PLAZO_DE_ORDEN_MS` when it is sent (a lost INCR is sent again when the
 * connection comes back, if the process is still there). Then the entries of
 * the version are served until they expire: every entry was read from the
 * database at most `segundos` before, and that is the bound of how stale an
 * answer can be. The same holds if the version key itself were lost (a Redis
 * that restarts empty, or evicts keys without a TTL): the count starts again,
 * from the clock's milliseconds, above any version in use before; and were it
 * to meet an old entry's, that entry is no older than the TTL either.
 *
 * Redis is a help, never a dependency (redis.ts): a failed or slow command is
 * a miss, and the read goes to the database.
 *
 * The answers of both use cases are the same for every caller: anyone may
 * read the whole catalogue, inactive productos included (autorizacion.ts,
 * `buscarProducto` and `listarProductos` are `todos`, and neither narrows by
 * actor). So the key is the request's (id, or filters and page) alone. A use
 * case whose answer came to depend on the actor would need the actor's part
 * in its key.
 */
import { createHash } from 'node:crypto';
import {
  type FiltroDeProductos,
  type Pagina,
  type Paginacion,
  type Producto,
  type ProductoId,
  reconstituirProducto,
} from '@pedidos/domain';
import { okAsync, type Result, ResultAsync } from 'neverthrow';
import type { Operacion } from './autorizacion.ts';
import type { CasosDeUso } from './casos-de-uso.ts';
import type { ConexionRedis } from './redis.ts';
import { describirError, type Registro } from './registro.ts';

/** What a read found: an entry, none (or one that could not be read back), or no Redis to ask. */
export type ResultadoDeCache = 'acierto' | 'fallo' | 'no_disponible';
export const RESULTADOS_DE_CACHE: readonly ResultadoDeCache[] = ['acierto', 'fallo', 'no_disponible'];

export type CacheDelCatalogo = {
  /** The producto `id`: from the cache, or from `leer`, whose answer is then kept. Only found productos are kept. */
  producto<E>(id: ProductoId, leer: () => ResultAsync<Producto, E>): ResultAsync<Producto, E>;
  /** A page of the list under `filtro`: likewise. */
  lista<E>(
    filtro: FiltroDeProductos,
    paginacion: Paginacion,
    leer: () => ResultAsync<Pagina<Producto>, E>,
  ): ResultAsync<Pagina<Producto>, E>;
  /**
   * The productos of `ids` (a new pedido's lines), those kept from the cache
   * and the rest from one `leer` of them; in any order. Redis's cache passes
   * it through: asking it costs a round trip, as asking the database does.
   */
  varios<E>(
    ids: readonly ProductoId[],
    leer: (ids: readonly ProductoId[]) => ResultAsync<readonly Producto[], E>,
  ): ResultAsync<readonly Producto[], E>;
  /**
   * Makes every entry kept so far unreachable: to be called after a change of
   * the catalogue has committed, and awaited before its answer, so that the
   * caller's next read sees its own change. Never fails.
   */
  invalidar(): Promise<void>;
};

/** No cache: every read goes to the database (`CACHE_CATALOGO=off`, or no `REDIS_URL`). */
export const sinCache: CacheDelCatalogo = {
  producto: (_id, leer) => leer(),
  lista: (_filtro, _paginacion, leer) => leer(),
  varios: (ids, leer) => leer(ids),
  invalidar: async () => {},
};

/**
 * The format of the entries, in their keys: a service that stores them
 * otherwise changes it, and never reads what an older one stored.
 */
const FORMATO = 1;

/**
 * A missing version starts at `ARGV[n]`, the milliseconds of the clock, not at
 * 0: after a Redis that lost its data (a restart without persistence), the
 * count goes on above any version an entry stored just before could carry.
 */
const INICIAR = (n: number) => `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[${n}]) end`;

/**
 * The version and the entry under it, in one round trip. The entry's key is
 * made here from the version read: `ARGV[1] .. version .. ARGV[2]`. (Keys made
 * inside a script do not suit Redis Cluster; the service asks one Redis.)
 */
const LEER = `${INICIAR(3)}
local version = redis.call('GET', KEYS[1])
return {version, redis.call('GET', ARGV[1] .. version .. ARGV[2])}`;

/** The bump of `invalidar`. */
const INCREMENTAR = `${INICIAR(1)}
return redis.call('INCR', KEYS[1])`;

/** What Redis holds for a read: the version, and the entry under it if any; `undefined` when Redis cannot be asked. */
type Visto = { readonly version: string; readonly texto: string | undefined } | undefined;

/** A producto as kept: `JSON.stringify` of the domain's value, its instants as ISO text. */
type ProductoGuardadoEnTexto = Omit<Producto, 'creadoEn' | 'actualizadoEn'> & {
  readonly creadoEn: string;
  readonly actualizadoEn: string;
};

/** The producto an entry holds, or `undefined` when it is not one (the entry is then a miss). */
function productoDe(valor: unknown): Producto | undefined {
  if (typeof valor !== 'object' || valor === null) return undefined;
  const guardado = valor as ProductoGuardadoEnTexto;
  return reconstituirProducto({
    ...guardado,
    creadoEn: new Date(guardado.creadoEn),
    actualizadoEn: new Date(guardado.actualizadoEn),
  }).unwrapOr(undefined);
}

function paginaDe(valor: unknown): Pagina<Producto> | undefined {
  if (typeof valor !== 'object' || valor === null) return undefined;
  const { items, pagina, limite, total } = valor as Record<string, unknown>;
  if (!Array.isArray(items) || typeof pagina !== 'number' || typeof limite !== 'number' || typeof total !== 'number') {
    return undefined;
  }
  const productos = items.map(productoDe);
  if (productos.some((p) => p === undefined)) return undefined;
  return { items: productos as Producto[], pagina, limite, total };
}

function leerJson(texto: string): unknown {
  try {
    return JSON.parse(texto);
  } catch {
    return undefined;
  }
}

/** A list's part of its key: a digest of its filters and page, however long the name searched for. */
export function claveDeLista(filtro: FiltroDeProductos, paginacion: Paginacion): string {
  const partes = [
    filtro.estado ?? null,
    filtro.precioMinimo ?? null,
    filtro.precioMaximo ?? null,
    filtro.nombre ?? null,
    paginacion.pagina,
    paginacion.limite,
  ];
  return createHash('sha256').update(JSON.stringify(partes)).digest('base64url').slice(0, 27);
}

export type OpcionesDeCache = {
  readonly redis: ConexionRedis;
  /** How long an entry lives (`CACHE_CATALOGO_SEGUNDOS`): the bound of how stale an answer can be. */
  readonly segundos: number;
  readonly registro: Registro;
  /** Counts every read by what it found. */
  readonly contar: (resultado: ResultadoDeCache) => void;
};

export function cacheDelCatalogo({ redis, segundos, registro, contar }: OpcionesDeCache): CacheDelCatalogo {
  const { cliente, prefijo } = redis;
  // The two scripts as commands of the client: sent by their SHA (EVALSHA), the text only when Redis lacks it.
  cliente.defineCommand('leerDelCatalogo', { numberOfKeys: 1, lua: LEER });
  cliente.defineCommand('incrementarElCatalogo', { numberOfKeys: 1, lua: INCREMENTAR });
  const guiones = cliente as unknown as {
    leerDelCatalogo(version: string, antes: string, despues: string, ahora: string): Promise<unknown>;
    incrementarElCatalogo(version: string, ahora: string): Promise<unknown>;
  };
  const claveDeVersion = `${prefijo}:catalogo:version`;
  const antesDeLaVersion = `${prefijo}:catalogo:${FORMATO}:`;

  // An INCR that failed; sent again when Redis is back, so that entries it should have hidden do not wait for the TTL.
  let invalidacionPendiente = false;
  const incrementar = async (): Promise<void> => {
    try {
      await guiones.incrementarElCatalogo(claveDeVersion, String(Date.now()));
      invalidacionPendiente = false;
    } catch (error) {
      invalidacionPendiente = true;
      registro.debug('catalogue cache: the version could not be bumped', describirError(error));
    }
  };
  cliente.on('ready', () => {
    if (invalidacionPendiente) void incrementar();
  });

  const consultar = async (sufijo: string): Promise<Visto> => {
    if (!redis.disponible()) return undefined;
    try {
      const respuesta = await guiones.leerDelCatalogo(
        claveDeVersion,
        antesDeLaVersion,
        `:${sufijo}`,
        String(Date.now()),
      );
      // Lua's nil ends its table: a missing entry is a list of one.
      const [version, texto] = respuesta as [unknown, unknown?];
      if (typeof version !== 'string') return undefined;
      return { version, texto: typeof texto === 'string' ? texto : undefined };
    } catch (error) {
      registro.debug('catalogue cache: read failed, the database answers', describirError(error));
      return undefined;
    }
  };

  const guardar = (version: string, sufijo: string, valor: unknown) => {
    // Not awaited: the answer does not wait for its copy, and a copy that fails is a miss next time.
    cliente.set(`${antesDeLaVersion}${version}:${sufijo}`, JSON.stringify(valor), 'EX', segundos).catch(() => {});
  };

  function leerPorCache<T, E>(
    sufijo: string,
    recuperar: (valor: unknown) => T | undefined,
    leer: () => ResultAsync<T, E>,
  ): ResultAsync<T, E> {
    return ResultAsync.fromSafePromise(consultar(sufijo)).andThen((visto) => {
      if (visto?.texto !== undefined) {
        const valor = recuperar(leerJson(visto.texto));
        if (valor !== undefined) {
          contar('acierto');
          return okAsync<T, E>(valor);
        }
        registro.warn('catalogue cache: an entry could not be read back; the database answers', { key: sufijo });
      }
      contar(visto === undefined ? 'no_disponible' : 'fallo');
      // Stored under the version read before the database was: see the top of this file.
      return leer().andTee((valor) => {
        if (visto !== undefined) guardar(visto.version, sufijo, valor);
      });
    });
  }

  return {
    producto: (id, leer) => leerPorCache(`producto:${id}`, productoDe, leer),
    lista: (filtro, paginacion, leer) => leerPorCache(`lista:${claveDeLista(filtro, paginacion)}`, paginaDe, leer),
    varios: (ids, leer) => leer(ids),
    invalidar: async () => {
      if (!redis.disponible()) {
        invalidacionPendiente = true;
        return;
      }
      await incrementar();
    },
  };
}

/**
 * The use cases whose success changes what `buscarProducto` or
 * `listarProductos` answer: a producto made or changed, and the two
 * transitions that move stock (`confirmar` takes it, `cancelar` gives it
 * back). These are every path that writes `productos` rows: the productos
 * repository's `registrar` and `modificar`, and the pedidos repository's
 * `confirmar` and `cancelar`, whose write sets the stock of the lines'
 * productos; no other change of a pedido passes productos to its write.
 */
export const CAMBIAN_EL_CATALOGO = [
  'crearProducto',
  'modificarProducto',
  'confirmar',
  'cancelar',
] as const satisfies readonly Operacion[];

/** Whether an outcome may have committed a change: a success, or a lost connection, which may have come after the commit. */
function puedeHaberCambiado<T, E>(resultado: Result<T, E>): boolean {
  if (resultado.isOk()) return true;
  const error: unknown = resultado.error;
  return typeof error === 'object' && error !== null && 'kind' in error && error.kind === 'BaseDeDatosNoDisponible';
}

/** `caso`, followed by `alCambiar` once its outcome is known, if it may have changed something; awaited before it answers. */
function seguidoDe<A extends unknown[], T, E>(
  caso: (...datos: A) => ResultAsync<T, E>,
  alCambiar: () => Promise<void>,
): (...datos: A) => ResultAsync<T, E> {
  return (...datos) =>
    new ResultAsync(
      (async () => {
        try {
          const resultado = await caso(...datos);
          if (puedeHaberCambiado(resultado)) await alCambiar();
          return resultado;
        } catch (error) {
          // A bug, after which nothing is known of what committed.
          await alCambiar();
          throw error;
        }
      })(),
    );
}

/**
 * The use cases, each of `CAMBIAN_EL_CATALOGO` followed by `alCambiar`. This
 * decorator, applied where the service builds its use cases (servicio.ts), is
 * the one place the cache learns of changes: every handler's write goes
 * through a use case, so none has to remember it, and a new route that
 * confirms or changes a producto is covered by the use case it calls. It is
 * not below, at the repositories, because there a change inside an
 * idempotency key's transaction has not committed yet when the repository
 * returns: an INCR then would let a reader store the old data under the new
 * version. So the service passes `alCambiar` as the INCR itself where each
 * change commits on its own, and as a note to INCR after the commit where the
 * use cases run inside a transaction.
 */
export function invalidandoElCatalogo(casos: CasosDeUso, alCambiar: () => Promise<void>): CasosDeUso {
  return {
    ...casos,
    crearProducto: seguidoDe(casos.crearProducto, alCambiar),
    modificarProducto: seguidoDe(casos.modificarProducto, alCambiar),
    confirmar: seguidoDe(casos.confirmar, alCambiar),
    cancelar: seguidoDe(casos.cancelar, alCambiar),
  } satisfies Record<(typeof CAMBIAN_EL_CATALOGO)[number], unknown> & CasosDeUso;
}
