import { describe, expect, it } from 'vitest';
import {
  agregarItem,
  Cantidad,
  ClienteId,
  cambiarCantidad,
  cambiarPrecio,
  confirmadoEn,
  confirmar,
  crearPedido,
  crearProducto,
  Dinero,
  desactivarProducto,
  Nombre,
  type Pedido,
  PedidoId,
  type Producto,
  ProductoId,
  quitarItem,
  reconstituirPedido,
  totalCantidad,
  totalCentavos,
} from '../src/index.ts';

const ahora = new Date('2030-05-01T10:00:00Z');
const luego = new Date('2030-05-01T10:05:00Z');
const n = (valor: number) => Cantidad.crear(valor)._unsafeUnwrap();

function producto(id: string, nombre: string, precio: number, stock: number): Producto {
  return crearProducto({
    id: ProductoId.crear(id)._unsafeUnwrap(),
    nombre: Nombre.crear(nombre)._unsafeUnwrap(),
    precio: Dinero.crear(precio)._unsafeUnwrap(),
    stock: n(stock),
    ahora,
  })._unsafeUnwrap().producto;
}

const cafe = producto('00000000-0000-4000-8000-000000000001', 'Café de Veracruz', 18_950, 10);
const taza = producto('00000000-0000-4000-8000-000000000002', 'Taza de barro', 7_500, 2);

function carrito(): Pedido {
  return crearPedido({
    id: PedidoId.crear('00000000-0000-4000-8000-0000000000aa')._unsafeUnwrap(),
    clienteId: ClienteId.crear('00000000-0000-4000-8000-0000000000cc')._unsafeUnwrap(),
    ahora,
  })._unsafeUnwrap().pedido;
}

describe('a new pedido', () => {
  it('is an empty carrito at version 1, with zero totals', () => {
    const pedido = carrito();
    expect(pedido).toMatchObject({ estado: 'carrito', lineas: [], version: 1, direccionEnvio: null });
    expect(confirmadoEn(pedido)).toBeNull();
    expect(totalCantidad(pedido)).toBe(0);
    expect(totalCentavos(pedido)).toBe(0n);
  });

  it('is created with items, summing those of one producto, and is still at version 1', () => {
    const { pedido, eventos } = crearPedido({
      id: PedidoId.crear('00000000-0000-4000-8000-0000000000ab')._unsafeUnwrap(),
      clienteId: ClienteId.crear('00000000-0000-4000-8000-0000000000cc')._unsafeUnwrap(),
      items: [
        { producto: cafe, cantidad: n(2) },
        { producto: taza, cantidad: n(1) },
        { producto: cafe, cantidad: n(3) },
      ],
      ahora,
    })._unsafeUnwrap();
    expect(pedido.lineas.map((l) => [l.nombre, l.cantidad])).toEqual([
      ['Café de Veracruz', 5],
      ['Taza de barro', 1],
    ]);
    expect(pedido.version).toBe(1);
    expect(eventos.map((e) => e.tipo)).toEqual(['PedidoCreado', 'ItemAgregado', 'ItemAgregado', 'ItemAgregado']);
  });

  it('is not created when an item exceeds the stock', () => {
    const resultado = crearPedido({
      id: PedidoId.crear('00000000-0000-4000-8000-0000000000ab')._unsafeUnwrap(),
      clienteId: ClienteId.crear('00000000-0000-4000-8000-0000000000cc')._unsafeUnwrap(),
      items: [
        { producto: taza, cantidad: n(2) },
        { producto: taza, cantidad: n(1) },
      ],
      ahora,
    });
    expect(resultado._unsafeUnwrapErr()).toEqual({
      kind: 'StockInsuficiente',
      faltantes: [{ productoId: taza.id, solicitado: 3, disponible: 2 }],
    });
  });

  it('reports every line short of stock at once, in line order', () => {
    const resultado = crearPedido({
      id: PedidoId.crear('00000000-0000-4000-8000-0000000000ab')._unsafeUnwrap(),
      clienteId: ClienteId.crear('00000000-0000-4000-8000-0000000000cc')._unsafeUnwrap(),
      items: [
        { producto: cafe, cantidad: n(11) },
        { producto: taza, cantidad: n(1) },
        { producto: taza, cantidad: n(2) },
      ],
      ahora,
    });
    expect(resultado._unsafeUnwrapErr()).toEqual({
      kind: 'StockInsuficiente',
      faltantes: [
        { productoId: cafe.id, solicitado: 11, disponible: 10 },
        { productoId: taza.id, solicitado: 3, disponible: 2 },
      ],
    });
  });
});

