/**
 * `GET /reportes/ventas` (eventos.md, "Sales report"; decision 0026): for
 * staff only; its query checked; and its figures those of the pedidos placed,
 * confirmed and cancelled through the API, once the `ventas` consumer has
 * been given their committed events as the stream carries them.
 *
 * The consumer is run here by hand, in a transaction as its runtime runs it,
 * on each stored event built into its CloudEvent, by a service that runs no
 * consumer of its own (`CONSUMIDORES=off`); the runtime that feeds it on its
 * own, and the check that it does so within 5 s, are ventas-en-vivo.test.ts's.
 *
 * On a server, the suite has a database of its own: a report by day counts
 * every pedido of the day that any suite's consumer was given.
 */
import { randomUUID } from 'node:crypto';
import type { EventoPorPublicar } from '@pedidos/persistence';
import { describe, expect, test } from 'vitest';
import { type CloudEvent, cloudEvent } from '../src/eventos/cloudevents.ts';
import { consumidorDeVentas } from '../src/eventos/ventas.ts';
import {
  basePropiaDeLaSuite,
  bases,
  type Cliente,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PedidoJson,
  registrarse,
} from './apoyo.ts';

type Fila = { clave: string; pedidos: number; unidades: number; importe_centavos: number };
type Informe = { items: Fila[] };

const consulta = (datos: Record<string, string>) => `/reportes/ventas?${new URLSearchParams(datos)}`;

