/**
 * The catalogue kept in the process's memory (issue 14, decision 0030): the
 * answers of `buscarProducto` and `listarProductos`, in front of the
 * database, so that a read of the catalogue asks no one. Never in front of
 * the cache in Redis (`cache-del-catalogo.ts`): a miss could fetch from it an
 * entry that its writer's INCR had not hidden yet, and keep it.
 *
 * It is kept exact by being emptied: by `invalidar`, after each change this
 * process commits and before its answer, and, for the changes of every other
 * process (another API, a worker, SQL by hand), by the notice each commit
 * that writes `productos` sends (migration 0016), which comes within
 * milliseconds of that commit. Every emptying counts up `version`; a read that
 * missed stores what it read only if the version is still the one it began
 * under, so that an answer read before a change, and returned after it, is
 * never kept.
 *
 * While the process may be missing notices (not yet listening, or the
 * connection it listens on lost), it keeps nothing and every read goes on
 * through; it empties itself once listening again. On the embedded database
 * the process is alone (its directory is locked), every change is its own,
 * and `invalidar` is enough.
 *
 * What it cannot promise: a read in this process in the milliseconds between
 * another process's commit and its notice sees the catalogue before that
 * commit, as a read of that process's own would have a moment earlier.
 */
import type { FiltroDeProductos, Pagina, Paginacion, Producto, ProductoId } from '@pedidos/domain';
import { LRUCache } from 'lru-cache';
import { okAsync, type ResultAsync } from 'neverthrow';
import { type CacheDelCatalogo, claveDeLista, sinCache } from './cache-del-catalogo.ts';

/** What a read found in the process: an entry, none, or a process that may be missing notices and keeps nothing. */
export type ResultadoEnProceso = 'acierto' | 'fallo' | 'sin_avisos';
export const RESULTADOS_EN_PROCESO: readonly ResultadoEnProceso[] = ['acierto', 'fallo', 'sin_avisos'];

/** The key a producto is kept under, by `producto` and by `varios` alike. */
const claveDeProducto = (id: ProductoId) => `producto:${id}`;

/** Entries kept at most, the least recently read dropped first: a page of productos and a producto count one each. */
export const ENTRADAS_EN_PROCESO = 5000;

export type CacheEnProceso = CacheDelCatalogo & {
  /**
   * The view a transaction reads through (a request under an idempotency
   * key): it answers `varios` from what is kept, and keeps nothing it read,
   * since a transaction's reads may see its own uncommitted writes.
   */
  readonly sinGuardar: CacheDelCatalogo;
  /** A change committed somewhere: the notice of migration 0016. Empties the cache. */
  cambio(): void;
  /** Whether every change from now on will be told (`cambio`): `false` keeps nothing until the next `true`. */
  estado(escuchando: boolean): void;
};

export function cacheEnProceso({
  escuchando: escuchandoAlEmpezar,
  contar,
  entradas = ENTRADAS_EN_PROCESO,
}: {
  /** Whether the process is told of every change from the start: on the embedded database, alone, it is. */
  readonly escuchando: boolean;
  readonly contar: (resultado: ResultadoEnProceso) => void;
  readonly entradas?: number;
}): CacheEnProceso {
  // Only what was read under the current version: every emptying clears it, and a read stores only if none came.
  const guardadas = new LRUCache<string, Producto | Pagina<Producto>>({ max: entradas });
  let version = 0;
  let escuchando = escuchandoAlEmpezar;
  const vaciar = () => {
    version++;
    guardadas.clear();
  };

  function leerPorCache<T extends Producto | Pagina<Producto>, E>(
    clave: string,
    leer: () => ResultAsync<T, E>,
  ): ResultAsync<T, E> {
    if (!escuchando) {
      contar('sin_avisos');
      return leer();
    }
    const guardada = guardadas.get(clave);
    if (guardada !== undefined) {
      contar('acierto');
      // Stored from `leer` under this key, so of its type.
      return okAsync(guardada as T);
    }
    contar('fallo');
    // Not listening any more, or listening again, counts up the version too.
    const alEmpezar = version;
    return leer().andTee((valor) => {
      if (version === alEmpezar) guardadas.set(clave, valor);
    });
  }

  function variosPorCache<E>(
    ids: readonly ProductoId[],
    leer: (ids: readonly ProductoId[]) => ResultAsync<readonly Producto[], E>,
    guardar: boolean,
  ): ResultAsync<readonly Producto[], E> {
    if (!escuchando) {
      for (const _ of ids) contar('sin_avisos');
      return leer(ids);
    }
    const hallados: Producto[] = [];
    const faltan: ProductoId[] = [];
    for (const id of ids) {
      // Kept under this key only by `producto` and here, so a Producto.
      const guardado = guardadas.get(claveDeProducto(id)) as Producto | undefined;
      if (guardado === undefined) faltan.push(id);
      else hallados.push(guardado);
      contar(guardado === undefined ? 'fallo' : 'acierto');
    }
    if (faltan.length === 0) return okAsync(hallados);
    const alEmpezar = version;
    return leer(faltan)
      .andTee((leidos) => {
        if (guardar && version === alEmpezar) for (const p of leidos) guardadas.set(claveDeProducto(p.id), p);
      })
      .map((leidos) => [...hallados, ...leidos]);
  }

  return {
    sinGuardar: { ...sinCache, varios: (ids, leer) => variosPorCache(ids, leer, false) },
    varios: (ids, leer) => variosPorCache(ids, leer, true),
    producto: <E>(id: ProductoId, leer: () => ResultAsync<Producto, E>) => leerPorCache(claveDeProducto(id), leer),
    lista: <E>(filtro: FiltroDeProductos, paginacion: Paginacion, leer: () => ResultAsync<Pagina<Producto>, E>) =>
      leerPorCache(`lista:${claveDeLista(filtro, paginacion)}`, leer),
    invalidar: async () => vaciar(),
    cambio: vaciar,
    estado: (ahora) => {
      escuchando = ahora;
      vaciar();
    },
  };
}
