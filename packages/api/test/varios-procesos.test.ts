import { randomUUID } from 'node:crypto';
import { setTimeout as esperar } from 'node:timers/promises';
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
  type Respuesta,
} from './apoyo.ts';
import { arrancar, matar, type Proceso } from './procesos.ts';

const url = process.env.TEST_DATABASE_URL;

/** How many pedidos each race of transitions runs at once, one race per pedido. */
const RONDAS = 20;
/** The stock of the producto every pedido of a race shares, and how many units each pedido takes of it. */
const STOCK_COMUN = 100;
const DEL_COMUN = 2;
/** The stock of each pedido's own producto, and how many units the pedido takes of it. */
const STOCK_PROPIO = 10;
const DEL_PROPIO = 3;
/** 3 × 1250 + 2 × 500. */
const TOTAL = 4750;

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
    uno = clienteHttp(procesos[0]?.url ?? '', procesos[0]?.token);
    dos = clienteHttp(procesos[1]?.url ?? '', procesos[1]?.token);
  });
  afterAll(async () => {
    await Promise.all(procesos.map((p) => matar(p, 'SIGTERM')));
  });

  /** The process that round `ronda` sends its `k`-th request to: each round starts on the other one. */
  const por = (ronda: number, k: number) => ((ronda + k) % 2 === 0 ? uno : dos);
  const stockDe = async (api: Cliente, id: string) => (await api.get<ProductoJson>(`/productos/${id}`)).body.stock;
  const leer = async (api: Cliente, id: string) => (await api.get<PedidoJson>(`/pedidos/${id}`)).body;

  /**
   * `cuantos` confirmed pedidos, set up through both processes, each of 3
   * units of a producto of its own and 2 of one producto they all share.
   */
  async function confirmados(cuantos = RONDAS) {
    const comun = await crearProducto(uno, { precio_centavos: 500, stock: STOCK_COMUN });
    const pedidos = await Promise.all(
      Array.from({ length: cuantos }, async (_, i) => {
        const cliente = await crearCliente(por(i, 0));
        const producto = await crearProducto(por(i, 1), { precio_centavos: 1250, stock: STOCK_PROPIO });
        const carrito = await crearPedido(por(i, 0), cliente.id, [
          { producto_id: producto.id, cantidad: DEL_PROPIO },
          { producto_id: comun.id, cantidad: DEL_COMUN },
        ]);
        const r = await por(i, 1).patch<PedidoJson>(`/pedidos/${carrito.id}/confirmar`);
        expect(r.status).toBe(200);
        expect(r.body.total_centavos).toBe(TOTAL);
        return { pedido: r.body, producto };
      }),
    );
    expect(await stockDe(dos, comun.id)).toBe(STOCK_COMUN - DEL_COMUN * cuantos);
    return { comun, pedidos };
  }

  /**
   * Sends both requests of a race, the second while the first is in flight:
   * `a` leaves first in even pairs of rounds and `b` in odd ones, and the
   * other follows 0 to 4 ms later (0: in the same tick). A request without a
   * body leaves quicker than one with, so without the lag the bodiless one
   * would nearly always reach the database first; with it, either does.
   */
  async function carrera<A, B>(ronda: number, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
    const retraso = Math.floor(ronda / 4) % 5;
    const despues = async <T>(pedir: () => Promise<T>) => {
      if (retraso > 0) await esperar(retraso);
      return pedir();
    };
    if (Math.floor(ronda / 2) % 2 === 0) return Promise.all([a(), despues(b)]);
    const [rb, ra] = await Promise.all([b(), despues(a)]);
    return [ra, rb];
  }

  const pagoDe = (pedido: PedidoJson, referencia = `ref-${randomUUID()}`) => ({
    importe_centavos: pedido.total_centavos,
    referencia,
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

  test('cancellations of one pedido racing through both: exactly one 200, the rest 409, the stock back once', async () => {
    const { comun, pedidos } = await confirmados();
    const carreras = await Promise.all(
      pedidos.map(async ({ pedido, producto }, i) => ({
        pedido,
        producto,
        respuestas: await Promise.all(
          Array.from({ length: 4 }, (_, k) =>
            por(i, k).patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`, { motivo: `motivo ${k}` }),
          ),
        ),
      })),
    );
    for (const { pedido, producto, respuestas } of carreras) {
      expect(respuestas.map((r) => r.status).toSorted()).toEqual([200, 409, 409, 409]);
      for (const r of respuestas.filter((r) => r.status !== 200)) {
        expect(esperarProblema(r, 409, 'TRANSICION_NO_PERMITIDA')).toMatchObject({
          estado: 'cancelado',
          transicion: 'cancelar',
        });
      }
      const ganadora = respuestas.findIndex((r) => r.status === 200);
      const final = await leer(dos, pedido.id);
      // What the winner answered is what is stored, its motivo and all.
      expect(final).toEqual(respuestas[ganadora]?.body);
      expect(final).toMatchObject({
        estado: 'cancelado',
        version: pedido.version + 1,
        pago: null,
        cancelacion: { motivo: `motivo ${ganadora}`, estado_anterior: 'confirmado', reembolso_centavos: 0 },
      });
      expect(await stockDe(uno, producto.id)).toBe(STOCK_PROPIO);
    }
    expect(await stockDe(uno, comun.id)).toBe(STOCK_COMUN);
  });

  test('a pagar racing a cancelar through both, with the same If-Match: exactly one wins, the other is 412', async () => {
    const { comun, pedidos } = await confirmados();
    const carreras = await Promise.all(
      pedidos.map(async ({ pedido, producto }, i) => {
        const siVersion = { 'If-Match': `"${pedido.version}"` };
        const cuerpo = pagoDe(pedido);
        const [pagar, cancelar] = await carrera(
          i,
          () => por(i, 0).patch<PedidoJson>(`/pedidos/${pedido.id}/pagar`, cuerpo, siVersion),
          () => por(i, 1).patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`, undefined, siVersion),
        );
        return { pedido, producto, referencia: cuerpo.referencia, pagar, cancelar };
      }),
    );
    let pagados = 0;
    for (const { pedido, producto, referencia, pagar, cancelar } of carreras) {
      expect([pagar.status, cancelar.status].toSorted()).toEqual([200, 412]);
      const [ganadora, perdedora]: [Respuesta<PedidoJson>, Respuesta<PedidoJson>] =
        pagar.status === 200 ? [pagar, cancelar] : [cancelar, pagar];
      // The loser read the version under the pedido's lock, after the winner had committed.
      expect(esperarProblema(perdedora, 412, 'VERSION_DESACTUALIZADA').version_actual).toBe(pedido.version + 1);
      const final = await leer(uno, pedido.id);
      expect(final).toEqual(ganadora.body);
      expect(final.version).toBe(pedido.version + 1);
      expect(ganadora.headers.get('etag')).toBe(`"${pedido.version + 1}"`);
      if (pagar.status === 200) {
        pagados++;
        expect(final).toMatchObject({
          estado: 'pagado',
          pago: { importe_centavos: TOTAL, referencia, metodo: 'manual' },
          cancelacion: null,
        });
        expect(await stockDe(dos, producto.id)).toBe(STOCK_PROPIO - DEL_PROPIO);
      } else {
        expect(final).toMatchObject({
          estado: 'cancelado',
          pago: null,
          cancelacion: { estado_anterior: 'confirmado', reembolso_centavos: 0 },
        });
        expect(await stockDe(dos, producto.id)).toBe(STOCK_PROPIO);
      }
    }
    expect(await stockDe(uno, comun.id)).toBe(STOCK_COMUN - DEL_COMUN * pagados);
    // Both orders happened, so both branches above ran (see `carrera`).
    expect(pagados).toBeGreaterThan(0);
    expect(pagados).toBeLessThan(RONDAS);
  });

  test('a pagar racing a cancelar through both, without If-Match: one after the other, a refund iff paid first', async () => {
    const { comun, pedidos } = await confirmados();
    const carreras = await Promise.all(
      pedidos.map(async ({ pedido, producto }, i) => {
        const cuerpo = pagoDe(pedido);
        const [pagar, cancelar] = await carrera(
          i,
          () => por(i, 0).patch<PedidoJson>(`/pedidos/${pedido.id}/pagar`, cuerpo),
          () => por(i, 1).patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`),
        );
        return { pedido, producto, referencia: cuerpo.referencia, pagar, cancelar };
      }),
    );
    // Both orders happened, so both branches below run (see `carrera`).
    expect(carreras.filter((c) => c.pagar.status === 200).length).toBeGreaterThan(0);
    expect(carreras.filter((c) => c.pagar.status !== 200).length).toBeGreaterThan(0);
    for (const { pedido, producto, referencia, pagar, cancelar } of carreras) {
      // A cancelar is allowed from confirmado and from pagado alike: whichever came first, it is applied.
      expect(cancelar.status).toBe(200);
      const final = await leer(dos, pedido.id);
      expect(final).toEqual(cancelar.body);
      const pagadoAntes = pagar.status === 200;
      expect(final.estado).toBe('cancelado');
      expect(final.cancelacion).toMatchObject({
        estado_anterior: pagadoAntes ? 'pagado' : 'confirmado',
        reembolso_centavos: pagadoAntes ? TOTAL : 0,
      });
      if (pagadoAntes) {
        expect(pagar.body).toMatchObject({ estado: 'pagado', version: pedido.version + 1 });
        expect(final).toMatchObject({
          version: pedido.version + 2,
          pago: { importe_centavos: TOTAL, referencia },
        });
      } else {
        expect(esperarProblema(pagar, 409, 'TRANSICION_NO_PERMITIDA')).toMatchObject({
          estado: 'cancelado',
          transicion: 'pagar',
        });
        expect(final).toMatchObject({ version: pedido.version + 1, pago: null });
      }
      expect(await stockDe(uno, producto.id)).toBe(STOCK_PROPIO);
    }
    expect(await stockDe(uno, comun.id)).toBe(STOCK_COMUN);
  });

  test('payments of two pedidos with one referencia racing through both: exactly one 200, the other 409', async () => {
    const { pedidos } = await confirmados(2 * RONDAS);
    const pares = Array.from({ length: RONDAS }, (_, i) => [pedidos[2 * i], pedidos[2 * i + 1]] as const);
    const carreras = await Promise.all(
      pares.map(async ([a, b], i) => {
        if (a === undefined || b === undefined) throw new Error('faltan pedidos');
        const referencia = `ref-${randomUUID()}`;
        const respuestas = await carrera(
          i,
          () => por(i, 0).patch<PedidoJson>(`/pedidos/${a.pedido.id}/pagar`, pagoDe(a.pedido, referencia)),
          () => por(i, 1).patch<PedidoJson>(`/pedidos/${b.pedido.id}/pagar`, pagoDe(b.pedido, referencia)),
        );
        return { referencia, pedidos: [a.pedido, b.pedido], respuestas };
      }),
    );
    for (const { referencia, pedidos, respuestas } of carreras) {
      expect(respuestas.map((r) => r.status).toSorted()).toEqual([200, 409]);
      const ganador = respuestas.findIndex((r) => r.status === 200);
      const [pagado, sinPagar] = ganador === 0 ? pedidos : [pedidos[1], pedidos[0]];
      const perdedora = respuestas[1 - ganador];
      if (pagado === undefined || sinPagar === undefined || perdedora === undefined) throw new Error('sin ganador');
      esperarProblema(perdedora, 409, 'REFERENCIA_DE_PAGO_DUPLICADA');
      expect(await leer(uno, pagado.id)).toMatchObject({
        estado: 'pagado',
        version: pagado.version + 1,
        pago: { importe_centavos: TOTAL, referencia },
      });
      // The refused payment wrote nothing.
      expect(await leer(dos, sinPagar.id)).toEqual(sinPagar);
    }
  });
});
