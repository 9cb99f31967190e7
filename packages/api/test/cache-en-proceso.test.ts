/**
 * The catalogue kept in the process (decision 0030). Its rule, as a property
 * over any interleaving of reads, changes and lost notices: once the notices
 * of the changes so far have come, a read answers what the database holds
 * now, whatever reads were in flight across them. Then, on each database:
 * the service's own writes are read back right after, and reads are answered
 * from memory; on a server, a change committed behind the service's back
 * (another process, SQL by hand) is read within a second, even one made while
 * the connection that listens for notices was cut.
 */
import { ProductoId, reconstituirProducto } from '@pedidos/domain';
import { abrirBaseDeDatos, type BaseDeDatos } from '@pedidos/persistence';
import fc from 'fast-check';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cacheEnProceso, type ResultadoEnProceso } from '../src/cache-en-proceso.ts';
import { bases, conServicio, crearProducto, hasta, type ProductoJson } from './apoyo.ts';

const ID = ProductoId.crear('7b1e1c52-3a3e-4a8e-9d55-2a4c1d1f0a01')._unsafeUnwrap();

/** The producto as the database of the model holds it: only its price changes. */
const productoA = (precio: number) =>
  reconstituirProducto({
    id: String(ID),
    nombre: 'Modelo',
    descripcion: null,
    precio,
    stock: 1,
    estado: 'activo',
    creadoEn: new Date(0),
    actualizadoEn: new Date(0),
  })._unsafeUnwrap();

type Paso =
  | { readonly tipo: 'escribir' }
  | { readonly tipo: 'avisar' }
  | { readonly tipo: 'empezarLectura'; readonly varios: boolean }
  | { readonly tipo: 'terminarLectura'; readonly cual: number }
  | { readonly tipo: 'perderAvisos' }
  | { readonly tipo: 'recuperarAvisos' }
  | { readonly tipo: 'invalidar' };

const paso: fc.Arbitrary<Paso> = fc.oneof(
  fc.constant({ tipo: 'escribir' } as const),
  fc.constant({ tipo: 'avisar' } as const),
  fc.boolean().map((varios) => ({ tipo: 'empezarLectura', varios }) as const),
  fc.nat(7).map((cual) => ({ tipo: 'terminarLectura', cual }) as const),
  fc.constant({ tipo: 'perderAvisos' } as const),
  fc.constant({ tipo: 'recuperarAvisos' } as const),
  fc.constant({ tipo: 'invalidar' } as const),
);

