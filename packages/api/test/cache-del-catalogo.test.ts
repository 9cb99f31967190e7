/**
 * The catalogue's cache (decision 0021), always against a real Redis of the
 * test's own: every read through it equals what the database says right
 * after, through any sequence of writes, in one process and across two; the
 * answers are the bytes the service gives without it; Redis stopped is reads
 * from the database; and a change whose version bump was lost shows once its
 * entries expire.
 */
import { randomUUID } from 'node:crypto';
import { Dinero, EstadoProducto, type FiltroDeProductos, ProductoId } from '@pedidos/domain';
import { abrirBaseDeDatos, type Consulta, repositorioDeProductos } from '@pedidos/persistence';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { paginaJson } from '../src/comun/paginas.ts';
import { productoJson } from '../src/recursos/productos/json.ts';
import {
  bases,
  type Cliente,
  clienteHttp,
  conServicio,
  crearCliente,
  crearProducto,
  EN_CI,
  hasta,
  type ProductoJson,
  unico,
} from './apoyo.ts';
import { arrancar, matar, type Proceso } from './procesos.ts';
import { COMO_TENER_REDIS, HAY_REDIS, type ServidorRedis, servidorRedis } from './redis.ts';

test.runIf(!HAY_REDIS && EN_CI)('redis-server is there for the tests of the catalogue cache, as CI requires', () => {
  expect.fail(`redis-server not found; ${COMO_TENER_REDIS}`);
});

/** What the database says of one producto, as `GET /productos/{id}` would write it; `undefined` if there is none. */
async function productoEnLaBase(sql: Consulta, id: string) {
  const r = await repositorioDeProductos(sql).buscar(ProductoId.crear(id)._unsafeUnwrap());
  return r.isOk() ? productoJson(r.value) : undefined;
}

type Lista = {
  nombre: string;
  estado?: 'activo' | 'inactivo';
  min?: number;
  max?: number;
  page: number;
  limit: number;
};

const rutaDeLista = ({ nombre, estado, min, max, page, limit }: Lista) =>
  `/productos?${new URLSearchParams({
    nombre,
    ...(estado === undefined ? {} : { estado }),
    ...(min === undefined ? {} : { min_price: String(min) }),
    ...(max === undefined ? {} : { max_price: String(max) }),
    page: String(page),
    limit: String(limit),
  })}`;

/** What the database says of a list, as `GET /productos?…` would write it. */
async function listaEnLaBase(sql: Consulta, l: Lista) {
  const filtro: FiltroDeProductos = {
    nombre: l.nombre,
    ...(l.estado === undefined ? {} : { estado: EstadoProducto.crear(l.estado)._unsafeUnwrap() }),
    ...(l.min === undefined ? {} : { precioMinimo: Dinero.crear(l.min)._unsafeUnwrap() }),
    ...(l.max === undefined ? {} : { precioMaximo: Dinero.crear(l.max)._unsafeUnwrap() }),
  };
  const pagina = (
    await repositorioDeProductos(sql).listar(filtro, { pagina: l.page, limite: l.limit })
  )._unsafeUnwrap();
  return paginaJson(pagina, productoJson);
}

/** One step of a run: a write of the catalogue, or a read checked against the database. */
type Paso =
  | { tipo: 'crear'; precio: number; stock: number; estado: 'activo' | 'inactivo' }
  | {
      tipo: 'modificar';
      i: number;
      cambios: { precio_centavos?: number; stock?: number; estado?: 'activo' | 'inactivo' };
    }
  /** `clave`: under an `Idempotency-Key`, whose change commits after the use case returns. */
  | { tipo: 'confirmar'; i: number; cantidad: number; clave: boolean }
  | { tipo: 'cancelar'; j: number }
  | { tipo: 'leer'; i: number; por: number }
  | { tipo: 'listar'; lista: Omit<Lista, 'nombre'>; por: number };

const estado = fc.constantFrom('activo' as const, 'inactivo' as const);
const precio = fc.integer({ min: 0, max: 5000 });
const paso: fc.Arbitrary<Paso> = fc.oneof(
  fc.record({ tipo: fc.constant('crear' as const), precio, stock: fc.integer({ min: 0, max: 20 }), estado }),
  fc.record({
    tipo: fc.constant('modificar' as const),
    i: fc.nat(),
    cambios: fc
      .record({ precio_centavos: precio, stock: fc.integer({ min: 0, max: 20 }), estado }, { requiredKeys: [] })
      .filter((c) => Object.keys(c).length > 0),
  }),
  fc.record({
    tipo: fc.constant('confirmar' as const),
    i: fc.nat(),
    cantidad: fc.integer({ min: 1, max: 8 }),
    clave: fc.boolean(),
  }),
  fc.record({ tipo: fc.constant('cancelar' as const), j: fc.nat() }),
  fc.record({ tipo: fc.constant('leer' as const), i: fc.nat(), por: fc.nat() }),
  fc.record({
    tipo: fc.constant('listar' as const),
    lista: fc
      .record(
        {
          estado,
          min: precio,
          max: precio,
          page: fc.integer({ min: 1, max: 3 }),
          limit: fc.integer({ min: 1, max: 4 }),
        },
        { requiredKeys: ['page', 'limit'] },
      )
      // min_price > max_price is a 422: the bounds in order.
      .map((l) => (l.min !== undefined && l.max !== undefined && l.min > l.max ? { ...l, min: l.max, max: l.min } : l)),
    por: fc.nat(),
  }),
);

