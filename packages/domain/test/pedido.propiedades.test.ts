import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  agregarItem,
  Cantidad,
  cambiarCantidad,
  cambiarPrecio,
  confirmadoEn,
  confirmar,
  crearPedido,
  fijarStock,
  type LineaDePedido,
  lineaDe,
  type Producto,
  permite,
  quitarItem,
  reconstituirPedido,
  subtotal,
  totalCantidad,
  totalCentavos,
} from '../src/index.ts';
import * as arb from '../src/testing/index.ts';
import { congelar } from './inmutabilidad.ts';
import { recorrer } from './recorrido.ts';

const sumaDe = (valores: readonly number[]) => valores.reduce((a, b) => a + b, 0);
/** Price times quantity over the lines, in exact arithmetic. */
const sumaExacta = (lineas: readonly LineaDePedido[]) =>
  lineas.reduce((suma, l) => suma + BigInt(l.precioUnitario) * BigInt(l.cantidad), 0n);

/** Scenarios with ordinary prices, with prices large enough to overflow a total, and that reach every state. */
const escenarios = fc.oneof(
  arb.escenarioDePedido(),
  arb.escenarioDePedido({ productos: { precio: { min: 0, max: Number.MAX_SAFE_INTEGER } } }),
  // Active, stocked productos, so that runs go through the whole lifecycle.
  arb.escenarioDePedido({ maxComandos: 30, productos: { estado: 'activo', stock: { min: 1, max: 20 } } }),
);

/** A carrito whose productos then changed: stock, estado and price set at random. */
const carritoConProductosCambiados = arb.pedidoEnCarrito().chain(({ pedido, productos }) =>
  fc
    .tuple(
      ...productos.map((p) =>
        fc
          .record({
            stock: arb.cantidad({ max: 25 }),
            estado: arb.estadoProducto(),
            precio: arb.dinero({ max: 10_000 }),
          })
          .map(({ stock, estado, precio }): Producto => ({ ...p, stock, estado, precio })),
      ),
    )
    .map((actuales) => ({ pedido, productos: actuales })),
);

