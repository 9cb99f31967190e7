/**
 * The lifecycle past `confirmado`, stored: every transition read back equal,
 * the payment referencia unique across pedidos, and the stock that a
 * cancellation returns — once, whatever races it. On the embedded database the
 * races are serialized by its single session; on a server they truly run at once.
 */
import {
  cambiarDireccionDeEnvio,
  cancelar,
  confirmar,
  Direccion,
  entregar,
  enviar,
  MotivoDeCancelacion,
  NumeroDeSeguimiento,
  type Pedido,
  type Producto,
  pagar,
  ReferenciaDePago,
  Transportista,
  totalCentavos,
} from '@pedidos/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ahora, bases, conBaseDeDatos, type Entorno, nuevoPedido, sembrar, unico, valor } from './apoyo.ts';

const direccion = valor(
  Direccion.crear({
    destinatario: 'Ana Peña',
    linea1: 'Calle Mayor 1',
    linea2: null,
    ciudad: 'Madrid',
    region: 'Madrid',
    codigoPostal: '28013',
    pais: 'es',
  }),
);

const referencia = () => valor(ReferenciaDePago.crear(`ref-${unico()}-${unico()}`));

describe.each(bases())('the lifecycle stored on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);

  /** A stored pedido of the given productos (one unit each unless told), confirmed. */
  async function confirmado(e: Entorno, productos: readonly Producto[], cantidad = 1): Promise<Pedido> {
    const { cliente } = await sembrar(e, []);
    const pedido = valor(
      await e.pedidos.registrar(
        nuevoPedido(
          cliente,
          productos.map((p) => [p, cantidad]),
        ),
      ),
    );
    return valor(await e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora())));
  }

  const pagarTodo = (e: Entorno, pedido: Pedido, ref = referencia()) =>
    e.pedidos.transicionar(pedido.id, { ahora: ahora() }, (pe, instante) =>
      pagar(pe, { importeCentavos: totalCentavos(pe), referencia: ref }, instante),
    );

  it('every transition is stored and read back equal, up to entregado', async () => {
    const e = entorno();
    const { productos } = await sembrar(e, [{ stock: 5 }, { stock: 5 }]);
    const pedido = await confirmado(e, productos);
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(pedido);

    const conDireccion = valor(
      await e.pedidos.transicionar(pedido.id, { ahora: ahora() }, (pe, instante) =>
        cambiarDireccionDeEnvio(pe, direccion, instante),
      ),
    );
    expect(conDireccion.direccionEnvio).toEqual(direccion);
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(conDireccion);

    const pagado = valor(await pagarTodo(e, pedido));
    expect(pagado.estado).toBe('pagado');
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(pagado);

    const datosDeEnvio = {
      transportista: valor(Transportista.crear('Correos')),
      numeroSeguimiento: valor(NumeroDeSeguimiento.crear('PK123')),
    };
    const enviado = valor(
      await e.pedidos.transicionar(pedido.id, { ahora: ahora(), versionEsperada: pagado.version }, (pe, instante) =>
        enviar(pe, datosDeEnvio, instante),
      ),
    );
    expect(enviado.estado).toBe('enviado');
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(enviado);

    const entregado = valor(await e.pedidos.transicionar(pedido.id, { ahora: ahora() }, (pe, i) => entregar(pe, i)));
    expect(entregado.estado).toBe('entregado');
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(entregado);
    const lista = valor(await e.pedidos.listar({ estado: 'entregado' }, { pagina: 1, limite: 100 }));
    expect(lista.items.find((p) => p.id === pedido.id)).toEqual(entregado);

    const [historia] = await e.db.sql<{ tipos: string[] }[]>`
      SELECT array_agg(tipo ORDER BY secuencia) AS tipos FROM eventos WHERE agregado_id = ${pedido.id}`;
    expect(historia?.tipos).toEqual([
      'PedidoCreado',
      'ItemAgregado',
      'ItemAgregado',
      'PedidoConfirmado',
      'DireccionDeEnvioCambiada',
      'PedidoPagado',
      'PedidoEnviado',
      'PedidoEntregado',
    ]);
  });

  it('the instant is the one the caller fixes, on every try', async () => {
    const e = entorno();
    const { productos } = await sembrar(e, [{ stock: 5 }]);
    const pedido = await confirmado(e, productos);
    const instante = new Date('2031-06-01T12:00:00.123Z');
    const vistos: Date[] = [];
    const pagado = valor(
      await e.pedidos.transicionar(pedido.id, { ahora: instante }, (pe, a) => {
        vistos.push(a);
        return pagar(pe, { importeCentavos: totalCentavos(pe), referencia: referencia() }, a);
      }),
    );
    expect(vistos.every((v) => v.getTime() === instante.getTime())).toBe(true);
    expect(pagado.actualizadoEn).toEqual(instante);
  });

  it('a carrito cancels without touching the stock, and its lines keep following the producto', async () => {
    const e = entorno();
    const { cliente, productos } = await sembrar(e, [{ stock: 5 }]);
    const pedido = valor(
      await e.pedidos.registrar(
        nuevoPedido(
          cliente,
          productos.map((p) => [p, 2]),
        ),
      ),
    );
    const motivo = valor(MotivoDeCancelacion.crear('ya no lo quiero'));
    const cancelado = valor(
      await e.pedidos.cancelar(pedido.id, { ahora: ahora() }, (pe, ps, a) => cancelar(pe, ps, { motivo }, a)),
    );
    expect(cancelado).toMatchObject({ estado: 'cancelado', cancelacion: { estadoAnterior: 'carrito', motivo } });
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(cancelado);
    expect(valor(await e.productos.buscar((productos[0] as Producto).id)).stock).toBe(5);
    const [linea] = await e.db.sql<{ nombre: string | null }[]>`
      SELECT nombre FROM lineas_de_pedido WHERE pedido_id = ${pedido.id}`;
    expect(linea?.nombre).toBeNull();
  });

  it('cancelling from pagado returns the stock and refunds the payment, and reads back equal', async () => {
    const e = entorno();
    const { productos } = await sembrar(e, [
      { stock: 5, precio: 250 },
      { stock: 7, precio: 100 },
    ]);
    const pedido = await confirmado(e, productos, 2);
    const pagado = valor(await pagarTodo(e, pedido));
    const cancelado = valor(
      await e.pedidos.cancelar(pedido.id, { ahora: ahora() }, (pe, ps, a) => cancelar(pe, ps, {}, a)),
    );
    expect(cancelado).toMatchObject({
      estado: 'cancelado',
      cancelacion: { estadoAnterior: 'pagado', reembolsoCentavos: 700n, motivo: null },
      pago: 'pago' in pagado ? pagado.pago : undefined,
    });
    expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(cancelado);
    const stocks = await Promise.all(productos.map(async (p) => valor(await e.productos.buscar(p.id)).stock));
    expect(stocks).toEqual([5, 7]);
    const [repuestos] = await e.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM eventos WHERE tipo = 'StockRepuesto'
        AND agregado_id IN ${e.db.sql(productos.map((p) => p.id))}`;
    expect(repuestos?.n).toBe(2);
  });

  it('a payment referencia another pedido used is refused, and nothing changes', async () => {
    const e = entorno();
    const { productos } = await sembrar(e, [{ stock: 5 }]);
    const primero = await confirmado(e, productos);
    const segundo = await confirmado(e, productos);
    const ref = referencia();
    valor(await pagarTodo(e, primero, ref));
    const rechazo = await pagarTodo(e, segundo, ref);
    expect(rechazo._unsafeUnwrapErr()).toEqual({
      kind: 'ReferenciaDePagoDuplicada',
      pedidoId: segundo.id,
      referencia: ref,
    });
    expect(valor(await e.pedidos.buscar(segundo.id))).toEqual(segundo);
    const [pagos] = await e.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM eventos WHERE tipo = 'PedidoPagado' AND agregado_id = ${segundo.id}`;
    expect(pagos?.n).toBe(0);
  });

  it('two concurrent payments with one referencia: one wins, the other is ReferenciaDePagoDuplicada', async () => {
    const e = entorno();
    const { productos } = await sembrar(e, [{ stock: 5 }]);
    const a = await confirmado(e, productos);
    const b = await confirmado(e, productos);
    const ref = referencia();
    const resultados = await Promise.all([pagarTodo(e, a, ref), pagarTodo(e, b, ref)]);
    expect(resultados.filter((r) => r.isOk())).toHaveLength(1);
    expect(resultados.find((r) => r.isErr())?._unsafeUnwrapErr()).toMatchObject({ kind: 'ReferenciaDePagoDuplicada' });
  });

  it('two concurrent cancellations of one pedido: one wins, and the stock comes back once', async () => {
    const e = entorno();
    const { productos } = await sembrar(e, [{ stock: 10 }, { stock: 10 }]);
    const pedido = await confirmado(e, productos, 3);
    const resultados = await Promise.all(
      [1, 2, 3, 4].map(() => e.pedidos.cancelar(pedido.id, { ahora: ahora() }, (pe, ps, a) => cancelar(pe, ps, {}, a))),
    );
    expect(resultados.filter((r) => r.isOk())).toHaveLength(1);
    for (const r of resultados.filter((r) => r.isErr())) {
      expect(r._unsafeUnwrapErr()).toMatchObject({
        kind: 'TransicionNoPermitida',
        estado: 'cancelado',
        transicion: 'cancelar',
      });
    }
    for (const p of productos) expect(valor(await e.productos.buscar(p.id)).stock).toBe(10);
  });

  it('a payment and a cancellation of the same version: exactly one wins, never both, no exception', async () => {
    const e = entorno();
    for (let vuelta = 0; vuelta < 6; vuelta++) {
      const { productos } = await sembrar(e, [{ stock: 4 }]);
      const pedido = await confirmado(e, productos, 2);
      // Both based on what the caller read (If-Match): whichever runs second finds another version.
      const opciones = { ahora: ahora(), versionEsperada: pedido.version };
      const pago = () =>
        e.pedidos.transicionar(pedido.id, opciones, (pe, a) =>
          pagar(pe, { importeCentavos: totalCentavos(pe), referencia: referencia() }, a),
        );
      const cancelacion = () => e.pedidos.cancelar(pedido.id, opciones, (pe, ps, a) => cancelar(pe, ps, {}, a));
      const [pagado, cancelado] =
        vuelta % 2 === 0
          ? await Promise.all([pago(), cancelacion()])
          : await Promise.all([cancelacion(), pago()]).then(([c, p]) => [p, c] as const);
      expect([pagado.isOk(), cancelado.isOk()].filter(Boolean)).toHaveLength(1);
      const perdedor = pagado.isOk() ? cancelado : pagado;
      expect(perdedor._unsafeUnwrapErr()).toMatchObject({ kind: 'VersionDesactualizada', esperada: pedido.version });
      const final = valor(await e.pedidos.buscar(pedido.id));
      const stock = valor(await e.productos.buscar((productos[0] as Producto).id)).stock;
      expect(final.estado).toBe(pagado.isOk() ? 'pagado' : 'cancelado');
      expect(stock).toBe(pagado.isOk() ? 2 : 4);
    }
  });

  it('a payment and a cancellation without a version are applied one after the other: the stock comes back once', async () => {
    const e = entorno();
    for (let vuelta = 0; vuelta < 6; vuelta++) {
      const { productos } = await sembrar(e, [{ stock: 4, precio: 300 }]);
      const pedido = await confirmado(e, productos, 2);
      const [pagado, cancelado] = await Promise.all([
        pagarTodo(e, pedido),
        e.pedidos.cancelar(pedido.id, { ahora: ahora() }, (pe, ps, a) => cancelar(pe, ps, {}, a)),
      ]);
      // Cancelled first, the payment is refused; paid first, the cancellation refunds it.
      expect(valor(cancelado).estado).toBe('cancelado');
      const final = valor(await e.pedidos.buscar(pedido.id));
      if (pagado.isOk()) {
        expect(final).toMatchObject({ cancelacion: { estadoAnterior: 'pagado', reembolsoCentavos: 600n } });
      } else {
        expect(pagado.error).toMatchObject({ kind: 'TransicionNoPermitida', estado: 'cancelado' });
        expect(final).toMatchObject({ cancelacion: { estadoAnterior: 'confirmado', reembolsoCentavos: 0n } });
      }
      expect(valor(await e.productos.buscar((productos[0] as Producto).id)).stock).toBe(4);
    }
  });

  it('the stock keeps its invariant after a random mix of concurrent confirmations and cancellations', async () => {
    const e = entorno();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            producto: fc.nat({ max: 2 }),
            cantidad: fc.integer({ min: 1, max: 3 }),
            cancelarAntes: fc.boolean(),
            cancelarDespues: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (pasos) => {
          const inicial = [4, 5, 6];
          const { cliente, productos } = await sembrar(
            e,
            inicial.map((stock) => ({ stock })),
          );
          const pedidos: Pedido[] = [];
          for (const paso of pasos) {
            const p = productos[paso.producto] as Producto;
            pedidos.push(valor(await e.pedidos.registrar(nuevoPedido(cliente, [[p, paso.cantidad]]))));
          }
          const cancelacion = (pedido: Pedido) =>
            e.pedidos.cancelar(pedido.id, { ahora: ahora() }, (pe, ps, a) => cancelar(pe, ps, {}, a));
          await Promise.all(
            pedidos.map(async (pedido, i) => {
              const paso = pasos[i];
              const confirmacion = e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora()));
              const [r] = await Promise.all([confirmacion, paso?.cancelarAntes ? cancelacion(pedido) : undefined]);
              if (r?.isOk() && paso?.cancelarDespues) await cancelacion(pedido);
            }),
          );
          const finales = await Promise.all(pedidos.map(async (p) => valor(await e.pedidos.buscar(p.id))));
          for (const [i, producto] of productos.entries()) {
            const tomado = finales
              .filter((p) => p.estado === 'confirmado' && p.lineas[0]?.productoId === producto.id)
              .reduce((s, p) => s + (p.lineas[0]?.cantidad ?? 0), 0);
            const stock = valor(await e.productos.buscar(producto.id)).stock;
            expect(stock).toBeGreaterThanOrEqual(0);
            expect(stock).toBe((inicial[i] ?? 0) - tomado);
            const [movido] = await e.db.sql<{ descontado: number; repuesto: number }[]>`
              SELECT coalesce(sum((datos->>'cantidad')::int) FILTER (WHERE tipo = 'StockDescontado'), 0)::int AS descontado,
                     coalesce(sum((datos->>'cantidad')::int) FILTER (WHERE tipo = 'StockRepuesto'), 0)::int AS repuesto
              FROM eventos WHERE agregado = 'producto' AND agregado_id = ${producto.id}`;
            expect(stock).toBe((inicial[i] ?? 0) - (movido?.descontado ?? 0) + (movido?.repuesto ?? 0));
          }
          // Each pedido returned its stock at most once.
          const [dobles] = await e.db.sql<{ n: number }[]>`
            SELECT count(*)::int AS n FROM (
              SELECT agregado_id FROM eventos WHERE tipo = 'PedidoCancelado'
                AND agregado_id IN ${e.db.sql(pedidos.map((p) => p.id))}
              GROUP BY agregado_id HAVING count(*) > 1) d`;
          expect(dobles?.n).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });
});
