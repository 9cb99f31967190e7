/**
 * `pnpm bench`: loads a data set into BENCH_DATABASE_URL (a database the bench
 * owns: it is emptied first), starts the service on it as `pnpm start` runs it,
 * drives it with autocannon at 50 connections, then, with the service stopped,
 * runs the floors it is measured against; prints every figure beside its target
 * (issue 14) and writes them under bench/results/.
 *
 *   BENCH_DATABASE_URL   required, e.g. postgres://localhost:5432/pedidos_bench
 *   BENCH_CLIENTES       10000     BENCH_PRODUCTOS  1000     BENCH_PEDIDOS  1000000
 *   BENCH_SEGUNDOS       10 per scenario and side
 *   BENCH_STOCK_ESCASO   2000 units of each of the three contended productos
 *   BENCH_REDIS_URL      redis://127.0.0.1:6379, for the catalogue's reads with and without its cache
 *                        (skipped when nothing answers there); its keys are deleted afterwards
 *
 * Placement runs without keys and with alternate, in two pairs, and each
 * side's figure is its two runs' (their mean rate, the worse percentiles).
 * Each placement scenario starts once the service's relay has published what
 * the one before left (its time to do so is printed and kept, as the relay's
 * lag after 10 s of placements): a scenario must not pay for another's events.
 * The floors run while nothing else does: the service's relay and consumers
 * would otherwise take the floor's events, and its payment sweep its time.
 * The list is measured on the same 1000 clientes at 10k and at BENCH_PEDIDOS
 * pedidos; the pedidos added in between, and the placements, belong to the
 * other clientes, so the answers are the same and only the table grows.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as esperar } from 'node:timers/promises';
import { abrirBaseDeDatos, estadoDelOutbox, migrar, type Sql } from '@pedidos/persistence';
import { medirArranque } from './arranque.ts';
import { type MedidaDelCatalogo, medirCatalogo } from './catalogo.ts';
import { elegir, type Figuras } from './medidas.ts';
import { type Evaluacion, evaluar, OBJETIVOS } from './objetivos.ts';
import { CLIENTES_SONDA, muestras, PRODUCTOS_ESCASOS, sembrarCatalogo, sembrarPedidos, vaciar } from './sembrar.ts';
import { arrancarServicio, type Colocaciones, colocaciones, juntas, lecturas } from './servicio.ts';
import { arrancarSueloHttp, capturarRespuesta, type RespuestaCapturada } from './suelo-http.ts';
import { colocacionesEnSql } from './suelo-sql.ts';

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
  clientes: Math.max(entero('BENCH_CLIENTES', 10_000), CLIENTES_SONDA * 2),
  productos: Math.max(entero('BENCH_PRODUCTOS', 1000), PRODUCTOS_ESCASOS + 3),
  pedidos: entero('BENCH_PEDIDOS', 1_000_000),
};
const segundos = entero('BENCH_SEGUNDOS', 10);
/** Pairs of placement runs, without keys and with, alternated. */
const PARES_DE_COLOCACION = 2;
const stockEscaso = entero('BENCH_STOCK_ESCASO', 2000);
const pedidosIniciales = Math.min(10_000, tamano.pedidos);
const urlDeRedis = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

type Fila = { readonly escenario: string; readonly figuras: Figuras };

/**
 * Waits until every committed event that is not parked is published; how long that took, in ms, or null after a
 * minute (the run goes on, and says so).
 */
async function hastaQueSePublique(sql: Sql): Promise<number | null> {
  const inicio = performance.now();
  for (;;) {
    const { sinPublicar, aparcados } = await estadoDelOutbox(sql);
    if (sinPublicar - aparcados === 0) return performance.now() - inicio;
    if (performance.now() - inicio > 60_000) return null;
    await esperar(100);
  }
}
const publicacion: Record<string, number | null> = {};
async function publicarTras(escenario: string, sql: Sql): Promise<void> {
  const ms = await hastaQueSePublique(sql);
  publicacion[escenario] = ms === null ? null : Math.round(ms);
  console.log(
    ms === null
      ? `  the relay had not published what ${escenario} left after a minute; the next scenario starts anyway`
      : `  the relay published what ${escenario} left in ${ms.toFixed(0)} ms`,
  );
}
const filas: Fila[] = [];
function anotar(escenario: string, figuras: Figuras): Figuras {
  filas.push({ escenario, figuras });
  console.log(
    `${escenario}: ${figuras.porSegundo.toFixed(0)}/s, p50 ${figuras.p50.toFixed(1)} ms, p99 ${figuras.p99.toFixed(1)} ms` +
      (figuras.errores > 0 ? `, ${figuras.errores} errors` : '') +
      (figuras.rechazos > 0 ? `, ${figuras.rechazos} refused` : ''),
  );
  return figuras;
}

