/**
 * The sales report kept by its consumer on its own (eventos.md, "Sales
 * report": "reflects an event within 5 s of its commit"; decision 0025): fed
 * in process on the embedded database and on a server, through the real
 * RabbitMQ, and by a `pnpm worker` while the API's process runs with
 * `CONSUMIDORES=off` — which, without a broker, must then leave the events
 * in the outbox for the worker rather than mark them published.
 *
 * The 5 s is the contract's, the deadline of a poll, not a measure of speed.
 *
 * Each suite on a server has a database of its own: a report counts every
 * pedido of its range, and a relay takes every suite's events.
 */
import { abrirBaseDeDatos } from '@pedidos/persistence';
import { describe, expect, test } from 'vitest';
import {
  basePropiaDeLaSuite,
  bases,
  type Cliente,
  clienteHttp,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  EN_CI,
  hasta,
  type PedidoJson,
} from './apoyo.ts';
import { arrancar, arrancarTrabajador, matar } from './procesos.ts';
import { COMO_TENER_RABBITMQ, HAY_RABBITMQ, vhostDeLaSuite } from './rabbitmq.ts';

type Fila = { clave: string; pedidos: number; unidades: number; importe_centavos: number };

/** The contract's bound on the report's delay. */
const CINCO_SEGUNDOS = 5000;

/** A producto's row of the report over the last and the next hour. */
async function filaDe(api: Cliente, productoId: string): Promise<Fila | undefined> {
  const ahora = Date.now();
  const r = await api.get<{ items: Fila[] }>(
    `/reportes/ventas?${new URLSearchParams({
      desde: new Date(ahora - 3_600_000).toISOString(),
      hasta: new Date(ahora + 3_600_000).toISOString(),
      agrupar: 'producto',
    })}`,
  );
  expect(r.status).toBe(200);
  return r.body.items.find((f) => f.clave === productoId);
}

/**
 * Confirms a pedido of 3 units of a new producto, waits for the report to
 * show it, cancels it, waits for the report to leave it out; each within 5 s.
 */
async function seReflejaEnElInforme(api: Cliente): Promise<void> {
  const cliente = await crearCliente(api);
  const producto = await crearProducto(api, { precio_centavos: 1999, stock: 10 });
  const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 3 }]);
  expect((await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`)).status).toBe(200);
  let vista: Fila | undefined;
  await hasta(
    async () => {
      vista = await filaDe(api, producto.id);
      return vista !== undefined;
    },
    { plazoMs: CINCO_SEGUNDOS, cadaMs: 50, describir: () => 'the confirmation never reached the report' },
  );
  expect(vista).toEqual({ clave: producto.id, pedidos: 1, unidades: 3, importe_centavos: 5997 });
  expect((await api.patch(`/pedidos/${pedido.id}/cancelar`, { motivo: 'prueba' })).status).toBe(200);
  await hasta(async () => (await filaDe(api, producto.id)) === undefined, {
    plazoMs: CINCO_SEGUNDOS,
    cadaMs: 50,
    describir: () => 'the cancellation never reached the report',
  });
}

describe.each(bases())('the report fed in process on $nombre', ({ url }) => {
  const entorno = conServicio(basePropiaDeLaSuite(url, 'pedidos_vivo'));

  test('a confirmation shows, and its cancellation leaves it out, within 5 s', async () => {
    await seReflejaEnElInforme(entorno().api);
  });
});

test.runIf(!HAY_RABBITMQ && EN_CI)('RabbitMQ is there for the report through the broker, as CI requires', () => {
  expect.fail(`RabbitMQ not found; ${COMO_TENER_RABBITMQ}`);
});

describe.runIf(HAY_RABBITMQ).each(bases())('the report fed through RabbitMQ on $nombre', ({ url }) => {
  const vhost = vhostDeLaSuite();
  const base = basePropiaDeLaSuite(url, 'pedidos_vivo');
  // Asked when the service starts, in conServicio's beforeAll, which runs after the one above.
  const entorno = conServicio(base, { urlDeRabbitMq: () => vhost().url() });

  test('a confirmation shows, and its cancellation leaves it out, within 5 s', async () => {
    await seReflejaEnElInforme(entorno().api);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL !== undefined)('pnpm worker beside an API with CONSUMIDORES=off', () => {
  const base = basePropiaDeLaSuite(process.env.TEST_DATABASE_URL, 'pedidos_vivo');

  test('without a broker, the API leaves the events to the worker, which catches up and then keeps up', async () => {
    const api = await arrancar({ DATABASE_URL: base ?? '', CONSUMIDORES: 'off' });
    let trabajador: Awaited<ReturnType<typeof arrancarTrabajador>> | undefined;
    try {
      const cliente = clienteHttp(api.url, api.token);
      const comprador = await crearCliente(cliente);
      const producto = await crearProducto(cliente, { precio_centavos: 500, stock: 10 });
      const pedido = await crearPedido(cliente, comprador.id, [{ producto_id: producto.id, cantidad: 2 }]);
      expect((await cliente.patch(`/pedidos/${pedido.id}/confirmar`)).status).toBe(200);
      // No process runs a consumer: the event waits, unpublished, and the report does not have it.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await filaDe(cliente, producto.id)).toBeUndefined();
      const db = await abrirBaseDeDatos({ url: base, maxConexiones: 1 });
      try {
        const [fila] = await db.sql<{ n: number }[]>`
          SELECT count(*)::int AS n FROM eventos WHERE agregado_id = ${pedido.id} AND publicado_en IS NULL`;
        expect(fila?.n).toBeGreaterThan(0);
      } finally {
        await db.cerrar();
      }
      trabajador = await arrancarTrabajador({ DATABASE_URL: base ?? '' });
      await hasta(async () => (await filaDe(cliente, producto.id)) !== undefined, {
        plazoMs: CINCO_SEGUNDOS,
        cadaMs: 50,
        describir: () => 'the worker did not catch up',
      });
      await seReflejaEnElInforme(cliente);
    } finally {
      if (trabajador !== undefined) await matar(trabajador, 'SIGTERM');
      await matar(api, 'SIGTERM');
    }
  }, 60_000);
});
