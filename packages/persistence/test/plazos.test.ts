/**
 * The payment deadline's claim (`conPedidoVencido`), on each database: it
 * takes only `confirmado` pedidos confirmed by the given instant, the
 * earliest first; sweepers running at once cancel each pedido once; and a
 * pedido another transaction holds (a payment in flight) is passed over, not
 * waited for, and a payment that commits first wins.
 *
 * Each suite claims whatever is due in its database, so it has a database of
 * its own on a server: another suite's pedidos are none of its business.
 */
import { randomUUID } from 'node:crypto';
import {
  cancelar,
  confirmar,
  MotivoDeCancelacion,
  type Pedido,
  type Producto,
  pagar,
  ReferenciaDePago,
  totalCentavos,
} from '@pedidos/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abrirBaseDeDatos,
  type BaseDeDatos,
  type Consulta,
  conPedidoVencido,
  type PedidoVencido,
  repositorioDePedidos,
} from '../src/index.ts';
import { ahora, bases, conBaseDeDatos, type Entorno, nuevoPedido, sembrar, valor } from './apoyo.ts';

/** A database of its own on the server of `url`, made before the suite and dropped after it; the embedded one as is. */
function baseDeDatosPropia(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const nombre = `plazos_${randomUUID().replaceAll('-', '')}`;
  let servidor: BaseDeDatos | undefined;
  beforeAll(async () => {
    servidor = await abrirBaseDeDatos({ url });
    await servidor.sql.unsafe(`CREATE DATABASE ${nombre}`);
  });
  afterAll(async () => {
    await servidor?.sql.unsafe(`DROP DATABASE IF EXISTS ${nombre} WITH (FORCE)`);
    await servidor?.cerrar();
  });
  const propia = new URL(url);
  propia.pathname = `/${nombre}`;
  return propia.toString();
}

const motivo = valor(MotivoDeCancelacion.crear('plazo_de_pago_vencido'));

/** Past every instant the suites confirm at: a sweep up to it leaves nothing due behind. */
const FUTURO = new Date('2100-01-01T00:00:00Z');

/** Cancels the claimed pedido in the claim's transaction, at its claimed version, as the service's sweeper does. */
const cancelarEn = async (tx: Consulta, { id, version }: PedidoVencido) =>
  await repositorioDePedidos(tx).cancelar(id, { versionEsperada: version, ahora: ahora() }, (pe, ps, a) =>
    cancelar(pe, ps, { motivo }, a),
  );