describe('agregarItem', () => {
  it('computes subtotal and total in whole centavos', () => {
    const { pedido, eventos } = agregarItem(carrito(), cafe, n(3), luego)._unsafeUnwrap();
    expect(totalCentavos(pedido)).toBe(56_850n);
    expect(pedido.version).toBe(2);
    expect(pedido.actualizadoEn).toEqual(luego);
    expect(eventos).toEqual([
      {
        tipo: 'ItemAgregado',
        pedidoId: pedido.id,
        productoId: cafe.id,
        cantidad: 3,
        cantidadEnLinea: 3,
        precioUnitario: 18_950,
        ocurridoEn: luego,
      },
    ]);
  });

  it('refuses zero units', () => {
    expect(agregarItem(carrito(), cafe, n(0), luego)._unsafeUnwrapErr()).toMatchObject({
      kind: 'CantidadInvalida',
      motivo: 'debe-ser-positiva',
    });
  });

  it('refuses to reach more units than there are, counting those already in the line', () => {
    const conUna = agregarItem(carrito(), taza, n(1), luego)._unsafeUnwrap().pedido;
    expect(agregarItem(conUna, taza, n(2), luego)._unsafeUnwrapErr()).toEqual({
      kind: 'StockInsuficiente',
      faltantes: [{ productoId: taza.id, solicitado: 3, disponible: 2 }],
    });
  });

  it('refuses an inactive producto', () => {
    const inactivo = desactivarProducto(cafe, ahora)._unsafeUnwrap().producto;
    expect(agregarItem(carrito(), inactivo, n(1), luego)._unsafeUnwrapErr()).toEqual({
      kind: 'ProductoNoDisponible',
      productoId: cafe.id,
    });
  });

  it('refuses a total that cannot be represented exactly', () => {
    const carisimo = producto('00000000-0000-4000-8000-000000000003', 'Lingote', Number.MAX_SAFE_INTEGER, 5);
    expect(agregarItem(carrito(), carisimo, n(2), luego)._unsafeUnwrapErr()).toEqual({ kind: 'ImporteExcesivo' });
  });

  it('refuses a total of units that cannot be represented exactly', () => {
    const arena = producto('00000000-0000-4000-8000-000000000004', 'Arena', 0, Number.MAX_SAFE_INTEGER);
    const grava = producto('00000000-0000-4000-8000-000000000005', 'Grava', 0, 1);
    const lleno = agregarItem(carrito(), arena, n(Number.MAX_SAFE_INTEGER), luego)._unsafeUnwrap().pedido;
    expect(agregarItem(lleno, grava, n(1), luego)._unsafeUnwrapErr()).toEqual({ kind: 'ImporteExcesivo' });
  });

  it('gives exact totals even when a current price takes them past 2^53 - 1, and does not confirm that carrito', () => {
    // A carrito is read with its productos' current prices: here one was raised after the line was written.
    const caro = cambiarPrecio(cafe, Dinero.crear(Number.MAX_SAFE_INTEGER)._unsafeUnwrap(), luego)._unsafeUnwrap()
      .producto;
    const pedido = agregarItem(carrito(), cafe, n(2), luego)._unsafeUnwrap().pedido;
    const releido: Pedido = { ...pedido, lineas: pedido.lineas.map((l) => ({ ...l, precioUnitario: caro.precio })) };
    expect(totalCentavos(releido)).toBe(2n * BigInt(Number.MAX_SAFE_INTEGER));
    expect(totalCentavos(releido)).toBe(18_014_398_509_481_982n);
    expect(confirmar(releido, [caro], luego)._unsafeUnwrapErr()).toEqual({ kind: 'ImporteExcesivo' });
    // Such a carrito is read back as it is; a confirmed pedido never holds such totals.
    expect(reconstituirPedido(releido)._unsafeUnwrap()).toEqual(releido);
    const confirmadoImposible = { ...releido, estado: 'confirmado', confirmadoEn: luego } as const;
    expect(reconstituirPedido(confirmadoImposible)._unsafeUnwrapErr().kind).toBe('PedidoIncoherente');
  });

  it('reserves no stock: the producto does not change', () => {
    agregarItem(carrito(), taza, n(2), luego);
    expect(taza.stock).toBe(2);
  });
});

