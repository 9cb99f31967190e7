/**
 * `pnpm bench`: loads a data set into BENCH_DATABASE_URL (a database the bench
 * owns: it is emptied first), starts the service on it, drives it with
 * autocannon at 50 connections, runs the same operations without HTTP for the
 * floor, prints a table and writes the figures under bench/results/.
 *
 *   BENCH_DATABASE_URL   required, e.g. postgres://localhost:5432/pedidos_bench
 *   BENCH_CLIENTES       10000     BENCH_PRODUCTOS  1000     BENCH_PEDIDOS  100000
 *   BENCH_SEGUNDOS       10 per scenario and side
 *   BENCH_STOCK_ESCASO   2000 units of each of the three contended productos
 *   BENCH_REDIS_URL      redis://127.0.0.1:6379, for the catalogue's reads with and without its cache
 *                        (skipped when nothing answers there); its keys are deleted afterwards
 *
 * The list is measured on the same 1000 clientes at 10k and at 100k pedidos; the
 * pedidos added in between belong to the other clientes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { abrirBaseDeDatos, migrar } from '@pedidos/persistence';
import { type MedidaDelCatalogo, medirCatalogo } from './catalogo.ts';
import { elegir, type Figuras } from './medidas.ts';
import { muestras, PRODUCTOS_ESCASOS, sembrarCatalogo, sembrarPedidos, vaciar } from './sembrar.ts';
import { arrancarServicio, colocaciones, lecturas } from './servicio.ts';
import { suelo } from './suelo.ts';

function entero(nombre: string, porDefecto: number): number {
  const texto = process.env[nombre];
  if (texto === undefined || texto === '') return porDefecto;
  const valor = Number(texto);
  if (!Number.isSafeInteger(valor) || valor < 1) throw new Error(`${nombre} must be a positive integer, not ${texto}`);
  return valor;
}

const url = process.env.BENCH_DATABASE_URL;
if (url === undefined || url === '') {
  console.error(
    'BENCH_DATABASE_URL must name a PostgreSQL database the bench may empty, e.g.\n' +
      '  createdb pedidos_bench && BENCH_DATABASE_URL=postgres://localhost:5432/pedidos_bench pnpm bench',
  );
  process.exit(2);
}
const tamano = {
  clientes: entero('BENCH_CLIENTES', 10_000),
  productos: Math.max(entero('BENCH_PRODUCTOS', 1000), PRODUCTOS_ESCASOS + 3),
  pedidos: entero('BENCH_PEDIDOS', 100_000),
};
const segundos = entero('BENCH_SEGUNDOS', 10);
const stockEscaso = entero('BENCH_STOCK_ESCASO', 2000);
const pedidosIniciales = Math.min(10_000, tamano.pedidos);

type Fila = {
  escenario: string;
  servicio: Figuras;
  suelo: Figuras;
  /** service / floor, in operations per second. */
  proporcion: number;
};

const filas: Fila[] = [];
const anotar = (escenario: string, servicio: Figuras, deSuelo: Figuras) => {
  const fila = { escenario, servicio, suelo: deSuelo, proporcion: servicio.porSegundo / deSuelo.porSegundo };
  filas.push(fila);
  console.log(
    `${escenario}: service ${servicio.porSegundo.toFixed(0)}/s p99 ${servicio.p99.toFixed(1)} ms, ` +
      `floor ${deSuelo.porSegundo.toFixed(0)}/s, ratio ${fila.proporcion.toFixed(2)}`,
  );
};

const urlDeRedis = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

function imprimirCatalogo({ sinCache, conCache }: MedidaDelCatalogo) {
  const fila = (escenario: string, sin: Figuras, con: Figuras) => ({
    scenario: escenario,
    'uncached/s': Math.round(sin.porSegundo),
    'uncached p50 ms': Number(sin.p50.toFixed(1)),
    'uncached p99 ms': Number(sin.p99.toFixed(1)),
    'cached/s': Math.round(con.porSegundo),
    'cached p50 ms': Number(con.p50.toFixed(1)),
    'cached p99 ms': Number(con.p99.toFixed(1)),
    errors: sin.errores + con.errores,
    'cached/uncached': Number((con.porSegundo / sin.porSegundo).toFixed(2)),
  });
  console.log();
  console.log(
    `the catalogue with and without its cache (hits ${((conCache.aciertos ?? 0) * 100).toFixed(1)}% of every read):`,
  );
  console.table([
    fila('GET /productos/{id}', sinCache.producto, conCache.producto),
    fila('GET /productos?page=&limit=20', sinCache.lista, conCache.lista),
    fila('GET /productos/{id} beside placements', sinCache.productoConColocaciones, conCache.productoConColocaciones),
  ]);
}