describe('Pedido: invariants under any sequence of operations', () => {
  test.prop([escenarios])('the totals are always the exact sum of the lines', (escenario) => {
    for (const { despues } of recorrer(escenario)) {
      expect(totalCantidad(despues)).toBe(sumaDe(despues.lineas.map((l) => l.cantidad)));
      expect(Number.isSafeInteger(totalCantidad(despues))).toBe(true);
      expect(totalCentavos(despues)).toBe(sumaExacta(despues.lineas));
      expect(totalCentavos(despues) <= BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      for (const linea of despues.lineas) {
        expect(subtotal(linea)).toBe(BigInt(linea.precioUnitario) * BigInt(linea.cantidad));
      }
    }
  });

  test.prop([escenarios])('no line is ever empty, negative or repeated', (escenario) => {
    for (const { despues } of recorrer(escenario)) {
      for (const linea of despues.lineas) {
        expect(Number.isSafeInteger(linea.cantidad)).toBe(true);
        expect(linea.cantidad).toBeGreaterThanOrEqual(1);
      }
      const ids = despues.lineas.map((l) => l.productoId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  test.prop([escenarios])(
    'the version grows by one with every change and does not move when nothing changes',
    (escenario) => {
      for (const { antes, resultado, despues } of recorrer(escenario)) {
        const huboCambio = resultado.isOk() && resultado.value.eventos.length > 0;
        expect(despues.version).toBe(antes.version + (huboCambio ? 1 : 0));
        if (!huboCambio) expect(despues).toBe(antes);
        if (huboCambio) expect(despues.actualizadoEn.getTime()).toBeGreaterThan(antes.actualizadoEn.getTime());
      }
    },
  );

  test.prop([escenarios])('a line added or changed is of an active producto and fits its stock', (escenario) => {
    for (const { comando, productosAntes, resultado, despues } of recorrer(escenario)) {
      if (comando.tipo !== 'agregarItem' && comando.tipo !== 'cambiarCantidad') continue;
      const producto = productosAntes.find((p) => p.id === comando.productoId);
      const linea = lineaDe(despues, comando.productoId);
      if (resultado.isOk() && linea !== undefined && resultado.value.eventos.length > 0) {
        expect(producto?.estado).toBe('activo');
        expect(linea.cantidad).toBeLessThanOrEqual(producto?.stock ?? -1);
      }
      if (resultado.isErr()) {
        expect([
          'PedidoNoModificable',
          'CantidadInvalida',
          'ProductoNoDisponible',
          'StockInsuficiente',
          'ImporteExcesivo',
        ]).toContain(resultado.error.kind);
      }
    }
  });

  test.prop([escenarios])(
    'stock goes down only on confirmar and up only on cancelar, by exactly the lines',
    (escenario) => {
      const pasos = recorrer(escenario);
      const stockDe = (productos: readonly Producto[]) => sumaDe(productos.map((p) => p.stock));
      for (const { comando, resultado, antes, productosAntes, productosDespues } of pasos) {
        const movio = resultado.isOk() && (comando.tipo === 'confirmar' || comando.tipo === 'cancelar');
        if (!movio) {
          // What the step returned, not only what the walk kept: no other operation hands back productos.
          if (resultado.isOk()) expect('productos' in resultado.value).toBe(false);
          expect(productosDespues.map((p) => p.stock)).toEqual(productosAntes.map((p) => p.stock));
          continue;
        }
        const unidades = totalCantidad(resultado.value.pedido);
        if (comando.tipo === 'confirmar') expect(stockDe(productosAntes) - stockDe(productosDespues)).toBe(unidades);
        else
          expect(stockDe(productosDespues) - stockDe(productosAntes)).toBe(antes.estado === 'carrito' ? 0 : unidades);
      }
      for (const p of pasos.at(-1)?.productosDespues ?? []) expect(p.stock).toBeGreaterThanOrEqual(0);
    },
  );

  test.prop([escenarios])('no operation modifies the pedido or the productos it is given', (escenario) => {
    // Deeply frozen inputs: any write to them throws, and the property fails.
    expect(() => recorrer(congelar(escenario))).not.toThrow();
  });
});

describe('Pedido: editing lines', () => {
  test.prop([arb.pedidoEnCarrito(), arb.producto({ estado: 'activo', stock: { min: 2, max: 50 } }), arb.instante()])(
    'adding the same producto twice sums into one line that keeps its place',
    ({ pedido }, producto, ahora) => {
      const uno = Cantidad.crear(1)._unsafeUnwrap();
      const primero = agregarItem(pedido, producto, uno, ahora)._unsafeUnwrap().pedido;
      const segundo = agregarItem(primero, producto, uno, ahora)._unsafeUnwrap().pedido;
      expect(segundo.lineas).toHaveLength(pedido.lineas.length + 1);
      expect(segundo.lineas.map((l) => l.productoId)).toEqual(primero.lineas.map((l) => l.productoId));
      expect(lineaDe(segundo, producto.id)?.cantidad).toBe(2);
    },
  );

  test.prop([arb.pedidoEnCarrito(), arb.instante()])(
    'adding to a line or changing its quantity does not move it',
    ({ pedido, productos }, ahora) => {
      const orden = pedido.lineas.map((l) => l.productoId);
      const uno = Cantidad.crear(1)._unsafeUnwrap();
      for (const producto of productos) {
        const conStock = { ...producto, stock: Cantidad.crear(producto.stock + 1)._unsafeUnwrap() };
        const agregado = agregarItem(pedido, conStock, uno, ahora)._unsafeUnwrap().pedido;
        expect(agregado.lineas.map((l) => l.productoId)).toEqual(orden);
        const cambiado = cambiarCantidad(pedido, conStock, conStock.stock, ahora)._unsafeUnwrap().pedido;
        expect(cambiado.lineas.map((l) => l.productoId)).toEqual(orden);
      }
    },
  );

  test.prop([arb.pedidoEnCarrito(), arb.producto(), arb.instante()])(
    'setting zero removes the line, and without a line changes nothing',
    ({ pedido, productos }, ajeno, ahora) => {
      for (const producto of productos) {
        const cambio = cambiarCantidad(pedido, producto, Cantidad.cero, ahora)._unsafeUnwrap();
        expect(lineaDe(cambio.pedido, producto.id)).toBeUndefined();
        expect(cambio.pedido.lineas).toHaveLength(pedido.lineas.length - 1);
        expect(cambio.eventos).toEqual([expect.objectContaining({ tipo: 'ItemQuitado', productoId: producto.id })]);
      }
      const sinLinea = cambiarCantidad(pedido, ajeno, Cantidad.cero, ahora)._unsafeUnwrap();
      expect(sinLinea.pedido).toBe(pedido);
      expect(sinLinea.eventos).toEqual([]);
    },
  );

  test.prop([arb.pedidoEnCarrito(), arb.productoId(), arb.instante()])(
    'removing a line that does not exist is refused',
    ({ pedido }, productoId, ahora) => {
      expect(quitarItem(pedido, productoId, ahora)._unsafeUnwrapErr()).toEqual({
        kind: 'ItemNoEncontrado',
        pedidoId: pedido.id,
        productoId,
      });
    },
  );

  test.prop([
    arb.pedidoEnCarrito(),
    arb.producto({ estado: 'inactivo' }),
    arb.cantidad({ min: 1, max: 5 }),
    arb.instante(),
  ])('an inactive producto is neither added nor changed', ({ pedido }, producto, cantidad, ahora) => {
    const esperado = { kind: 'ProductoNoDisponible', productoId: producto.id };
    expect(agregarItem(pedido, producto, cantidad, ahora)._unsafeUnwrapErr()).toEqual(esperado);
    expect(cambiarCantidad(pedido, producto, cantidad, ahora)._unsafeUnwrapErr()).toEqual(esperado);
  });
});

describe('Pedido: confirmation', () => {
  test.prop([arb.pedidoConProductos(), arb.instante()])(
    'every state refuses what the transition table does not allow it, with the error the contract names',
    ({ pedido, productos }, ahora) => {
      const comandos = fc.sample(arb.comandoDePedido(productos), 30);
      for (const comando of comandos) {
        if (permite(pedido.estado, comando.tipo)) continue;
        const resultado = arb.aplicarComando(pedido, productos, comando, ahora);
        const transiciones: readonly string[] = ['pagar', 'enviar', 'entregar', 'cancelar'];
        expect(resultado._unsafeUnwrapErr()).toEqual(
          transiciones.includes(comando.tipo)
            ? { kind: 'TransicionNoPermitida', pedidoId: pedido.id, estado: pedido.estado, transicion: comando.tipo }
            : { kind: 'PedidoNoModificable', pedidoId: pedido.id, estado: pedido.estado, operacion: comando.tipo },
        );
      }
    },
  );

  test.prop([arb.pedidoId(), arb.clienteId(), arb.catalogo(), arb.instante()])(
    'an empty pedido is not confirmed',
    (id, clienteId, productos, ahora) => {
      const { pedido: vacio } = crearPedido({ id, clienteId, ahora })._unsafeUnwrap();
      expect(confirmar(vacio, productos, ahora)._unsafeUnwrapErr()).toEqual({ kind: 'PedidoVacio', pedidoId: id });
    },
  );

  test.prop([carritoConProductosCambiados, arb.instante()])(
    'confirmar deducts exactly the quantities of the lines, or changes nothing',
    ({ pedido, productos }, ahora) => {
      const resultado = confirmar(congelar(pedido), congelar(productos), ahora);
      const stockDe = new Map(productos.map((p) => [p.id, p]));
      const conLinea = pedido.lineas.map((l) => ({ linea: l, producto: stockDe.get(l.productoId) as Producto }));
      const todoDisponible = conLinea.every(({ producto }) => producto.estado === 'activo');
      const todoAlcanza = conLinea.every(({ linea, producto }) => linea.cantidad <= producto.stock);
      const debeConfirmar = pedido.lineas.length > 0 && todoDisponible && todoAlcanza;
      expect(resultado.isOk()).toBe(debeConfirmar);
      if (resultado.isErr()) return;
      const { pedido: confirmado, productos: descontados, eventos } = resultado.value;
      expect(descontados.map((p) => p.id)).toEqual(pedido.lineas.map((l) => l.productoId));
      for (const { linea, producto } of conLinea) {
        const despues = descontados.find((p) => p.id === producto.id);
        expect(despues?.stock).toBe(producto.stock - linea.cantidad);
        expect({ ...despues, stock: producto.stock, actualizadoEn: producto.actualizadoEn }).toEqual(producto);
      }
      expect(confirmado.estado).toBe('confirmado');
      expect(confirmadoEn(confirmado)).toEqual(ahora);
      expect(confirmado.version).toBe(pedido.version + 1);
      expect(eventos.map((e) => e.tipo)).toEqual(['PedidoConfirmado', ...pedido.lineas.map(() => 'StockDescontado')]);
    },
  );

  test.prop([carritoConProductosCambiados, arb.instante()])(
    'a shortage of stock is reported for every short line at once',
    ({ pedido, productos }, ahora) => {
      const activos = productos.map((p): Producto => ({ ...p, estado: 'activo' }));
      const porId = new Map(activos.map((p) => [p.id, p]));
      const cortas = pedido.lineas
        .map((l) => ({
          productoId: l.productoId,
          solicitado: l.cantidad,
          disponible: porId.get(l.productoId)?.stock ?? -1,
        }))
        .filter((f) => f.solicitado > f.disponible);
      fc.pre(cortas.length > 0);
      expect(confirmar(pedido, activos, ahora)._unsafeUnwrapErr()).toEqual({
        kind: 'StockInsuficiente',
        faltantes: cortas,
      });
    },
  );

  test.prop([carritoConProductosCambiados, arb.instante(), arb.dinero({ max: 10_000 })])(
    'confirmar freezes names and prices; a later price change does not touch the pedido',
    ({ pedido, productos }, ahora, nuevoPrecio) => {
      const disponibles = productos.map(
        (p): Producto => ({ ...p, estado: 'activo', stock: Cantidad.crear(1000)._unsafeUnwrap() }),
      );
      fc.pre(pedido.lineas.length > 0);
      const { pedido: confirmado, productos: descontados } = confirmar(pedido, disponibles, ahora)._unsafeUnwrap();
      const congeladas = confirmado.lineas.map((l): LineaDePedido => {
        const p = disponibles.find((d) => d.id === l.productoId) as Producto;
        return { productoId: p.id, nombre: p.nombre, precioUnitario: p.precio, cantidad: l.cantidad };
      });
      expect(confirmado.lineas).toEqual(congeladas);
      const encarecidos = descontados.map((p) => cambiarPrecio(p, nuevoPrecio, ahora)._unsafeUnwrap().producto);
      expect(encarecidos.every((p) => p.precio === nuevoPrecio)).toBe(true);
      expect(totalCentavos(confirmado)).toBe(sumaExacta(congeladas));
    },
  );

  test.prop([arb.pedidoEnCarrito(), arb.instante()])(
    'confirming twice deducts once',
    ({ pedido, productos }, ahora) => {
      fc.pre(pedido.lineas.length > 0);
      const primera = confirmar(pedido, productos, ahora)._unsafeUnwrap();
      const repuestos = primera.productos.map(
        (p) => fijarStock(p, Cantidad.crear(1000)._unsafeUnwrap(), ahora)._unsafeUnwrap().producto,
      );
      expect(confirmar(primera.pedido, repuestos, ahora)._unsafeUnwrapErr().kind).toBe('PedidoNoModificable');
    },
  );
});

describe('Pedido: reconstitution', () => {
  test.prop([arb.pedido()])('a stored pedido is rebuilt as it was', (pedido) => {
    expect(reconstituirPedido(pedido)._unsafeUnwrap()).toEqual(pedido);
  });

  test.prop([arb.pedidoConfirmado()])(
    'a confirmed pedido without its confirmation instant is incoherent',
    ({ pedido }) => {
      expect(reconstituirPedido({ ...pedido, confirmadoEn: null })._unsafeUnwrapErr().kind).toBe('PedidoIncoherente');
    },
  );
});
