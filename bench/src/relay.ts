/**
 * `pnpm bench:relay`, in two parts.
 *
 * 1. Events per second through the outbox's relay to RabbitMQ, as the service
 *    runs it (`iniciarPublicacion`: claim, publish with confirms, mark). It
 *    empties the outbox of BENCH_DATABASE_URL (a database the bench owns),
 *    writes N committed events over A aggregates, starts one relay and times
 *    it until nothing is left unpublished. No queue is bound: the broker
 *    confirms and drops, so what is measured is the relay and the publish.
 * 2. Confirmation → consumer: the service (`pnpm start`'s program) with its
 *    `ventas` consumer, fed through RabbitMQ and then in process, under
 *    placements (POST /pedidos + confirmar) from C connections for 10 s. For
 *    each confirmation, the time from its event (`ocurrido_en`, the
 *    confirmation's clock) to the start of the consumer's transaction that
 *    processed it (`entregas_procesadas.procesado_en`): p50 and p99; and the
 *    events the relay published per second over the run.
 *
 *   BENCH_DATABASE_URL   required, e.g. postgres://localhost:5432/pedidos_bench
 *   BENCH_RABBITMQ_URL   amqp://guest:guest@127.0.0.1:5672 (the exchange pedidos.eventos is declared there)
 *
 * The relay publishes one event per aggregate per round (the order per
 * subject), so few aggregates mean many rounds.
 */
import { crearRegistro, iniciarPublicacion, publicadorRabbitMq } from '@pedidos/api';
import { abrirBaseDeDatos, eventosSinPublicar, migrar, type Sql } from '@pedidos/persistence';
import { percentil } from './medidas.ts';
import { muestras, sembrarCatalogo, vaciar } from './sembrar.ts';
import { arrancarServicio, colocaciones } from './servicio.ts';

const url = process.env.BENCH_DATABASE_URL;
if (url === undefined || url === '') {
  console.error('BENCH_DATABASE_URL must name a PostgreSQL database the bench may empty');
  process.exit(2);
}
const urlDeRabbitMq = process.env.BENCH_RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';

/** How the consumers are fed in part 2: through the broker, and in process (no RABBITMQ_URL). */
const ALIMENTACIONES = [
  { nombre: 'RabbitMQ', entorno: { RABBITMQ_URL: urlDeRabbitMq } },
  { nombre: 'in process', entorno: {} },
] as const;
const CONEXIONES = [5, 50] as const;
const SEGUNDOS = 10;

const ESCENARIOS = [
  { eventos: 5000, agregados: 500 },
  { eventos: 2000, agregados: 10 },
] as const;

const db = await abrirBaseDeDatos({ url });
await migrar(db.sql);
const registro = crearRegistro('warn');
const filas: Record<string, string | number>[] = [];
try {
  for (const { eventos, agregados } of ESCENARIOS) {
    await db.sql`DELETE FROM eventos`;
    // Started first, with nothing to do: its connection to the broker is open before the clock starts.
    const publicacion = iniciarPublicacion({
      baseDeDatos: db,
      publicador: publicadorRabbitMq(urlDeRabbitMq, registro),
      registro,
    });
    await new Promise((r) => setTimeout(r, 1000));
    // Productos' stock set again and again: a real event type, no pedido version to keep. The commit
    // tells the relay (NOTIFY), as a change of the service would.
    await db.sql`
      INSERT INTO eventos (tipo, agregado, agregado_id, datos, ocurrido_en, secuencia)
      SELECT 'StockFijado', 'producto', a.id, jsonb_build_object('productoId', a.id, 'stockAnterior', s.n, 'stock', s.n + 1),
             now(), s.n
      FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, ${agregados}::int)) a
      CROSS JOIN generate_series(1, ${eventos / agregados}::int) AS s(n)`;
    const inicio = performance.now();
    publicacion.despertar();
    while ((await eventosSinPublicar(db.sql)) > 0) await new Promise((r) => setTimeout(r, 50));
    const segundos = (performance.now() - inicio) / 1000;
    await publicacion.detener();
    filas.push({
      scenario: `${eventos} events over ${agregados} aggregates`,
      seconds: Number(segundos.toFixed(2)),
      'events/s': Math.round(eventos / segundos),
    });
    console.log(`${eventos} events over ${agregados} aggregates: ${Math.round(eventos / segundos)}/s`);
  }
  console.table(filas);
  await deLaConfirmacionAlConsumidor();
} finally {
  await db.sql`DELETE FROM eventos`;
  await db.cerrar();
}