const db = await abrirBaseDeDatos({ url, maxConexiones: 10 });
try {
  console.log(`seeding ${tamano.clientes} clientes, ${tamano.productos} productos, ${pedidosIniciales} pedidos…`);
  await migrar(db.sql);
  await vaciar(db.sql);
  await sembrarCatalogo(db.sql, tamano, stockEscaso);
  await sembrarPedidos(db.sql, 1, pedidosIniciales);
  const ids = await muestras(db.sql);
  const floor = suelo(db);

  const servicio = await arrancarServicio(url);
  try {
    const rutaDeProducto = () => `/productos/${elegir(ids.abundantes)}`;
    const rutaDeLista = () => `/pedidos?cliente_id=${elegir(ids.sonda)}`;
    await lecturas(servicio.url, servicio.token, 3, rutaDeProducto); // warm-up

    anotar(
      'GET /productos/{id}',
      await lecturas(servicio.url, servicio.token, segundos, rutaDeProducto),
      await floor.producto(segundos, ids.abundantes),
    );
    anotar(
      `GET /pedidos?cliente_id= (${pedidosIniciales} pedidos)`,
      await lecturas(servicio.url, servicio.token, segundos, rutaDeLista),
      await floor.pedidosDeCliente(segundos, ids.sonda),
    );

    if (tamano.pedidos > pedidosIniciales) {
      console.log(`seeding up to ${tamano.pedidos} pedidos…`);
      await sembrarPedidos(db.sql, pedidosIniciales + 1, tamano.pedidos, true);
      anotar(
        `GET /pedidos?cliente_id= (${tamano.pedidos} pedidos)`,
        await lecturas(servicio.url, servicio.token, segundos, rutaDeLista),
        await floor.pedidosDeCliente(segundos, ids.sonda),
      );
    }

    const colocacion = await colocaciones(servicio.url, servicio.token, segundos, ids.clientes, ids.abundantes);
    anotar('placement, abundant stock', colocacion, await floor.colocaciones(segundos, ids.clientes, ids.abundantes));

    // Confirmations the service still has in flight when autocannon stops may hold these
    // rows: lock them as confirmations do, by id and FOR NO KEY UPDATE (which, unlike
    // FOR UPDATE, lets new lines take their foreign-key locks), or they deadlock.
    const reponer = () =>
      db.sql.begin(async (tx) => {
        await tx`SELECT id FROM productos WHERE id IN ${tx(ids.escasos)} ORDER BY id FOR NO KEY UPDATE`;
        await tx`UPDATE productos SET stock = ${stockEscaso} WHERE id IN ${tx(ids.escasos)}`;
      });
    await reponer();
    const escasa = await colocaciones(servicio.url, servicio.token, segundos, ids.clientes, ids.escasos);
    await reponer();
    anotar(
      `placement, ${PRODUCTOS_ESCASOS} contended productos of ${stockEscaso} units`,
      escasa,
      await floor.colocaciones(segundos, ids.clientes, ids.escasos),
    );

    const memoriaPicoMiB = await servicio.memoriaPico();
    // The catalogue's own services, one after the other, with nothing else running.
    await servicio.detener();
    const catalogo = await medirCatalogo(url, urlDeRedis, ids.abundantes, ids.clientes, segundos);
    const resultado = {
      fecha: new Date().toISOString(),
      maquina: { cpus: cpus().length, memoriaMiB: Math.round(totalmem() / 2 ** 20), node: process.version },
      tamano: { ...tamano, segundos, stockEscaso, conexiones: 50 },
      memoriaPicoMiB,
      escenarios: filas,
      colocacion: { peticionesPorSegundo: colocacion.peticionesPorSegundo, p99PorPeticion: colocacion.p99PorPeticion },
      catalogo,
    };

    console.log();
    console.table(
      filas.map((f) => ({
        scenario: f.escenario,
        'service/s': Math.round(f.servicio.porSegundo),
        'p50 ms': Number(f.servicio.p50.toFixed(1)),
        'p99 ms': Number(f.servicio.p99.toFixed(1)),
        errors: f.servicio.errores,
        refused: f.servicio.rechazos,
        'floor/s': Math.round(f.suelo.porSegundo),
        'floor p99 ms': Number(f.suelo.p99.toFixed(1)),
        ratio: Number(f.proporcion.toFixed(2)),
      })),
    );
    console.log(`peak service memory: ${memoriaPicoMiB.toFixed(0)} MiB`);
    if (catalogo !== undefined) imprimirCatalogo(catalogo);

    const directorio = new URL('../results/', import.meta.url);
    await mkdir(directorio, { recursive: true });
    const archivo = new URL(`${resultado.fecha.replaceAll(':', '-')}.json`, directorio);
    await writeFile(archivo, `${JSON.stringify(resultado, null, 2)}\n`);
    console.log(`wrote ${archivo.pathname}`);
  } finally {
    await servicio.detener();
  }
} finally {
  await db.cerrar();
}