function imprimirCatalogo({ sinCache, conCache }: MedidaDelCatalogo) {
  const fila = (escenario: string, sin: Figuras, con: Figuras) => ({
    scenario: escenario,
    'uncached/s': Math.round(sin.porSegundo),
    'uncached p99 ms': Number(sin.p99.toFixed(1)),
    'cached/s': Math.round(con.porSegundo),
    'cached p99 ms': Number(con.p99.toFixed(1)),
    errors: sin.errores + con.errores,
    'cached/uncached': Number((con.porSegundo / sin.porSegundo).toFixed(2)),
  });
  console.log();
  console.log(
    `the catalogue with and without its Redis cache (hits ${((conCache.aciertos ?? 0) * 100).toFixed(1)}% of every read):`,
  );
  console.table([
    fila('GET /productos/{id}', sinCache.producto, conCache.producto),
    fila('GET /productos?page=&limit=20', sinCache.lista, conCache.lista),
    fila('GET /productos/{id} beside placements', sinCache.productoConColocaciones, conCache.productoConColocaciones),
  ]);
}

function imprimirObjetivos(evaluaciones: readonly Evaluacion[]) {
  console.log();
  console.log('against the targets (issue 14):');
  console.table(
    evaluaciones.map((e) => ({
      figure: e.nombre,
      measured: e.medido,
      target: e.objetivo,
      met: e.cumplido ? 'yes' : 'NO',
    })),
  );
}