describe('cambiarCantidad and quitarItem', () => {
  const conCafe = () => agregarItem(carrito(), cafe, n(4), luego)._unsafeUnwrap().pedido;

  it('sets the quantity of the line', () => {
    const { pedido } = cambiarCantidad(conCafe(), cafe, n(1), luego)._unsafeUnwrap();
    expect(pedido.lineas.map((l) => l.cantidad)).toEqual([1]);
  });

  it('zero removes the line', () => {
    const { pedido, eventos } = cambiarCantidad(conCafe(), cafe, n(0), luego)._unsafeUnwrap();
    expect(pedido.lineas).toEqual([]);
    expect(eventos.map((e) => e.tipo)).toEqual(['ItemQuitado']);
  });

  it('zero on a line that does not exist changes nothing', () => {
    const antes = conCafe();
    const { pedido, eventos } = cambiarCantidad(antes, taza, n(0), luego)._unsafeUnwrap();
    expect(pedido).toBe(antes);
    expect(eventos).toEqual([]);
  });

  it('a negative quantity is not a Cantidad', () => {
    expect(Cantidad.crear(-1)._unsafeUnwrapErr()).toEqual({ kind: 'CantidadInvalida', valor: -1, motivo: 'negativa' });
  });

  it('removing an absent line is an error', () => {
    expect(quitarItem(conCafe(), taza.id, luego)._unsafeUnwrapErr()).toMatchObject({ kind: 'ItemNoEncontrado' });
  });
});

describe('confirmar', () => {
  it('refuses an empty pedido', () => {
    expect(confirmar(carrito(), [cafe], luego)._unsafeUnwrapErr()).toMatchObject({ kind: 'PedidoVacio' });
  });

  it('deducts the stock, freezes prices and records the events', () => {
    const pedido = agregarItem(
      agregarItem(carrito(), cafe, n(3), luego)._unsafeUnwrap().pedido,
      taza,
      n(2),
      luego,
    )._unsafeUnwrap().pedido;
    const cafeMasCaro = { ...cafe, precio: Dinero.crear(20_000)._unsafeUnwrap() };
    const { pedido: confirmado, productos, eventos } = confirmar(pedido, [taza, cafeMasCaro], luego)._unsafeUnwrap();
    expect(confirmado).toMatchObject({ estado: 'confirmado', confirmadoEn: luego, version: pedido.version + 1 });
    expect(confirmado.lineas.map((l) => l.precioUnitario)).toEqual([20_000, 7_500]);
    expect(totalCentavos(confirmado)).toBe(75_000n);
    expect(productos.map((p) => [p.nombre, p.stock])).toEqual([
      ['Café de Veracruz', 7],
      ['Taza de barro', 0],
    ]);
    expect(eventos.map((e) => e.tipo)).toEqual(['PedidoConfirmado', 'StockDescontado', 'StockDescontado']);
  });

  it('reports every line short of stock at once', () => {
    const pedido = agregarItem(
      agregarItem(carrito(), cafe, n(5), luego)._unsafeUnwrap().pedido,
      taza,
      n(2),
      luego,
    )._unsafeUnwrap().pedido;
    const escasos = [
      { ...cafe, stock: n(4) },
      { ...taza, stock: n(1) },
    ];
    expect(confirmar(pedido, escasos, luego)._unsafeUnwrapErr()).toEqual({
      kind: 'StockInsuficiente',
      faltantes: [
        { productoId: cafe.id, solicitado: 5, disponible: 4 },
        { productoId: taza.id, solicitado: 2, disponible: 1 },
      ],
    });
  });

  it('a confirmed pedido is no longer modified', () => {
    const pedido = agregarItem(carrito(), cafe, n(1), luego)._unsafeUnwrap().pedido;
    const { pedido: confirmado } = confirmar(pedido, [cafe], luego)._unsafeUnwrap();
    expect(agregarItem(confirmado, cafe, n(1), luego)._unsafeUnwrapErr()).toEqual({
      kind: 'PedidoNoModificable',
      pedidoId: confirmado.id,
      estado: 'confirmado',
      operacion: 'agregarItem',
    });
    expect(confirmar(confirmado, [cafe], luego)._unsafeUnwrapErr()).toMatchObject({
      kind: 'PedidoNoModificable',
      operacion: 'confirmar',
    });
  });

  it('refuses when the producto of a line is missing', () => {
    const pedido = agregarItem(carrito(), cafe, n(1), luego)._unsafeUnwrap().pedido;
    expect(confirmar(pedido, [taza], luego)._unsafeUnwrapErr()).toEqual({
      kind: 'ProductoNoEncontrado',
      productoId: cafe.id,
    });
  });
});
