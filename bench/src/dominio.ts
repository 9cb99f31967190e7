/**
 * `pnpm bench:dominio`: the cost of one pedido's life in the domain alone, no
 * I/O: create it, add three productos, change one quantity, confirm it. Every
 * value an operation returns is frozen and its instants copied
 * (docs/decisions/0010); this prints what a placement pays for that, beside the
 * budget it must stay within: a small share of the database's round trips.
 */
import {
  agregarItem,
  Cantidad,
  ClienteId,
  cambiarCantidad,
  confirmar,
  crearPedido,
  crearProducto,
  Dinero,
  Nombre,
  PedidoId,
  ProductoId,
} from '@pedidos/domain';

const ahora = new Date('2026-12-01T12:00:00Z');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const productos = [1, 2, 3].map(
  (n) =>
    crearProducto({
      id: ProductoId.crear(uuid(n))._unsafeUnwrap(),
      nombre: Nombre.crear(`Producto ${n}`)._unsafeUnwrap(),
      precio: Dinero.crear(1_000 * n)._unsafeUnwrap(),
      stock: Cantidad.crear(1_000_000_000)._unsafeUnwrap(),
      ahora,
    })._unsafeUnwrap().producto,
);
const clienteId = ClienteId.crear(uuid(99))._unsafeUnwrap();
const dos = Cantidad.crear(2)._unsafeUnwrap();
const tres = Cantidad.crear(3)._unsafeUnwrap();

function unaVida(n: number): void {
  const [a, b, c] = productos;
  if (a === undefined || b === undefined || c === undefined) throw new Error('faltan productos');
  crearPedido({ id: PedidoId.crear(uuid(1_000 + (n % 1_000_000)))._unsafeUnwrap(), clienteId, ahora })
    .andThen(({ pedido }) => agregarItem(pedido, a, dos, ahora))
    .andThen(({ pedido }) => agregarItem(pedido, b, dos, ahora))
    .andThen(({ pedido }) => agregarItem(pedido, c, dos, ahora))
    .andThen(({ pedido }) => cambiarCantidad(pedido, b, tres, ahora))
    .andThen(({ pedido }) => confirmar(pedido, productos, ahora))
    ._unsafeUnwrap();
}

const CALENTAR = 20_000;
const VECES = 200_000;
for (let i = 0; i < CALENTAR; i++) unaVida(i);
const inicio = process.hrtime.bigint();
for (let i = 0; i < VECES; i++) unaVida(i);
const ns = Number(process.hrtime.bigint() - inicio) / VECES;
// A placement on PostgreSQL takes milliseconds (docs/performance.md); the
// domain's share should stay under 2% of 1 ms.
const objetivo = 20_000;
console.log(
  `domain, one pedido's life (create, 3 adds, 1 change, confirm): ${(ns / 1000).toFixed(1)} µs ` +
    `(${Math.round(1e9 / ns).toLocaleString('en')}/s); target < ${objetivo / 1000} µs: ${ns < objetivo ? 'met' : 'MISSED'}`,
);
