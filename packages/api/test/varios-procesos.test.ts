import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Cliente,
  clienteHttp,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PedidoJson,
  type ProductoJson,
} from './apoyo.ts';
import { arrancar, matar, type Proceso } from './procesos.ts';

const url = process.env.TEST_DATABASE_URL;

// Several service processes on one database must behave as one. Two real
// processes (`pnpm start`'s program) share the test's PostgreSQL here.
describe.skipIf(url === undefined)('two service processes on one database', () => {
  const procesos: Proceso[] = [];
  let uno: Cliente;
  let dos: Cliente;

  beforeAll(async () => {
    procesos.push(
      ...(await Promise.all([arrancar({ DATABASE_URL: url ?? '' }), arrancar({ DATABASE_URL: url ?? '' })])),
    );
    uno = clienteHttp(procesos[0]?.url ?? '');
    dos = clienteHttp(procesos[1]?.url ?? '');
  });
  afterAll(async () => {
    await Promise.all(procesos.map((p) => matar(p, 'SIGTERM')));
  });

  test('confirmations racing through both for scarce stock: no oversell, no 5xx', async () => {
    const producto = await crearProducto(uno, { stock: 10 });
    const pedidos: PedidoJson[] = [];
    for (let i = 0; i < 30; i++) {
      const cliente = await crearCliente(i % 2 === 0 ? uno : dos);
      pedidos.push(await crearPedido(i % 2 === 0 ? dos : uno, cliente.id, [{ producto_id: producto.id, cantidad: 1 }]));
    }
    const respuestas = await Promise.all(
      pedidos.map((p, i) => (i % 2 === 0 ? uno : dos).patch(`/pedidos/${p.id}/confirmar`)),
    );
    expect(respuestas.filter((r) => r.status === 200)).toHaveLength(10);
    for (const r of respuestas.filter((r) => r.status !== 200)) esperarProblema(r, 409, 'STOCK_INSUFICIENTE');
    expect((await dos.get<ProductoJson>(`/productos/${producto.id}`)).body.stock).toBe(0);
  });

  test('item changes to one pedido through both are applied one after another: none lost', async () => {
    const cliente = await crearCliente(uno);
    const a = await crearProducto(uno, { stock: 1000 });
    const b = await crearProducto(dos, { stock: 1000 });
    const pedido = await crearPedido(uno, cliente.id);
    const respuestas = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? uno : dos).post(`/pedidos/${pedido.id}/items`, {
          producto_id: i % 4 < 2 ? a.id : b.id,
          cantidad: 1,
        }),
      ),
    );
    expect(respuestas.map((r) => r.status)).toEqual(Array(40).fill(201));
    const final = await dos.get<PedidoJson>(`/pedidos/${pedido.id}`);
    expect(final.body).toMatchObject({ total_cantidad: 40, version: 41 });
    expect(final.body.items.map((i) => i.cantidad)).toEqual([20, 20]);
  });

  test('an Idempotency-Key is honoured across processes', async () => {
    const cliente = await crearCliente(uno);
    const producto = await crearProducto(uno, { stock: 5 });
    const pedido = await crearPedido(uno, cliente.id, [{ producto_id: producto.id, cantidad: 2 }]);
    const clave = `varios-${pedido.id}`;
    const primera = await uno.patch(`/pedidos/${pedido.id}/confirmar`, undefined, { 'Idempotency-Key': clave });
    const segunda = await dos.patch(`/pedidos/${pedido.id}/confirmar`, undefined, { 'Idempotency-Key': clave });
    expect(primera.status).toBe(200);
    expect(segunda).toMatchObject({ status: 200, body: primera.body });
    expect(segunda.headers.get('idempotency-replayed')).toBe('true');
    expect((await uno.get<ProductoJson>(`/productos/${producto.id}`)).body.stock).toBe(3);
  });
});