describe.each(bases())('GET /reportes/ventas on $nombre', ({ url }) => {
  const entorno = conServicio(basePropiaDeLaSuite(url, 'pedidos_ventas'), { consumidores: false });

  /** The stored events of these pedidos that the consumer takes, in the order they were written, as the stream carries them. */
  async function eventosDeVentas(pedidos: readonly string[]): Promise<CloudEvent[]> {
    const { sql } = entorno().servicio.baseDeDatos;
    const filas = await sql<EventoPorPublicar[]>`
      SELECT id, evento_id, tipo, agregado, agregado_id, secuencia, ocurrido_en, datos, intentos
      FROM eventos
      WHERE agregado = 'pedido' AND agregado_id = ANY(${pedidos}::uuid[])
        AND tipo IN ('PedidoConfirmado', 'PedidoCancelado')
      ORDER BY id`;
    return filas.map(cloudEvent).filter((e) => (consumidorDeVentas.tipos as readonly string[]).includes(e.type));
  }

  /** One delivery, in a transaction of its own, as the consumer's runtime makes it. */
  const entregar = (evento: CloudEvent) =>
    entorno().servicio.baseDeDatos.sql.begin((tx) => consumidorDeVentas.manejar(tx, evento));

  async function confirmado(api: Cliente, clienteId: string, items: { producto_id: string; cantidad: number }[]) {
    const pedido = await crearPedido(api, clienteId, items);
    const r = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`);
    expect(r.status).toBe(200);
    return r.body;
  }

  describe('who may ask', () => {
    const rango = consulta({ desde: '2026-01-01', hasta: '2026-02-01' });

    test('without a token, 401 with how to authenticate', async () => {
      const r = await entorno().anonimo.get(rango);
      esperarProblema(r, 401, 'NO_AUTENTICADO');
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="pedidos"');
    });

    test('a cliente, 403, even with a query that is not valid', async () => {
      const { api } = await registrarse(entorno().servicio.url);
      esperarProblema(await api.get(rango), 403, 'PROHIBIDO');
      esperarProblema(await api.get('/reportes/ventas'), 403, 'PROHIBIDO');
    });

    test('staff, 200, and no cache may keep it', async () => {
      const r = await entorno().api.get<Informe>(rango);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.body).toEqual({ items: [] });
    });
  });

  describe('its query', () => {
    test.each([
      ['no desde', { hasta: '2026-02-01' }, 'desde'],
      ['no hasta', { desde: '2026-01-01' }, 'hasta'],
      ['a desde that is not an instant', { desde: 'ayer', hasta: '2026-02-01' }, 'desde'],
      ['an instant without a zone', { desde: '2026-01-01T00:00:00', hasta: '2026-02-01' }, 'desde'],
      ['hasta equal to desde', { desde: '2026-01-01', hasta: '2026-01-01T00:00:00Z' }, 'hasta'],
      ['hasta before desde', { desde: '2026-02-01', hasta: '2026-01-01' }, 'hasta'],
      ['more than 366 days', { desde: '2025-01-01', hasta: '2026-01-02T00:00:00.001Z' }, 'hasta'],
      ['another grouping', { desde: '2026-01-01', hasta: '2026-02-01', agrupar: 'semana' }, 'agrupar'],
      ['an unknown parameter', { desde: '2026-01-01', hasta: '2026-02-01', limit: '10' }, 'limit'],
    ])('%s is 422 VALIDACION naming the parameter', async (_, datos, campo) => {
      const p = esperarProblema(await entorno().api.get(consulta(datos)), 422, 'VALIDACION');
      expect(p.errores.map((e) => e.campo)).toEqual([campo]);
    });

    test('366 days exactly, with offsets, and without agrupar (by day) are accepted', async () => {
      const { api } = entorno();
      for (const datos of [
        { desde: '2024-01-01', hasta: '2025-01-01' },
        { desde: '2026-01-01T00:00:00+02:00', hasta: '2026-01-01T00:00:00-02:00', agrupar: 'producto' },
      ]) {
        expect(await api.get(consulta(datos))).toMatchObject({ status: 200, body: { items: [] } });
      }
    });
  });

  test('counts the confirmed pedidos at their frozen prices, by day and by producto, without those cancelled', async () => {
    const { api } = entorno();
    const desde = new Date();
    const cliente = await crearCliente(api);
    const a = await crearProducto(api, { precio_centavos: 1250, stock: 100 });
    const b = await crearProducto(api, { precio_centavos: 300, stock: 100 });
    const uno = await confirmado(api, cliente.id, [
      { producto_id: a.id, cantidad: 2 },
      { producto_id: b.id, cantidad: 1 },
    ]);
    const dos = await confirmado(api, cliente.id, [{ producto_id: a.id, cantidad: 1 }]);
    const anulado = await confirmado(api, cliente.id, [{ producto_id: b.id, cantidad: 4 }]);
    expect((await api.patch(`/pedidos/${anulado.id}/cancelar`)).status).toBe(200);
    // A carrito cancelled was never a sale: its event is taken and changes nothing.
    const carrito = await crearPedido(api, cliente.id, [{ producto_id: a.id, cantidad: 9 }]);
    expect((await api.patch(`/pedidos/${carrito.id}/cancelar`)).status).toBe(200);
    // The price changes after the confirmations: the report keeps the frozen ones.
    expect((await api.patch(`/productos/${a.id}`, { precio_centavos: 99_999 })).status).toBe(200);
    const hasta = new Date(Date.now() + 1);

    const eventos = await eventosDeVentas([uno.id, dos.id, anulado.id, carrito.id]);
    expect(eventos.map((e) => e.type).sort()).toEqual([
      'pedidos.pedido.cancelado',
      'pedidos.pedido.cancelado',
      'pedidos.pedido.confirmado',
      'pedidos.pedido.confirmado',
      'pedidos.pedido.confirmado',
    ]);
    // Newest first (a cancellation before its confirmation), then every one again: a redelivery.
    for (const evento of [...eventos].reverse()) await entregar(evento);
    for (const evento of eventos) await entregar(evento);

    const rango = { desde: desde.toISOString(), hasta: hasta.toISOString() };
    const porProducto = await api.get<Informe>(consulta({ ...rango, agrupar: 'producto' }));
    expect(porProducto.status).toBe(200);
    expect(porProducto.body.items).toEqual(
      [
        { clave: a.id, pedidos: 2, unidades: 3, importe_centavos: 3 * 1250 },
        { clave: b.id, pedidos: 1, unidades: 1, importe_centavos: 300 },
      ].sort((x, y) => (x.clave < y.clave ? -1 : 1)),
    );

    // By day: the UTC date of each confirmado_en, as the API answered it (a test run across midnight has two).
    const porDia = new Map<string, Fila>();
    for (const p of [uno, dos]) {
      const clave = (p.confirmado_en ?? '').slice(0, 10);
      const fila = porDia.get(clave) ?? { clave, pedidos: 0, unidades: 0, importe_centavos: 0 };
      porDia.set(clave, {
        clave,
        pedidos: fila.pedidos + 1,
        unidades: fila.unidades + p.total_cantidad,
        importe_centavos: fila.importe_centavos + p.total_centavos,
      });
    }
    const dia = await api.get<Informe>(consulta(rango));
    expect(dia.status).toBe(200);
    expect(dia.body.items).toEqual([...porDia.values()].sort((x, y) => (x.clave < y.clave ? -1 : 1)));
    expect(uno.total_centavos + dos.total_centavos).toBe(3 * 1250 + 300);

    // `hasta` is exclusive: a range that ends at the first confirmation leaves every one out.
    const antes = await api.get<Informe>(consulta({ desde: rango.desde, hasta: uno.confirmado_en ?? '' }));
    expect(antes.body.items).toEqual([]);
  });

  test('throws for an event that is not the shape it knows, so that it is dead-lettered, and writes nothing', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { precio_centavos: 500 });
    const pedido = await confirmado(api, cliente.id, [{ producto_id: producto.id, cantidad: 2 }]);
    const [evento] = await eventosDeVentas([pedido.id]);
    if (evento === undefined) throw new Error('sin el evento de la confirmación');
    const datos = evento.data as { lineas: Record<string, unknown>[] };
    const malos: CloudEvent[] = [
      { ...evento, data: { ...evento.data, total_centavos: 999 } },
      { ...evento, data: { ...evento.data, total_cantidad: '2' } },
      { ...evento, data: { ...evento.data, lineas: [] } },
      { ...evento, data: { ...evento.data, lineas: [{ ...datos.lineas[0], precio_unitario: 2.5 }] } },
      { ...evento, data: { ...evento.data, pedido_id: 'no-es-un-uuid' } },
      { ...evento, subject: randomUUID() },
      { ...evento, time: 'ayer' },
      { ...evento, type: 'pedidos.pedido.pagado' },
      { ...evento, type: 'pedidos.pedido.cancelado', data: { pedido_id: pedido.id, estado_anterior: 'enviado' } },
    ];
    for (const malo of malos) await expect(entregar(malo), JSON.stringify(malo)).rejects.toThrow();

    const rango = { desde: new Date(Date.now() - 60_000).toISOString(), hasta: new Date(Date.now() + 1).toISOString() };
    const r = await api.get<Informe>(consulta({ ...rango, agrupar: 'producto' }));
    expect(r.body.items.filter((f) => f.clave === producto.id)).toEqual([]);
    await entregar(evento);
    const despues = await api.get<Informe>(consulta({ ...rango, agrupar: 'producto' }));
    expect(despues.body.items.filter((f) => f.clave === producto.id)).toEqual([
      { clave: producto.id, pedidos: 1, unidades: 2, importe_centavos: 1000 },
    ]);
  });
});