describe('the rule of the cache in process', () => {
  test('once every change has been told, a read answers what the database holds, whatever was in flight', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(paso, { maxLength: 40 }), fc.boolean(), async (pasos, escuchandoAlEmpezar) => {
        const contados: ResultadoEnProceso[] = [];
        const cache = cacheEnProceso({
          escuchando: escuchandoAlEmpezar,
          contar: (r) => contados.push(r),
        });
        let enLaBase = 1;
        // Changes committed and not yet told: the notice is on its way.
        let sinAvisar = 0;
        let escuchando = escuchandoAlEmpezar;
        // Reads begun: each read the database when it began (the worst a snapshot can do) and answers when let go.
        const enVuelo: { soltar: () => void; hecha: Promise<unknown> }[] = [];
        const leerAhora = async () => (await cache.producto(ID, () => okAsync(productoA(enLaBase))))._unsafeUnwrap();
        // A new pedido's read of its productos, through the same entries.
        const leerVarios = async () =>
          (await cache.varios([ID], () => okAsync([productoA(enLaBase)])))._unsafeUnwrap()[0];

        for (const p of pasos) {
          switch (p.tipo) {
            case 'escribir':
              enLaBase++;
              // A commit while nothing listens sends a notice no one gets.
              if (escuchando) sinAvisar++;
              break;
            case 'avisar':
              if (sinAvisar > 0 && escuchando) {
                sinAvisar = 0;
                cache.cambio();
              }
              break;
            case 'empezarLectura': {
              const visto = enLaBase;
              let soltar = () => {};
              const puerta = new Promise<void>((r) => {
                soltar = r;
              });
              const hecha = p.varios
                ? cache.varios([ID], () => ResultAsync.fromSafePromise(puerta.then(() => [productoA(visto)])))
                : cache.producto(ID, () => ResultAsync.fromSafePromise(puerta.then(() => productoA(visto))));
              enVuelo.push({ soltar, hecha: Promise.resolve(hecha) });
              break;
            }
            case 'terminarLectura': {
              const lectura = enVuelo.splice(p.cual % Math.max(1, enVuelo.length), 1)[0];
              lectura?.soltar();
              await lectura?.hecha;
              break;
            }
            case 'perderAvisos':
              // The connection is lost: what was on its way is lost with it.
              escuchando = false;
              sinAvisar = 0;
              cache.estado(false);
              break;
            case 'recuperarAvisos':
              // Listening again, it empties itself: the commits it was not told of are read from the database.
              escuchando = true;
              sinAvisar = 0;
              cache.estado(true);
              break;
            case 'invalidar':
              await cache.invalidar();
              break;
          }
          if (sinAvisar === 0) {
            expect((await leerAhora()).precio).toBe(enLaBase);
            expect((await leerVarios())?.precio).toBe(enLaBase);
          }
        }
        for (const lectura of enVuelo) lectura.soltar();
        await Promise.all(enVuelo.map((l) => l.hecha));
        if (escuchando) {
          if (sinAvisar > 0) cache.cambio();
          expect((await leerAhora()).precio).toBe(enLaBase);
        }
        // Not listening, nothing is kept: every read goes on to the database.
        if (!escuchandoAlEmpezar && !pasos.some((p) => p.tipo === 'recuperarAvisos')) {
          expect(contados.every((r) => r === 'sin_avisos')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("a new pedido's productos: the kept ones from memory, the rest in one read, kept; the view of a transaction keeps nothing", async () => {
    const otros = ['7b1e1c52-3a3e-4a8e-9d55-2a4c1d1f0a04', '7b1e1c52-3a3e-4a8e-9d55-2a4c1d1f0a05'].map((id) =>
      ProductoId.crear(id)._unsafeUnwrap(),
    );
    const [uno, dos] = otros as [ProductoId, ProductoId];
    const leidos: ProductoId[][] = [];
    const leer = (ids: readonly ProductoId[]) => {
      leidos.push([...ids]);
      return okAsync(ids.map((id) => ({ ...productoA(1), id })));
    };
    const cache = cacheEnProceso({ escuchando: true, contar: () => {} });
    await cache.producto(ID, () => okAsync(productoA(1)));
    const sinGuardar = (await cache.sinGuardar.varios([ID, uno], leer))._unsafeUnwrap();
    expect(sinGuardar.map((p) => p.id).sort()).toEqual([ID, uno].sort());
    expect(leidos).toEqual([[uno]]);
    const todos = (await cache.varios([ID, uno, dos], leer))._unsafeUnwrap();
    expect(todos.map((p) => p.id).sort()).toEqual([ID, uno, dos].sort());
    expect(leidos).toEqual([[uno], [uno, dos]]);
    await cache.varios([uno, dos, ID], leer);
    expect(leidos).toHaveLength(2);
    await cache.invalidar();
    await cache.varios([dos], leer);
    expect(leidos).toEqual([[uno], [uno, dos], [dos]]);
  });

  test('a read that failed is not kept, and the next asks again', async () => {
    const cache = cacheEnProceso({ escuchando: true, contar: () => {} });
    const fallida = await cache.producto(ID, () => errAsync({ kind: 'BaseDeDatosNoDisponible' }));
    expect(fallida.isErr()).toBe(true);
    const buena = await cache.producto(ID, () => okAsync(productoA(5)));
    expect(buena._unsafeUnwrap().precio).toBe(5);
  });

  test('keeps at most its number of entries, the least recently read dropped first', async () => {
    const contados: ResultadoEnProceso[] = [];
    const cache = cacheEnProceso({
      escuchando: true,
      contar: (r) => contados.push(r),
      entradas: 2,
    });
    const ids = ['7b1e1c52-3a3e-4a8e-9d55-2a4c1d1f0a02', '7b1e1c52-3a3e-4a8e-9d55-2a4c1d1f0a03', ID].map((id) =>
      ProductoId.crear(id)._unsafeUnwrap(),
    );
    for (const id of ids) await cache.producto(id, () => okAsync(productoA(1)));
    contados.length = 0;
    await cache.producto(ids[0] as ProductoId, () => okAsync(productoA(1)));
    await cache.producto(ids[2] as ProductoId, () => okAsync(productoA(1)));
    expect(contados).toEqual(['fallo', 'acierto']);
  });
});

/** The value of `pedidos_cache_catalogo_en_proceso_total{resultado}` in the service's `/metrics`. */
async function contadosDelServicio(url: string, resultado: ResultadoEnProceso): Promise<number> {
  const texto = await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer metricas' } })).text();
  const linea = new RegExp(`^pedidos_cache_catalogo_en_proceso_total\\{resultado="${resultado}"\\} (\\d+)$`, 'm').exec(
    texto,
  );
  return Number(linea?.[1] ?? Number.NaN);
}

describe.each(bases())('the catalogue kept in the process on $nombre', ({ url }) => {
  const entorno = conServicio(url, { tokenDeMetricas: 'metricas' });

  test("the service's own changes are read right after, and repeated reads are answered from memory", async () => {
    const { api, anonimo, servicio } = entorno();
    const producto = await crearProducto(api, { precio_centavos: 100, stock: 5 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        async (precios) => {
          for (const precio of precios) {
            expect((await api.patch(`/productos/${producto.id}`, { precio_centavos: precio })).status).toBe(200);
            expect((await anonimo.get<ProductoJson>(`/productos/${producto.id}`)).body.precio_centavos).toBe(precio);
          }
        },
      ),
      { numRuns: 10 },
    );
    const antes = await contadosDelServicio(servicio.url, 'acierto');
    await hasta(
      async () => {
        await anonimo.get(`/productos/${producto.id}`);
        return (await contadosDelServicio(servicio.url, 'acierto')) > antes;
      },
      { plazoMs: 3000, cadaMs: 20 },
    );
  });
});

const urlDePostgres = process.env.TEST_DATABASE_URL;

describe.runIf(urlDePostgres !== undefined)('the catalogue kept in the process, changed behind its back', () => {
  const entorno = conServicio(urlDePostgres, { tokenDeMetricas: 'metricas' });
  let otra: BaseDeDatos;
  beforeAll(async () => {
    otra = await abrirBaseDeDatos({ url: urlDePostgres, maxConexiones: 1 });
  });
  afterAll(async () => {
    await otra?.cerrar();
  });

  const precioLeido = async (id: string) =>
    (await entorno().anonimo.get<ProductoJson>(`/productos/${id}`)).body.precio_centavos;

  /** Reads until a read is answered from memory: the producto is kept. */
  async function guardado(id: string) {
    const { servicio } = entorno();
    await hasta(
      async () => {
        const antes = await contadosDelServicio(servicio.url, 'acierto');
        await precioLeido(id);
        return (await contadosDelServicio(servicio.url, 'acierto')) > antes;
      },
      { plazoMs: 5000, cadaMs: 20 },
    );
  }

  test('a commit of another process is read within a second, though the producto was kept', async () => {
    const producto = await crearProducto(entorno().api, { precio_centavos: 100 });
    await guardado(producto.id);
    await otra.sql`update productos set precio_centavos = 200 where id = ${producto.id}`;
    const ms = await hasta(async () => (await precioLeido(producto.id)) === 200, { plazoMs: 1000, cadaMs: 2 });
    console.log(`a change committed elsewhere was read ${ms} ms after its commit`);
  });

  test('a commit made while the listening connection was cut is not missed', async () => {
    const producto = await crearProducto(entorno().api, { precio_centavos: 100 });
    await guardado(producto.id);
    const cortadas = await otra.sql<{ corto: boolean }[]>`
      select pg_terminate_backend(pid) as corto from pg_stat_activity
      where application_name = 'pedidos: LISTEN pedidos_catalogo' and datname = current_database()`;
    expect(cortadas.length).toBeGreaterThan(0);
    await otra.sql`update productos set precio_centavos = 300 where id = ${producto.id}`;
    await hasta(async () => (await precioLeido(producto.id)) === 300, { plazoMs: 5000, cadaMs: 20 });
    // Listening again: kept again, and told again.
    await guardado(producto.id);
    await otra.sql`update productos set precio_centavos = 400 where id = ${producto.id}`;
    await hasta(async () => (await precioLeido(producto.id)) === 400, { plazoMs: 1000, cadaMs: 2 });
  });
});