describe.each(bases())('claiming the pedidos past their payment deadline on $nombre', ({ nombre, url }) => {
  const entorno = conBaseDeDatos(baseDeDatosPropia(url));

  /** A stored pedido of one unit of each producto, confirmed now (by the suite's clock). */
  async function confirmado(e: Entorno, productos: readonly Producto[]): Promise<Pedido> {
    const { cliente } = await sembrar(e, []);
    const pedido = valor(
      await e.pedidos.registrar(
        nuevoPedido(
          cliente,
          productos.map((p) => [p, 1]),
        ),
      ),
    );
    return valor(await e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora())));
  }

  const pagarTodo = (sql: Consulta, pedido: Pedido) =>
    repositorioDePedidos(sql).transicionar(pedido.id, { ahora: ahora() }, (pe, instante) =>
      pagar(
        pe,
        { importeCentavos: totalCentavos(pe), referencia: valor(ReferenciaDePago.crear(randomUUID())) },
        instante,
      ),
    );

  /** Claims one pedido and does nothing with it: which one the claim takes. */
  const cualToma = async (sql: Consulta, hasta: Date, salvo: readonly string[] = []) =>
    (await conPedidoVencido(sql, hasta, salvo, async () => undefined))?.pedido;

  /** Cancels every pedido past `hasta`, one claim after another, and says which. */
  async function barrer(sql: Consulta, hasta: Date): Promise<string[]> {
    const cancelados: string[] = [];
    for (;;) {
      const hecho = await conPedidoVencido(sql, hasta, [], cancelarEn);
      if (hecho === undefined) return cancelados;
      if (hecho.resultado.isErr()) throw new Error(`no se canceló ${hecho.pedido.id}: ${hecho.resultado.error.kind}`);
      cancelados.push(hecho.pedido.id);
    }
  }

  it('takes only confirmado pedidos confirmed by the instant, the earliest first, at their version, leaving out those it is told to', async () => {
    const e = entorno();
    await barrer(e.db.sql, FUTURO);
    const { productos, cliente } = await sembrar(e, [{ stock: 50 }]);
    const pagado = valor(await pagarTodo(e.db.sql, await confirmado(e, productos)));
    const cancelado = await confirmado(e, productos);
    valor(await cancelarEn(e.db.sql, { id: cancelado.id, version: cancelado.version }));
    valor(await e.pedidos.registrar(nuevoPedido(cliente, [[productos[0] as Producto, 1]])));
    const primero = await confirmado(e, productos);
    const segundo = await confirmado(e, productos);
    const despues = await confirmado(e, productos);
    const instante = (p: Pedido) => ('confirmadoEn' in p ? p.confirmadoEn : new Date(Number.NaN));

    expect(await cualToma(e.db.sql, instante(segundo))).toEqual({ id: primero.id, version: primero.version });
    // Taken and left as it was: the claim ended with its transaction, so it is taken again.
    expect((await cualToma(e.db.sql, instante(segundo)))?.id).toBe(primero.id);
    expect((await cualToma(e.db.sql, instante(segundo), [primero.id]))?.id).toBe(segundo.id);
    expect(await cualToma(e.db.sql, instante(segundo), [primero.id, segundo.id])).toBeUndefined();
    expect(await cualToma(e.db.sql, new Date(instante(primero).getTime() - 1))).toBeUndefined();
    expect((await cualToma(e.db.sql, instante(despues), [primero.id, segundo.id]))?.id).toBe(despues.id);
    // The paid and the cancelled pedidos were confirmed before all of these, and were never taken.
    expect([pagado.estado, valor(await e.pedidos.buscar(cancelado.id)).estado]).toEqual(['pagado', 'cancelado']);
  });

  it('takes what a model of the table says: the earliest confirmado by the instant, ties by id, none of those left out', async () => {
    const e = entorno();
    const { cliente, productos } = await sembrar(e, [{ stock: 1_000_000 }]);
    const [producto] = productos;
    if (producto === undefined) throw new Error('sin producto');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            estado: fc.constantFrom('carrito', 'confirmado', 'pagado', 'cancelado'),
            // Seconds after a common base: repeated, so that ties are met.
            confirmadoA: fc.nat({ max: 5 }),
            salvo: fc.boolean(),
          }),
          { minLength: 0, maxLength: 7 },
        ),
        fc.integer({ min: -1, max: 6 }),
        async (pasos, hastaA) => {
          // Nothing left due from an earlier run: the model is the whole table.
          await barrer(e.db.sql, FUTURO);
          const creados = [];
          for (const _ of pasos) creados.push(valor(await e.pedidos.registrar(nuevoPedido(cliente, [[producto, 1]]))));
          const base = ahora().getTime();
          const modelo: { id: string; confirmadoEn: number; estado: string; salvo: boolean }[] = [];
          for (const [i, paso] of pasos.entries()) {
            const creado = creados[i] as Pedido;
            const confirmadoEn = base + paso.confirmadoA * 1000;
            let final: Pedido = creado;
            if (paso.estado !== 'carrito') {
              final = valor(
                await e.pedidos.confirmar(creado.id, {}, (pe, ps) => confirmar(pe, ps, new Date(confirmadoEn))),
              );
            }
            if (paso.estado === 'pagado') final = valor(await pagarTodo(e.db.sql, final));
            if (paso.estado === 'cancelado') final = valor(await cancelarEn(e.db.sql, final));
            modelo.push({ id: final.id, confirmadoEn, estado: final.estado, salvo: paso.salvo });
          }
          const hasta = new Date(base + hastaA * 1000);
          const esperado = modelo
            .filter((m) => m.estado === 'confirmado' && m.confirmadoEn <= hasta.getTime() && !m.salvo)
            .sort((a, b) => a.confirmadoEn - b.confirmadoEn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
          const salvo = modelo.filter((m) => m.salvo).map((m) => m.id);
          expect((await cualToma(e.db.sql, hasta, salvo))?.id).toBe(esperado?.id);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('two sweeps at once cancel each pedido once, and every unit comes back', async () => {
    const e = entorno();
    await barrer(e.db.sql, FUTURO);
    const { productos } = await sembrar(e, [{ stock: 100 }, { stock: 100 }]);
    const pedidos: Pedido[] = [];
    for (let i = 0; i < 30; i++) pedidos.push(await confirmado(e, productos));
    const hasta = ahora();
    const [unos, otros] = await Promise.all([barrer(e.db.sql, hasta), barrer(e.db.sql, hasta)]);
    const todos = [...(unos ?? []), ...(otros ?? [])];
    expect(todos.toSorted()).toEqual(pedidos.map((p) => p.id).toSorted());
    console.log(`${nombre}: two sweeps at once cancelled ${unos?.length} and ${otros?.length}`);

    const filas = await e.db.sql<{ agregadoId: string; n: number }[]>`
      SELECT agregado_id, count(*)::int AS n FROM eventos
      WHERE agregado = 'pedido' AND tipo = 'PedidoCancelado' AND agregado_id = ANY(${pedidos.map((p) => p.id)}::uuid[])
      GROUP BY agregado_id`;
    expect(filas.map((f) => f.n)).toEqual(pedidos.map(() => 1));
    for (const p of productos) expect(valor(await e.productos.buscar(p.id)).stock).toBe(100);
  });

  it.runIf(url !== undefined)(
    'a pedido another transaction holds is passed over, not waited for; a payment that commits first wins',
    async () => {
      const e = entorno();
      await barrer(e.db.sql, FUTURO);
      const { productos } = await sembrar(e, [{ stock: 10 }]);
      const [producto] = productos;
      if (producto === undefined) throw new Error('sin producto');
      const enVuelo = await confirmado(e, productos);
      const otro = await confirmado(e, productos);
      const hasta = ahora();

      // A payment of `enVuelo` holds its lock, as `PATCH …/pagar` does, until it is told to commit.
      let seguir: () => void = () => {};
      const puedeSeguir = new Promise<void>((resolver) => {
        seguir = resolver;
      });
      let bloqueado: () => void = () => {};
      const estaBloqueado = new Promise<void>((resolver) => {
        bloqueado = resolver;
      });
      const pago = e.db.sql.begin(async (tx) => {
        await tx`SELECT 1 FROM pedidos WHERE id = ${enVuelo.id} FOR NO KEY UPDATE`;
        bloqueado();
        await puedeSeguir;
        return valor(await pagarTodo(tx, enVuelo));
      });
      await estaBloqueado;

      try {
        // The sweep does not wait for it: it takes the next, and finds nothing more.
        const hecho = await conPedidoVencido(e.db.sql, hasta, [], cancelarEn);
        expect(hecho?.pedido.id).toBe(otro.id);
        expect(await conPedidoVencido(e.db.sql, hasta, [], cancelarEn)).toBeUndefined();
      } finally {
        seguir();
      }
      expect((await pago).estado).toBe('pagado');
      // Once paid, it is no longer the deadline's.
      expect(await conPedidoVencido(e.db.sql, hasta, [], cancelarEn)).toBeUndefined();
      expect(valor(await e.pedidos.buscar(enVuelo.id)).estado).toBe('pagado');
      expect(valor(await e.productos.buscar(producto.id)).stock).toBe(9);
    },
  );
});