async function deLaConfirmacionAlConsumidor(): Promise<void> {
  const filas: Record<string, string | number>[] = [];
  for (const { nombre, entorno } of ALIMENTACIONES) {
    for (const conexiones of CONEXIONES) {
      await vaciar(db.sql);
      await sembrarCatalogo(db.sql, { clientes: 1000, productos: 1000, pedidos: 0 }, 1_000_000_000);
      const ids = await muestras(db.sql);
      const servicio = await arrancarServicio(url as string, entorno);
      try {
        const colocadas = await colocaciones(servicio.url, servicio.token, SEGUNDOS, ids.clientes, ids.abundantes, {
          conexiones,
        });
        await hastaQueSeConsuman(db.sql);
        const medida = await retrasos(db.sql);
        filas.push({
          feed: nombre,
          connections: conexiones,
          'placements/s': Math.round(colocadas.porSegundo),
          confirmations: medida.n,
          'p50 ms': Number(medida.p50.toFixed(1)),
          'p99 ms': Number(medida.p99.toFixed(1)),
          'marked published, p50 ms': Number(medida.publicadoP50.toFixed(1)),
          'relay events/s': Math.round(medida.eventosPorSegundo),
        });
        console.log(
          `${nombre}, ${conexiones} connections: confirmation → consumer p50 ${medida.p50.toFixed(1)} ms, p99 ${medida.p99.toFixed(1)} ms`,
        );
      } finally {
        await servicio.detener();
      }
    }
  }
  console.log('Confirmation → the ventas consumer (target: the report within 5 s of the commit, eventos.md)');
  console.table(filas);
}

/** Until every confirmation has been processed by the `ventas` consumer and the outbox is empty. */
async function hastaQueSeConsuman(sql: Sql): Promise<void> {
  const limite = Date.now() + 120_000;
  for (;;) {
    const [fila] = await sql<{ faltan: number; sinPublicar: number }[]>`
      SELECT (SELECT count(*) FROM eventos e WHERE e.tipo = 'PedidoConfirmado'
                AND NOT EXISTS (SELECT 1 FROM entregas_procesadas d
                                WHERE d.consumidor = 'ventas' AND d.evento_id = e.evento_id))::int AS faltan,
             (SELECT count(*) FROM eventos WHERE publicado_en IS NULL)::int AS sin_publicar`;
    if (fila?.faltan === 0 && fila.sinPublicar === 0) return;
    if (Date.now() > limite) throw new Error(`not consumed after 120 s: ${JSON.stringify(fila)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function retrasos(
  sql: Sql,
): Promise<{ n: number; p50: number; p99: number; publicadoP50: number; eventosPorSegundo: number }> {
  const filas = await sql<{ ms: number; alRelay: number }[]>`
    SELECT extract(epoch FROM d.procesado_en - e.ocurrido_en)::float8 * 1000 AS ms,
           extract(epoch FROM e.publicado_en - e.ocurrido_en)::float8 * 1000 AS al_relay
    FROM eventos e JOIN entregas_procesadas d ON d.evento_id = e.evento_id AND d.consumidor = 'ventas'
    WHERE e.tipo = 'PedidoConfirmado'`;
  const ordenadas = filas.map((f) => f.ms).sort((a, b) => a - b);
  const publicadas = filas.map((f) => f.alRelay).sort((a, b) => a - b);
  const [tramo] = await sql<{ n: number; segundos: number }[]>`
    SELECT count(*)::int AS n, extract(epoch FROM max(publicado_en) - min(ocurrido_en))::float8 AS segundos
    FROM eventos`;
  return {
    n: ordenadas.length,
    p50: percentil(ordenadas, 50),
    p99: percentil(ordenadas, 99),
    publicadoP50: percentil(publicadas, 50),
    eventosPorSegundo: (tramo?.n ?? 0) / Math.max(0.001, tramo?.segundos ?? 0),
  };
}
