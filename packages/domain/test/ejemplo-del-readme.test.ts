/** The README's example, run as written, so that it stays true. */
import { expect, it } from 'vitest';
import {
  agregarItem,
  Cantidad,
  ClienteId,
  confirmar,
  crearPedido,
  crearProducto,
  Dinero,
  Nombre,
  PedidoId,
  ProductoId,
  totalCentavos,
} from '../src/index.ts';

it('el ejemplo del README confirma un pedido y descuenta el stock', () => {
  const ahora = new Date();
  const nuevoProducto = (nombre: string, precio: number) =>
    crearProducto({
      id: ProductoId.crear(crypto.randomUUID())._unsafeUnwrap(),
      nombre: Nombre.crear(nombre)._unsafeUnwrap(),
      precio: Dinero.crear(precio)._unsafeUnwrap(),
      stock: Cantidad.crear(5)._unsafeUnwrap(),
      ahora,
    })._unsafeUnwrap().producto;
  const cafe = nuevoProducto('Café', 18_950);
  const taza = nuevoProducto('Taza', 7_500);

  const resultado = crearPedido({
    id: PedidoId.crear(crypto.randomUUID())._unsafeUnwrap(),
    clienteId: ClienteId.crear('9b2f6c1e-3a4d-4e5f-8a7b-1c2d3e4f5a6b')._unsafeUnwrap(),
    ahora,
  })
    .andThen(({ pedido }) => Cantidad.crearPositiva(2).andThen((dos) => agregarItem(pedido, cafe, dos, ahora)))
    .andThen(({ pedido }) => confirmar(pedido, [cafe, taza], ahora));

  const { pedido, productos, eventos } = resultado._unsafeUnwrap();
  expect(totalCentavos(pedido)).toBe(37_900n);
  expect(productos.map((p) => p.stock)).toEqual([3]);
  expect(eventos.map((e) => e.tipo)).toEqual(['PedidoConfirmado', 'StockDescontado']);
});
