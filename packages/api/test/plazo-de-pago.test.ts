/**
 * The payment deadline (eventos.md, "The payment deadline"), over HTTP on
 * each database, with a deadline of a few seconds: a confirmed pedido left
 * unpaid is cancelled within 10 s of its deadline as `PATCH …/cancelar`
 * would, with `motivo` `plazo_de_pago_vencido`, its stock back and the cancel
 * in its history; a paid pedido and a carrito are never touched; a payment
 * racing the deadline, by `PATCH …/pagar` or by the webhook, either wins or
 * gets the answer of any cancelled pedido (a 409, or a `ReembolsoRequerido`);
 * two services sweeping one database cancel each pedido once; and a deadline
 * that passed while no process ran is met at the next start.
 *
 * A deadline this short would cancel the pedidos of every other suite on a
 * shared server, so each suite here has a database of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as esperar } from 'node:timers/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { PEDIDOS_POR_RONDA } from '../src/plazo-de-pago.ts';
import { crearRegistro } from '../src/registro.ts';
import { iniciarServicio } from '../src/servicio.ts';
import {
  administrador,
  basePropiaDeLaSuite,
  bases,
  type Cliente,
  clienteHttp,
  conServicio,
  crearCliente,
  crearProducto,
  esperarProblema,
  firmaDePagos,
  hasta,
  type PedidoJson,
  type ProductoJson,
  pedirFicha,
  SECRETO_DE_PAGOS,
} from './apoyo.ts';
import { arrancar, matar } from './procesos.ts';

/** `PLAZO_DE_PAGO_SEGUNDOS` of the services here. */
const PLAZO = 2;
/** The contract: a pedido is cancelled within 10 s of its deadline. */
const CONTRATO_MS = 10_000;

type Entrada = { tipo: string; version: number; datos: Record<string, unknown> };

const historial = async (api: Cliente, id: string) =>
  (await api.get<{ items: Entrada[] }>(`/pedidos/${id}/historial?limit=100`)).body.items;

const leerPedido = async (api: Cliente, id: string) => (await api.get<PedidoJson>(`/pedidos/${id}`)).body;
const leerStock = async (api: Cliente, id: string) => (await api.get<ProductoJson>(`/productos/${id}`)).body.stock;

/** A pedido of `cantidad` units of `productoId`, confirmed. */
async function confirmado(api: Cliente, clienteId: string, productoId: string, cantidad: number) {
  const carrito = await api.post<PedidoJson>('/pedidos', {
    cliente_id: clienteId,
    items: [{ producto_id: productoId, cantidad }],
  });
  expect(carrito.status).toBe(201);
  const r = await api.patch<PedidoJson>(`/pedidos/${carrito.body.id}/confirmar`);
  expect(r.status).toBe(200);
  return r.body;
}

/** The instant `pedido`'s deadline passes. */
const vence = (pedido: PedidoJson, segundos = PLAZO) => Date.parse(pedido.confirmado_en ?? '') + segundos * 1000;

/** Waits until the pedido is no longer `confirmado`, for at most the contract's 10 s past its deadline, and reads it. */
async function hastaQueDejeDeEstarConfirmado(api: Cliente, pedido: PedidoJson, segundos = PLAZO) {
  let visto = pedido;
  await hasta(
    async () => {
      visto = await leerPedido(api, pedido.id);
      return visto.estado !== 'confirmado';
    },
    {
      plazoMs: Math.max(0, vence(pedido, segundos) - Date.now()) + CONTRATO_MS,
      cadaMs: 100,
      describir: () => JSON.stringify(visto),
    },
  );
  return visto;
}

/** What a cancel by the deadline leaves in a pedido that was `confirmado`. */
const canceladoPorElPlazo = {
  estado: 'cancelado',
  cancelacion: expect.objectContaining({
    motivo: 'plazo_de_pago_vencido',
    estado_anterior: 'confirmado',
    reembolso_centavos: 0,
  }),
};