/**
 * Runs the steps: writes through `escribe`, each read through one of
 * `leen` (by the step's `por`), twice, the second likely a hit, and each
 * compared with what `sql` says right after. Lists are narrowed to the
 * run's own productos by a name no other run or suite has.
 */
async function correr(pasos: readonly Paso[], escribe: Cliente, leen: readonly Cliente[], sql: Consulta) {
  const nombre = `cache-${unico()}`;
  const productos: string[] = [];
  const confirmados: string[] = [];
  const cliente = await crearCliente(escribe);
  // One to start with, so that steps on productos have one.
  productos.push((await crearProducto(escribe, { nombre: `${nombre} 0`, stock: 10 })).id);
  for (const p of pasos) {
    switch (p.tipo) {
      case 'crear': {
        const hecho = await crearProducto(escribe, {
          nombre: `${nombre} ${productos.length}`,
          precio_centavos: p.precio,
          stock: p.stock,
          estado: p.estado,
        });
        productos.push(hecho.id);
        break;
      }
      case 'modificar': {
        const r = await escribe.patch(`/productos/${productos[p.i % productos.length]}`, p.cambios);
        expect(r.status).toBe(200);
        break;
      }
      case 'confirmar': {
        const producto_id = productos[p.i % productos.length];
        const pedido = await escribe.post<{ id: string }>('/pedidos', {
          cliente_id: cliente.id,
          items: [{ producto_id, cantidad: p.cantidad }],
        });
        // An inactive producto cannot be added: 409, and nothing to confirm.
        if (pedido.status !== 201) break;
        const clave = p.clave ? { 'idempotency-key': randomUUID() } : undefined;
        const r = await escribe.patch(`/pedidos/${pedido.body.id}/confirmar`, undefined, clave);
        expect([200, 409]).toContain(r.status);
        if (r.status === 200) confirmados.push(pedido.body.id);
        break;
      }
      case 'cancelar': {
        if (confirmados.length === 0) break;
        const [id] = confirmados.splice(p.j % confirmados.length, 1);
        expect((await escribe.patch(`/pedidos/${id}/cancelar`)).status).toBe(200);
        break;
      }
      case 'leer': {
        const id = productos[p.i % productos.length] ?? '';
        const api = leen[p.por % leen.length] as Cliente;
        for (let vez = 0; vez < 2; vez++) {
          const r = await api.get<ProductoJson>(`/productos/${id}`);
          expect(r.status).toBe(200);
          expect(r.body).toEqual(await productoEnLaBase(sql, id));
        }
        break;
      }
      case 'listar': {
        const lista = { ...p.lista, nombre };
        const api = leen[p.por % leen.length] as Cliente;
        for (let vez = 0; vez < 2; vez++) {
          const r = await api.get(rutaDeLista(lista));
          expect(r.status).toBe(200);
          expect(r.body).toEqual(await listaEnLaBase(sql, lista));
        }
        break;
      }
    }
  }
}

/** The value of `pedidos_cache_catalogo_total{resultado}` in a `/metrics` text. */
function contados(texto: string, resultado: string): number {
  const linea = new RegExp(`^pedidos_cache_catalogo_total\\{resultado="${resultado}"\\} (\\d+)$`, 'm').exec(texto);
  return Number(linea?.[1] ?? Number.NaN);
}