console.log(
  `load average at the start: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
console.log('start-up on the embedded database…');
const arranque = await medirArranque();
console.log(`start-up to ready: ${arranque.primeraVezMs.toFixed(0)} ms new, ${arranque.otraVezMs.toFixed(0)} ms again`);

const db = await abrirBaseDeDatos({ url, maxConexiones: 10 });
try {
  console.log(`seeding ${tamano.clientes} clientes, ${tamano.productos} productos, ${pedidosIniciales} pedidos…`);
  await migrar(db.sql);
  await vaciar(db.sql);
  await sembrarCatalogo(db.sql, tamano, stockEscaso);
  await sembrarPedidos(db.sql, 1, pedidosIniciales);
  const ids = await muestras(db.sql);
  // Placements go to clientes outside the probe, whose lists stay as they were seeded.
  const compradores = ids.clientes.slice(CLIENTES_SONDA);
  const rutaDeProducto = () => `/productos/${elegir(ids.abundantes)}`;
  const rutaDeLista = () => `/pedidos?cliente_id=${elegir(ids.sonda)}`;

  const servicio = await arrancarServicio(url);
  let memoriaPicoMiB: number;
  let respuesta: RespuestaCapturada;
  let producto: Figuras;
  let listaInicial: Figuras;
  let colocacion: Colocaciones;
  let conClaves: Colocaciones;
  try {
    await lecturas(servicio.url, servicio.token, 3, rutaDeProducto); // warm-up
    producto = anotar('GET /productos/{id}', await lecturas(servicio.url, servicio.token, segundos, rutaDeProducto));
    respuesta = await capturarRespuesta(servicio.url, servicio.token, rutaDeProducto());
    listaInicial = anotar(
      `GET /pedidos?cliente_id= at ${pedidosIniciales} pedidos`,
      await lecturas(servicio.url, servicio.token, segundos, rutaDeLista),
    );
    await publicarTras('the seed and the reads', db.sql);
    // Without keys and with, in alternated pairs: the gap of a single pair moved by up to 30 points from one run to
    // the next (docs/performance.md, 2026-12-03). Each side's figure is its runs' (`juntas`).
    const sin: Colocaciones[] = [];
    const con: Colocaciones[] = [];
    for (let par = 1; par <= PARES_DE_COLOCACION; par++) {
      const deCuantos = `run ${par} of ${PARES_DE_COLOCACION}`;
      const sinClaves = await colocaciones(servicio.url, servicio.token, segundos, compradores, ids.abundantes);
      anotar(`placement, abundant stock, ${deCuantos}`, sinClaves);
      sin.push(sinClaves);
      await publicarTras(`placement, abundant stock, ${deCuantos}`, db.sql);
      const claves = await colocaciones(servicio.url, servicio.token, segundos, compradores, ids.abundantes, {
        conClaves: true,
      });
      anotar(`placement with an Idempotency-Key on both requests, ${deCuantos}`, claves);
      con.push(claves);
      await publicarTras(`placement with an Idempotency-Key, ${deCuantos}`, db.sql);
    }
    colocacion = juntas(sin);
    anotar('placement, abundant stock, runs together', colocacion);
    conClaves = juntas(con);
    anotar('placement with an Idempotency-Key on both requests, runs together', conClaves);
    // Confirmations the service still has in flight when autocannon stops may hold these
    // rows: lock them as confirmations do, by id and FOR NO KEY UPDATE (which, unlike
    // FOR UPDATE, lets new lines take their foreign-key locks), or they deadlock.
    await db.sql.begin(async (tx) => {
      await tx`SELECT id FROM productos WHERE id IN ${tx(ids.escasos)} ORDER BY id FOR NO KEY UPDATE`;
      await tx`UPDATE productos SET stock = ${stockEscaso} WHERE id IN ${tx(ids.escasos)}`;
    });
    anotar(
      `placement, ${PRODUCTOS_ESCASOS} contended productos of ${stockEscaso} units`,
      await colocaciones(servicio.url, servicio.token, segundos, compradores, ids.escasos),
    );
    await publicarTras('placement, contended', db.sql);
    memoriaPicoMiB = await servicio.memoriaPico();
  } finally {
    await servicio.detener();
  }

  console.log('floors, with the service stopped…');
  const desnudo = await arrancarSueloHttp(respuesta);
  let sueloDeLectura: Figuras;
  try {
    await lecturas(desnudo.url, servicio.token, 3, rutaDeProducto); // warm-up
    sueloDeLectura = anotar(
      'floor: bare node:http, the same bytes',
      await lecturas(desnudo.url, servicio.token, segundos, rutaDeProducto),
    );
  } finally {
    await desnudo.detener();
  }
  const sueloDeColocacion = anotar(
    'floor: placement in hand-written SQL',
    await colocacionesEnSql(db.sql, segundos, compradores, ids.abundantes),
  );
  // Nothing is to relay what the floors and the stopped service left: the next service would spend the
  // lists' measurement on it.
  await db.sql`UPDATE eventos SET publicado_en = now() WHERE publicado_en IS NULL`;

  let listaFinal: Figuras | undefined;
  if (tamano.pedidos > pedidosIniciales) {
    console.log(`seeding up to ${tamano.pedidos} pedidos…`);
    await sembrarPedidos(db.sql, pedidosIniciales + 1, tamano.pedidos, true);
    const otro = await arrancarServicio(url);
    try {
      await lecturas(otro.url, otro.token, 3, rutaDeLista); // warm-up
      listaFinal = anotar(
        `GET /pedidos?cliente_id= at ${tamano.pedidos} pedidos`,
        await lecturas(otro.url, otro.token, segundos, rutaDeLista),
      );
      memoriaPicoMiB = Math.max(memoriaPicoMiB, await otro.memoriaPico());
    } finally {
      await otro.detener();
    }
  }

  // The catalogue's own services, one after the other, with nothing else running.
  const catalogo = await medirCatalogo(url, urlDeRedis, ids.abundantes, compradores, segundos);

  const evaluaciones = evaluar(OBJETIVOS, {
    producto,
    sueloDeLectura,
    colocacion,
    conClaves,
    sueloDeColocacion,
    listaInicial,
    listaFinal,
    memoriaPicoMiB,
    arranque,
  });
  const resultado = {
    fecha: new Date().toISOString(),
    maquina: {
      cpus: cpus().length,
      memoriaMiB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
      cargaFinal: loadavg(),
    },
    tamano: { ...tamano, pedidosIniciales, segundos, stockEscaso, conexiones: 50 },
    escenarios: filas,
    memoriaPicoMiB,
    arranque,
    publicacionTrasColocacionesMs: publicacion,
    objetivos: evaluaciones,
    colocacion: { peticionesPorSegundo: colocacion.peticionesPorSegundo, p99PorPeticion: colocacion.p99PorPeticion },
    catalogo,
  };

  console.log();
  console.table(
    filas.map((f) => ({
      scenario: f.escenario,
      'per s': Math.round(f.figuras.porSegundo),
      'p50 ms': Number(f.figuras.p50.toFixed(1)),
      'p99 ms': Number(f.figuras.p99.toFixed(1)),
      errors: f.figuras.errores,
      refused: f.figuras.rechazos,
    })),
  );
  console.log(`peak service memory: ${memoriaPicoMiB.toFixed(0)} MiB`);
  if (catalogo !== undefined) imprimirCatalogo(catalogo);
  imprimirObjetivos(evaluaciones);

  const directorio = new URL('../results/', import.meta.url);
  await mkdir(directorio, { recursive: true });
  const archivo = new URL(`${resultado.fecha.replaceAll(':', '-')}.json`, directorio);
  await writeFile(archivo, `${JSON.stringify(resultado, null, 2)}\n`);
  console.log(`wrote ${archivo.pathname}`);
} finally {
  await db.cerrar();
}