describe.each(bases())('the payment deadline on $nombre', ({ url }) => {
  const entorno = conServicio(basePropiaDeLaSuite(url, 'plazo'), {
    plazoDePagoSegundos: PLAZO,
    secretoDeWebhookDePagos: SECRETO_DE_PAGOS,
  });

  test('a confirmed pedido left unpaid is cancelled within 10 s of its deadline, its stock back, the cancel in its history; a paid one and a carrito are untouched', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 10, precio_centavos: 700 });

    // The paid pedido and the carrito come first: their deadlines, were they confirmado, would pass first.
    const pagado = await confirmado(api, cliente.id, producto.id, 1);
    const pago = { importe_centavos: pagado.total_centavos, referencia: `ref-${randomUUID()}` };
    const pagadoAntes = (await api.patch<PedidoJson>(`/pedidos/${pagado.id}/pagar`, pago)).body;
    expect(pagadoAntes.estado).toBe('pagado');
    const carrito = (
      await api.post<PedidoJson>('/pedidos', {
        cliente_id: cliente.id,
        items: [{ producto_id: producto.id, cantidad: 2 }],
      })
    ).body;
    const pedido = await confirmado(api, cliente.id, producto.id, 3);
    expect(await leerStock(api, producto.id)).toBe(10 - 1 - 3);

    const visto = await hastaQueDejeDeEstarConfirmado(api, pedido);
    expect(visto).toMatchObject({ ...canceladoPorElPlazo, version: pedido.version + 1 });
    // Not before its deadline.
    expect(Date.parse(visto.cancelacion?.cancelado_en ?? '')).toBeGreaterThanOrEqual(vence(pedido));
    expect(await leerStock(api, producto.id)).toBe(10 - 1);
    const entradas = await historial(api, pedido.id);
    expect(entradas.at(-1)).toMatchObject({
      tipo: 'PedidoCancelado',
      version: pedido.version + 1,
      datos: { motivo: 'plazo_de_pago_vencido', estado_anterior: 'confirmado', reembolso_centavos: 0 },
    });
    expect(entradas.filter((e) => e.tipo === 'PedidoCancelado')).toHaveLength(1);

    // The stock came back by the same events as any cancel: StockRepuesto of the producto, in the outbox.
    const [repuesto] = await entorno().servicio.baseDeDatos.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM eventos
      WHERE agregado = 'producto' AND agregado_id = ${producto.id} AND tipo = 'StockRepuesto'`;
    expect(repuesto?.n).toBe(1);

    // The sweep that took `pedido` looked at both, whose deadlines passed before: neither changed.
    expect(await leerPedido(api, pagado.id)).toEqual(pagadoAntes);
    expect(await leerPedido(api, carrito.id)).toEqual(carrito);
    // And a cancelled pedido is refused a payment as any cancelled pedido is.
    esperarProblema(
      await api.patch(`/pedidos/${pedido.id}/pagar`, {
        importe_centavos: pedido.total_centavos,
        referencia: `ref-${randomUUID()}`,
      }),
      409,
      'TRANSICION_NO_PERMITIDA',
    );

    const metricas = await api.get<string>('/metrics');
    expect(Number(/^pedidos_plazos_vencidos_total (\d+)$/m.exec(metricas.body)?.[1])).toBeGreaterThanOrEqual(1);
  });

  test('a pedido that cannot be cancelled is said in the log and tried again each round, and holds up no other', async () => {
    const { api, lineas } = entorno();
    const cliente = await crearCliente(api);
    const lleno = await crearProducto(api, { stock: 5 });
    const atascado = await confirmado(api, cliente.id, lleno.id, 3);
    // Its stock cannot take the 3 units back: 2^53 - 1 is the most a stock holds.
    expect((await api.patch(`/productos/${lleno.id}`, { stock: Number.MAX_SAFE_INTEGER })).status).toBe(200);
    const otro = await crearProducto(api, { stock: 5 });
    const siguiente = await confirmado(api, cliente.id, otro.id, 2);

    expect(await hastaQueDejeDeEstarConfirmado(api, siguiente)).toMatchObject(canceladoPorElPlazo);
    expect(await leerStock(api, otro.id)).toBe(5);
    const avisos = () =>
      lineas.filter(
        (l) => l.includes('could not cancel a pedido past its payment deadline') && l.includes(atascado.id),
      );
    await hasta(() => avisos().length >= 2, { plazoMs: CONTRATO_MS, cadaMs: 100 });
    expect(JSON.parse(avisos()[0] ?? '{}')).toMatchObject({
      level: 'warn',
      pedido_id: atascado.id,
      kind: 'CantidadInvalida',
    });
    expect(await leerPedido(api, atascado.id)).toMatchObject({ estado: 'confirmado', version: atascado.version });

    // Once its stock can take them, a later round cancels it.
    expect((await api.patch(`/productos/${lleno.id}`, { stock: 100 })).status).toBe(200);
    expect(await hastaQueDejeDeEstarConfirmado(api, atascado)).toMatchObject(canceladoPorElPlazo);
    expect(await leerStock(api, lleno.id)).toBe(103);
  });

  test('payments racing the deadline, by PATCH …/pagar and by the webhook: each pedido ends paid or cancelled, never both, the stock agrees, and a webhook that lost asks for a refund', async () => {
    const { api, anonimo } = entorno();
    const cliente = await crearCliente(api);
    const STOCK = 200;
    const producto = await crearProducto(api, { stock: STOCK, precio_centavos: 350 });
    const N = 24;
    const pedidos: PedidoJson[] = [];
    for (let i = 0; i < N; i++) pedidos.push(await confirmado(api, cliente.id, producto.id, 1 + (i % 3)));

    // Each payment is sent at its own moment after its pedido's confirmation: spread from well before the deadline
    // to 3 s past it, where they race the sweep; the last two past the contract's 10 s, sure to lose.
    const desde = 300;
    const hastaMs = PLAZO * 1000 + 3000;
    const momentoDe = (i: number) =>
      i >= N - 2 ? PLAZO * 1000 + CONTRATO_MS + 500 : desde + ((hastaMs - desde) * i) / (N - 3);
    const pagos = pedidos.map(async (pedido, i) => {
      const momento = Date.parse(pedido.confirmado_en ?? '') + momentoDe(i);
      await esperar(Math.max(0, momento - Date.now()));
      const referencia = `ref-${randomUUID()}`;
      if (i % 2 === 0) {
        const r = await api.patch(`/pedidos/${pedido.id}/pagar`, {
          importe_centavos: pedido.total_centavos,
          referencia,
        });
        return { via: 'patch' as const, status: r.status, code: (r.body as { code?: string }).code, referencia };
      }
      const texto = JSON.stringify({
        id: `evt_${randomUUID()}`,
        tipo: 'pago.aprobado',
        pedido_id: pedido.id,
        importe_centavos: pedido.total_centavos,
        referencia,
        metodo: 'tarjeta',
      });
      const r = await anonimo.post('/pagos/webhook', texto, {
        'content-type': 'application/json',
        'pagos-firma': firmaDePagos(texto),
      });
      return { via: 'webhook' as const, status: r.status, code: undefined, referencia };
    });
    const respuestas = await Promise.all(pagos);

    let pagados = 0;
    let cancelados = 0;
    let unidadesPagadas = 0;
    for (const [i, pedido] of pedidos.entries()) {
      const respuesta = respuestas[i];
      if (respuesta === undefined) throw new Error('sin respuesta');
      const final = await hastaQueDejeDeEstarConfirmado(api, pedido);
      const tipos = (await historial(api, pedido.id)).map((e) => e.tipo);
      const veces = (tipo: string) => tipos.filter((t) => t === tipo).length;
      const contexto = JSON.stringify({ i, respuesta, final, tipos });
      if (final.estado === 'pagado') {
        pagados++;
        unidadesPagadas += final.total_cantidad;
        expect(respuesta.status, contexto).toBe(200);
        expect(final.pago?.referencia, contexto).toBe(respuesta.referencia);
        expect([veces('PedidoPagado'), veces('PedidoCancelado'), veces('ReembolsoRequerido')], contexto).toEqual([
          1, 0, 0,
        ]);
      } else {
        cancelados++;
        expect(final, contexto).toMatchObject(canceladoPorElPlazo);
        expect(veces('PedidoPagado'), contexto).toBe(0);
        expect(veces('PedidoCancelado'), contexto).toBe(1);
        if (respuesta.via === 'patch') {
          expect({ status: respuesta.status, code: respuesta.code }, contexto).toEqual({
            status: 409,
            code: 'TRANSICION_NO_PERMITIDA',
          });
          expect(veces('ReembolsoRequerido'), contexto).toBe(0);
        } else {
          // The provider took the money of a pedido already cancelled: it must be given back.
          expect(respuesta.status, contexto).toBe(200);
          const entradas = await historial(api, pedido.id);
          expect(
            entradas.filter((e) => e.tipo === 'ReembolsoRequerido'),
            contexto,
          ).toEqual([
            expect.objectContaining({
              datos: expect.objectContaining({
                importe_centavos: pedido.total_centavos,
                referencia: respuesta.referencia,
              }),
            }),
          ]);
        }
      }
    }
    console.log(`payment deadline race: ${pagados} paid, ${cancelados} cancelled by the deadline, of ${N}`);
    expect(pagados).toBeGreaterThan(0);
    expect(cancelados).toBeGreaterThan(0);
    expect(await leerStock(api, producto.id)).toBe(STOCK - unidadesPagadas);
  }, 60_000);
});

describe.each(bases().filter((b) => b.url !== undefined))(
  'two services sweeping one database on $nombre',
  ({ url }) => {
    const propia = basePropiaDeLaSuite(url, 'plazo');
    const primero = conServicio(propia, { plazoDePagoSegundos: PLAZO });
    const segundo = conServicio(propia, { plazoDePagoSegundos: PLAZO });

    test('each pedido past its deadline is cancelled once, by one of them', async () => {
      const { api } = primero();
      const cliente = await crearCliente(api);
      const producto = await crearProducto(api, { stock: 500 });
      const pedidos: PedidoJson[] = [];
      for (let i = 0; i < 40; i++) pedidos.push(await confirmado(api, cliente.id, producto.id, 1 + (i % 2)));
      for (const pedido of pedidos) {
        expect(await hastaQueDejeDeEstarConfirmado(segundo().api, pedido)).toMatchObject(canceladoPorElPlazo);
      }
      const filas = await primero().servicio.baseDeDatos.sql<{ agregadoId: string; n: number }[]>`
      SELECT agregado_id, count(*)::int AS n FROM eventos
      WHERE agregado = 'pedido' AND tipo = 'PedidoCancelado' AND agregado_id = ANY(${pedidos.map((p) => p.id)}::uuid[])
      GROUP BY agregado_id`;
      expect(filas).toHaveLength(pedidos.length);
      expect(filas.filter((f) => f.n !== 1)).toEqual([]);
      expect(await leerStock(api, producto.id)).toBe(500);
      const quienes = [primero(), segundo()].map(
        (e) => e.lineas.filter((l) => l.includes('pedidos cancelled past their payment deadline')).length,
      );
      console.log(`two sweepers: rounds that cancelled, by service: ${quienes.join(', ')}`);
    }, 30_000);
  },
);

describe.each(bases())('a deadline that passed while no process ran, on $nombre', ({ url }) => {
  const propia = basePropiaDeLaSuite(url, 'plazo');
  const directorios: string[] = [];
  afterAll(async () => {
    for (const d of directorios) await rm(d, { recursive: true, force: true });
  });

  test('the next start cancels the pedido promptly', async () => {
    const segundos = 5;
    const entorno: Record<string, string> = { PLAZO_DE_PAGO_SEGUNDOS: String(segundos) };
    if (propia === undefined) {
      const directorio = await mkdtemp(join(tmpdir(), 'pedidos-plazo-'));
      directorios.push(directorio);
      entorno.DATA_DIR = directorio;
    } else {
      entorno.DATABASE_URL = propia;
    }
    const primero = await arrancar(entorno);
    const api = clienteHttp(primero.url, primero.token);
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 10 });
    const pedido = await confirmado(api, cliente.id, producto.id, 4);
    await matar(primero, 'SIGKILL');
    // Killed before its deadline (else the first process might have met it): the deadline passes while none runs.
    expect(Date.now()).toBeLessThan(vence(pedido, segundos));
    await esperar(vence(pedido, segundos) - Date.now() + 500);

    const segundo = await arrancar(entorno);
    try {
      const arrancado = Date.now();
      const api2 = clienteHttp(segundo.url, segundo.token);
      const visto = await hastaQueDejeDeEstarConfirmado(api2, pedido, segundos);
      expect(visto).toMatchObject(canceladoPorElPlazo);
      expect(Date.now() - arrancado).toBeLessThan(CONTRATO_MS);
      expect(await leerStock(api2, producto.id)).toBe(10);
      expect((await historial(api2, pedido.id)).filter((e) => e.tipo === 'PedidoCancelado')).toHaveLength(1);
    } finally {
      await matar(segundo, 'SIGTERM');
    }
  }, 60_000);
});

describe.each(bases())('more pedidos due than one round takes, on $nombre', ({ url }) => {
  const propia = basePropiaDeLaSuite(url, 'plazo');
  const directorios: string[] = [];
  afterAll(async () => {
    for (const d of directorios) await rm(d, { recursive: true, force: true });
  });

  test('rounds follow one another at once until all are cancelled, within 10 s of the start', async () => {
    const directorio = propia === undefined ? await mkdtemp(join(tmpdir(), 'pedidos-plazo-')) : undefined;
    if (directorio !== undefined) directorios.push(directorio);
    const personal = administrador();
    const lineas: string[] = [];
    const iniciar = (plazoDePagoSegundos: number) =>
      iniciarServicio(
        {
          puerto: 0,
          host: '127.0.0.1',
          urlDeBaseDeDatos: propia,
          directorioDeDatos: directorio,
          nivelDeRegistro: 'info',
          administrador: personal,
          plazoDePagoSegundos,
        },
        crearRegistro('info', (linea) => lineas.push(linea)),
      );

    // Confirmed under the default half an hour, by a service that then stops: all due at once for the next.
    const N = PEDIDOS_POR_RONDA + 30;
    const primero = await iniciar(1800);
    const pedidos: PedidoJson[] = [];
    let producto: ProductoJson;
    try {
      const api = clienteHttp(primero.url, await pedirFicha(primero.url, personal.email, personal.clave));
      const cliente = await crearCliente(api);
      producto = await crearProducto(api, { stock: 1000 });
      const carritos = await Promise.all(
        Array.from({ length: N }, () =>
          api.post<PedidoJson>('/pedidos', {
            cliente_id: cliente.id,
            items: [{ producto_id: producto.id, cantidad: 1 }],
          }),
        ),
      );
      for (const c of carritos) pedidos.push((await api.patch<PedidoJson>(`/pedidos/${c.body.id}/confirmar`)).body);
      expect(pedidos.map((p) => p.estado)).toEqual(pedidos.map(() => 'confirmado'));
    } finally {
      await primero.detener();
    }
    expect(lineas.filter((l) => l.includes('past their payment deadline'))).toEqual([]);
    // Every one of them past a deadline of 1 s before the next service starts: its first round finds them all due.
    const ultimo = pedidos.at(-1);
    if (ultimo === undefined) throw new Error('sin pedidos');
    await esperar(Math.max(0, vence(ultimo, 1) - Date.now()) + 100);

    const segundo = await iniciar(1);
    try {
      const api = clienteHttp(segundo.url, await pedirFicha(segundo.url, personal.email, personal.clave));
      // The last was confirmed last: once it is cancelled, every earlier one was taken before it.
      expect(await hastaQueDejeDeEstarConfirmado(api, ultimo, 1)).toMatchObject(canceladoPorElPlazo);
      for (const pedido of pedidos) expect(await leerPedido(api, pedido.id)).toMatchObject(canceladoPorElPlazo);
      expect(await leerStock(api, producto.id)).toBe(1000);
      const rondas = lineas
        .filter((l) => l.includes('pedidos cancelled past their payment deadline'))
        .map((l) => (JSON.parse(l) as { count: number }).count);
      expect(rondas.reduce((a, b) => a + b, 0)).toBe(N);
      expect(Math.max(...rondas)).toBe(PEDIDOS_POR_RONDA);
    } finally {
      await segundo.detener();
    }
  }, 120_000);
});