describe.runIf(HAY_REDIS).each(bases())('the catalogue cache on $nombre', ({ url }) => {
  let redis: ServidorRedis;
  const prefijo = `pruebas-${randomUUID()}`;
  beforeAll(async () => {
    redis = await servidorRedis();
  });
  const entorno = conServicio(url, {
    prefijoDeRedis: prefijo,
    cacheDelCatalogo: { segundos: 60 },
    // Redis's cache alone, as its guarantees are; the one in process in front of it has its own suite.
    cacheEnProceso: false,
    get urlDeRedis() {
      return redis.url;
    },
  });
  afterAll(async () => {
    await redis?.cerrar();
  });

  test('through any writes, every read through it equals what the database says right after', async () => {
    const { api, anonimo, servicio } = entorno();
    await fc.assert(
      fc.asyncProperty(fc.array(paso, { minLength: 1, maxLength: 20 }), (pasos) =>
        correr(pasos, api, [api, anonimo], servicio.baseDeDatos.sql),
      ),
      { numRuns: 15 },
    );
    const metricas = (await api.get<string>('/metrics')).body;
    expect(contados(metricas, 'acierto')).toBeGreaterThan(0);
    expect(contados(metricas, 'fallo')).toBeGreaterThan(0);
    expect(contados(metricas, 'no_disponible')).toBe(0);
    // Its keys are under the service's prefix, and expire.
    const claves = await redis.cliente().keys(`${prefijo}:catalogo:*`);
    expect(claves).toContain(`${prefijo}:catalogo:version`);
    // The count starts at the clock's milliseconds, so that a Redis that lost it goes on above every older version.
    const version = Number(await redis.cliente().get(`${prefijo}:catalogo:version`));
    expect(version).toBeGreaterThan(Date.UTC(2026, 0, 1));
    expect(version).toBeLessThan(Date.now() + 1_000_000);
    const entrada = claves.find((clave) => clave.includes(':producto:')) ?? '';
    expect(await redis.cliente().ttl(entrada)).toBeGreaterThan(0);
  });

  test('a confirmation and a cancellation under an Idempotency-Key are seen right after, and so is their replay', async () => {
    const { api } = entorno();
    const producto = await crearProducto(api, { nombre: `clave ${unico()}`, stock: 5 });
    const cliente = await crearCliente(api);
    const stock = async () => {
      await api.get(`/productos/${producto.id}`);
      return (await api.get<ProductoJson>(`/productos/${producto.id}`)).body.stock;
    };
    expect(await stock()).toBe(5);
    const pedido = await api.post<{ id: string }>('/pedidos', {
      cliente_id: cliente.id,
      items: [{ producto_id: producto.id, cantidad: 2 }],
    });
    const clave = { 'idempotency-key': randomUUID() };
    expect((await api.patch(`/pedidos/${pedido.body.id}/confirmar`, undefined, clave)).status).toBe(200);
    expect(await stock()).toBe(3);
    expect((await api.patch(`/pedidos/${pedido.body.id}/confirmar`, undefined, clave)).status).toBe(200);
    expect(await stock()).toBe(3);
    const otra = { 'idempotency-key': randomUUID() };
    expect((await api.patch(`/pedidos/${pedido.body.id}/cancelar`, undefined, otra)).status).toBe(200);
    expect(await stock()).toBe(5);
  });

  test('a hit is the same bytes as the miss before it: body, ETag, Cache-Control, and 304 for its ETag', async () => {
    const { api, anonimo } = entorno();
    const producto = await crearProducto(api, { nombre: `bytes ${unico()}`, estado: 'inactivo' });
    const cabeceras = ['content-type', 'etag', 'cache-control', 'vary', 'content-length'];
    const ver = async (cliente: Cliente, ruta: string, extra: Record<string, string> = {}) => {
      const r = await fetch(`${entorno().servicio.url}${ruta}`, {
        headers: { ...extra, ...(cliente === api ? { authorization: `Bearer ${entorno().token}` } : {}) },
      });
      return { status: r.status, cuerpo: await r.text(), cabeceras: cabeceras.map((n) => r.headers.get(n)) };
    };
    for (const ruta of [`/productos/${producto.id}`, `/productos?nombre=${encodeURIComponent(producto.nombre)}`]) {
      const fallo = await ver(api, ruta);
      const acierto = await ver(api, ruta);
      expect(acierto).toEqual(fallo);
      // The catalogue is the same for everyone, inactive productos included: the anonymous get the same bytes.
      expect(await ver(anonimo, ruta)).toEqual(fallo);
      expect(fallo.cuerpo).toContain(producto.id);
    }
    const leido = await ver(anonimo, `/productos/${producto.id}`);
    const etag = leido.cabeceras[1] ?? '';
    const noModificado = await ver(anonimo, `/productos/${producto.id}`, { 'if-none-match': etag });
    expect(noModificado.status).toBe(304);
    expect(noModificado.cabeceras[1]).toBe(etag);
  });

  test('Redis stopped: reads come from the database, right, with no 5xx; and the cache again when it is back', async () => {
    const { api, servicio } = entorno();
    const producto = await crearProducto(api, { nombre: `sin redis ${unico()}`, stock: 3 });
    const leer = () => api.get<ProductoJson>(`/productos/${producto.id}`);
    expect((await leer()).body.stock).toBe(3);
    await redis.parar();
    try {
      for (let stock = 4; stock < 8; stock++) {
        expect((await api.patch(`/productos/${producto.id}`, { stock })).status).toBe(200);
        const r = await leer();
        expect(r.status).toBe(200);
        expect(r.body).toEqual(await productoEnLaBase(servicio.baseDeDatos.sql, producto.id));
        const lista = await api.get(rutaDeLista({ nombre: producto.nombre, page: 1, limit: 5 }));
        expect(lista.status).toBe(200);
      }
    } finally {
      await redis.arrancar();
    }
    const metricas = (await api.get<string>('/metrics')).body;
    expect(contados(metricas, 'no_disponible')).toBeGreaterThan(0);
    // Back: kept and read again, and still right.
    const claves = () => redis.cliente().keys(`${prefijo}:catalogo:*:producto:${producto.id}`);
    await hasta(
      async () => {
        expect((await leer()).body).toEqual(await productoEnLaBase(servicio.baseDeDatos.sql, producto.id));
        return (await claves()).length > 0;
      },
      { plazoMs: 5000, cadaMs: 50, describir: () => 'no entry was kept after Redis came back' },
    );
    expect((await leer()).body).toEqual(await productoEnLaBase(servicio.baseDeDatos.sql, producto.id));
  });
});

