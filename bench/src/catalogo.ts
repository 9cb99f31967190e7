/**
 * The catalogue's reads with and without its cache (decision 0021): the same
 * two reads, `GET /productos/{id}` and a page of `GET /productos`, against a
 * service with `CACHE_CATALOGO=off` and then one with it on, both on the same
 * Redis (so that the rate limits, counted there, cost the same on both sides
 * and the cache is the only difference), each without the catalogue kept in
 * process (decision 0030), which would answer before Redis. The cached service's keys are under
 * a prefix of this run's own, deleted afterwards.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { conectarRedis, crearRegistro } from '@pedidos/api';
import { elegir, type Figuras } from './medidas.ts';
import { arrancarServicio, colocaciones, lecturas } from './servicio.ts';

export type LadoDelCatalogo = {
  readonly producto: Figuras;
  readonly lista: Figuras;
  /**
   * `GET /productos/{id}` while placements run beside it on as many
   * connections: every confirmation changes stock, so with the cache every
   * one of them bumps the version and empties it.
   */
  readonly productoConColocaciones: Figuras;
  /** Hits over hits and misses, for the cached side, from its `/metrics`. */
  readonly aciertos?: number;
};

export type MedidaDelCatalogo = { readonly sinCache: LadoDelCatalogo; readonly conCache: LadoDelCatalogo };

function proporcionDeAciertos(metricas: string): number {
  const de = (resultado: string) =>
    Number(new RegExp(`^pedidos_cache_catalogo_total\\{resultado="${resultado}"\\} (\\d+)`, 'm').exec(metricas)?.[1]);
  const aciertos = de('acierto');
  return aciertos / (aciertos + de('fallo') + de('no_disponible'));
}

/** Deletes every key under `prefijo`, by SCAN (never KEYS, which blocks a shared Redis). */
async function borrarClaves(urlDeRedis: string, prefijo: string): Promise<number> {
  const redis = conectarRedis(urlDeRedis, prefijo, crearRegistro('silent'));
  try {
    if (!redis.disponible()) await once(redis.cliente, 'ready');
    let borradas = 0;
    for await (const claves of redis.cliente.scanStream({ match: `${prefijo}:*`, count: 1000 })) {
      const lote = claves as string[];
      if (lote.length > 0) borradas += await redis.cliente.del(...lote);
    }
    return borradas;
  } finally {
    await redis.cerrar();
  }
}

/** Whether a Redis answers at `url`, within two seconds. */
async function hayRedis(url: string): Promise<boolean> {
  const redis = conectarRedis(url, 'sonda', crearRegistro('silent'));
  try {
    await Promise.race([
      once(redis.cliente, 'ready'),
      new Promise((_, rechazar) => setTimeout(() => rechazar(new Error('sin respuesta')), 2000)),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await redis.cerrar();
  }
}

/**
 * Measures both reads on each side for `segundos`, after 3 s of warm-up of
 * each (which, on the cached side, fills the cache), then the read of one
 * producto beside placements. `undefined` when no Redis
 * answers at `urlDeRedis`.
 */
export async function medirCatalogo(
  databaseUrl: string,
  urlDeRedis: string,
  productos: readonly string[],
  clientes: readonly string[],
  segundos: number,
): Promise<MedidaDelCatalogo | undefined> {
  if (!(await hayRedis(urlDeRedis))) {
    console.log(`no Redis at ${urlDeRedis} (BENCH_REDIS_URL): the catalogue cache is not measured`);
    return undefined;
  }
  const prefijo = `pedidos-bench-${randomUUID()}`;
  const rutaDeProducto = () => `/productos/${elegir(productos)}`;
  // Every page of the catalogue, 20 a page, at random.
  const paginas = Math.max(1, Math.ceil(productos.length / 20));
  const rutaDeLista = () => `/productos?page=${1 + Math.floor(Math.random() * paginas)}&limit=20`;

  const lado = async (cache: 'on' | 'off'): Promise<LadoDelCatalogo> => {
    const servicio = await arrancarServicio(databaseUrl, {
      REDIS_URL: urlDeRedis,
      REDIS_PREFIJO: prefijo,
      CACHE_CATALOGO: cache,
      CACHE_CATALOGO_SEGUNDOS: '60',
      // Redis's cache alone on both sides: the one in process, in front of it, is what the read of `pnpm bench`'s
      // first part measures.
      CACHE_CATALOGO_EN_PROCESO: 'off',
    });
    try {
      await lecturas(servicio.url, servicio.token, 3, rutaDeProducto);
      const producto = await lecturas(servicio.url, servicio.token, segundos, rutaDeProducto);
      await lecturas(servicio.url, servicio.token, 3, rutaDeLista);
      const lista = await lecturas(servicio.url, servicio.token, segundos, rutaDeLista);
      const [productoConColocaciones] = await Promise.all([
        lecturas(servicio.url, servicio.token, segundos, rutaDeProducto),
        colocaciones(servicio.url, servicio.token, segundos, clientes, productos),
      ]);
      if (cache === 'off') return { producto, lista, productoConColocaciones };
      const metricas = await fetch(`${servicio.url}/metrics`, {
        headers: { authorization: `Bearer ${servicio.token}` },
      }).then((r) => r.text());
      return { producto, lista, productoConColocaciones, aciertos: proporcionDeAciertos(metricas) };
    } finally {
      await servicio.detener();
    }
  };

  try {
    const sinCache = await lado('off');
    const conCache = await lado('on');
    return { sinCache, conCache };
  } finally {
    const borradas = await borrarClaves(urlDeRedis, prefijo);
    console.log(`deleted the ${borradas} keys the bench wrote under ${prefijo}`);
  }
}
