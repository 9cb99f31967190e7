/**
 * `pnpm bench:relay`: events per second through the outbox's relay to
 * RabbitMQ, as the service runs it (`iniciarPublicacion`: claim, publish with
 * confirms, mark). It empties the outbox of BENCH_DATABASE_URL (a database the
 * bench owns), writes N committed events over A aggregates, starts one relay
 * and times it until nothing is left unpublished.
 *
 *   BENCH_DATABASE_URL   required, e.g. postgres://localhost:5432/pedidos_bench
 *   BENCH_RABBITMQ_URL   amqp://guest:guest@127.0.0.1:5672 (the exchange pedidos.eventos is declared there)
 *
 * No queue is bound by the bench: the broker confirms and drops, so what is
 * measured is the relay and the publish, not a consumer. The relay publishes
 * one event per aggregate per round (the order per subject), so few
 * aggregates mean many rounds.
 */
import { crearRegistro, iniciarPublicacion, publicadorRabbitMq } from '@pedidos/api';
import { abrirBaseDeDatos, eventosSinPublicar, migrar } from '@pedidos/persistence';

const url = process.env.BENCH_DATABASE_URL;
if (url === undefined || url === '') {
  console.error('BENCH_DATABASE_URL must name a PostgreSQL database the bench may empty');
  process.exit(2);
}
const urlDeRabbitMq = process.env.BENCH_RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';

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
} finally {
  await db.sql`DELETE FROM eventos`;
  await db.cerrar();
}