describe.runIf(HAY_REDIS)('a change whose version bump was lost', () => {
  let redis: ServidorRedis;
  const SEGUNDOS = 1;
  beforeAll(async () => {
    redis = await servidorRedis();
  });
  const entorno = conServicio(undefined, {
    prefijoDeRedis: `pruebas-${randomUUID()}`,
    cacheDelCatalogo: { segundos: SEGUNDOS },
    cacheEnProceso: false,
    get urlDeRedis() {
      return redis.url;
    },
  });
  afterAll(async () => {
    await redis?.cerrar();
  });

  test(`is seen once its entries expire, within CACHE_CATALOGO_SEGUNDOS (${SEGUNDOS} s)`, async () => {
    const { api, servicio } = entorno();
    const producto = await crearProducto(api, { nombre: `ttl ${unico()}`, precio_centavos: 100 });
    const leer = async () => (await api.get<ProductoJson>(`/productos/${producto.id}`)).body.precio_centavos;
    expect(await leer()).toBe(100);
    // Written in the database behind the service's back: no INCR, as if the process died right after its commit.
    await servicio.baseDeDatos.sql`update productos set precio_centavos = 200 where id = ${producto.id}`;
    const cambiado = Date.now();
    // Kept and not invalidated: the old price, until the entry expires.
    expect(await leer()).toBe(100);
    await hasta(async () => (await leer()) === 200, { plazoMs: SEGUNDOS * 1000 + 1500, cadaMs: 50 });
    expect(Date.now() - cambiado).toBeLessThanOrEqual(SEGUNDOS * 1000 + 1500);
  });
});

const urlDePostgres = process.env.TEST_DATABASE_URL;

// On the embedded database each process has its own: sharing one needs a server (see varios-procesos.test.ts).
describe.runIf(HAY_REDIS && urlDePostgres !== undefined)(
  'the catalogue cache shared by two processes on one Redis and one PostgreSQL',
  () => {
    let redis: ServidorRedis;
    const procesos: Proceso[] = [];
    let sql: Consulta;
    let cerrarBase: () => Promise<void>;

    beforeAll(async () => {
      redis = await servidorRedis();
      const entorno = {
        DATABASE_URL: urlDePostgres ?? '',
        REDIS_URL: redis.url,
        REDIS_PREFIJO: `pruebas-${randomUUID()}`,
        CACHE_CATALOGO: 'on',
        CACHE_CATALOGO_SEGUNDOS: '60',
        CACHE_CATALOGO_EN_PROCESO: 'off',
      };
      procesos.push(...(await Promise.all([arrancar(entorno), arrancar(entorno)])));
      const base = await abrirBaseDeDatos({ url: urlDePostgres, maxConexiones: 2 });
      sql = base.sql;
      cerrarBase = base.cerrar;
    });
    afterAll(async () => {
      await Promise.all(procesos.map((p) => matar(p, 'SIGTERM')));
      await cerrarBase?.();
      await redis?.cerrar();
    });

    test('a write through either is seen by reads through both, right after', async () => {
      const [uno, dos] = procesos;
      if (uno === undefined || dos === undefined) throw new Error('sin procesos');
      const clientes = [clienteHttp(uno.url, uno.token), clienteHttp(dos.url, dos.token)];
      const anonimos = [clienteHttp(uno.url), clienteHttp(dos.url)];
      await fc.assert(
        fc.asyncProperty(fc.array(paso, { minLength: 1, maxLength: 15 }), fc.nat(1), (pasos, quien) =>
          correr(pasos, clientes[quien] as Cliente, [...clientes, ...anonimos], sql),
        ),
        { numRuns: 10 },
      );
    });
  },
);
