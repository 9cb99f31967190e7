/**
 * Model-based test of the Pedido state machine: random sequences of commands run
 * against the real aggregate and against a deliberately naive reference model;
 * after every step the two must agree and every invariant must hold.
 */
import { fc, test } from '@fast-check/vitest';
import type { Result } from 'neverthrow';
import { describe, expect } from 'vitest';
import {
  agregarItem,
  Cantidad,
  cambiarCantidad,
  cambiarEstadoDeProducto,
  cambiarPrecio,
  confirmadoEn,
  confirmar,
  crearPedido,
  Dinero,
  type EstadoProducto,
  fijarStock,
  type Pedido,
  type Producto,
  quitarItem,
  totalCantidad,
  totalCentavos,
} from '../src/index.ts';
import * as arb from '../src/testing/index.ts';

type LineaModelo = { productoId: string; cantidad: number; precio: number };
type ProductoModelo = { id: string; precio: number; stock: number; activo: boolean };

/** The reference: plain data and the rules as a reader states them. */
type Modelo = {
  confirmado: boolean;
  lineas: LineaModelo[];
  productos: ProductoModelo[];
  version: number;
  reloj: number;
};

/** The system under test: immutable domain values, replaced at each step. */
type Real = { pedido: Pedido; productos: Producto[] };

type Comando = fc.Command<Modelo, Real>;

/** `ok`, or the kind of the error: what the model predicts for a command. */
function desenlace(resultado: Result<unknown, { readonly kind: string }>): string {
  return resultado.isOk() ? 'ok' : resultado.error.kind;
}

function productoModelo(m: Modelo, i: number): ProductoModelo {
  return m.productos[i % m.productos.length] as ProductoModelo;
}

function productoReal(r: Real, id: string): Producto {
  const producto = r.productos.find((p) => p.id === id);
  if (producto === undefined) throw new Error(`producto ${id} no está en el catálogo`);
  return producto;
}

function reemplazar(r: Real, productos: readonly Producto[]): void {
  const nuevos = new Map(productos.map((p) => [p.id, p]));
  r.productos = r.productos.map((p) => nuevos.get(p.id) ?? p);
}

function siguienteInstante(m: Modelo): Date {
  m.reloj += 1000;
  return new Date(m.reloj);
}

/** What the model says an edit of a line must end in. */
function esperaEdicion(m: Modelo, p: ProductoModelo, cantidadFinal: number, minimo: number, pedida: number): string {
  if (m.confirmado) return 'PedidoNoModificable';
  if (pedida < minimo) return 'CantidadInvalida';
  if (!p.activo) return 'ProductoNoDisponible';
  if (cantidadFinal > p.stock) return 'StockInsuficiente';
  return 'ok';
}

function aplicarLinea(m: Modelo, p: ProductoModelo, cantidad: number): void {
  const linea = m.lineas.find((l) => l.productoId === p.id);
  if (cantidad === 0) m.lineas = m.lineas.filter((l) => l !== linea);
  else if (linea === undefined) m.lineas.push({ productoId: p.id, cantidad, precio: p.precio });
  else Object.assign(linea, { cantidad, precio: p.precio });
  m.version += 1;
}

class AgregarItem implements Comando {
  constructor(
    readonly indice: number,
    readonly cantidad: number,
  ) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const p = productoModelo(m, this.indice);
    const actual = m.lineas.find((l) => l.productoId === p.id)?.cantidad ?? 0;
    const esperado = esperaEdicion(m, p, actual + this.cantidad, 1, this.cantidad);
    const resultado = agregarItem(
      r.pedido,
      productoReal(r, p.id),
      Cantidad.crear(this.cantidad)._unsafeUnwrap(),
      siguienteInstante(m),
    );
    expect(desenlace(resultado)).toBe(esperado);
    if (resultado.isOk()) {
      aplicarLinea(m, p, actual + this.cantidad);
      r.pedido = resultado.value.pedido;
    }
    verificar(m, r);
  }
  toString = () => `agregarItem(#${this.indice}, ${this.cantidad})`;
}

class CambiarCantidad implements Comando {
  constructor(
    readonly indice: number,
    readonly cantidad: number,
  ) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const p = productoModelo(m, this.indice);
    const linea = m.lineas.find((l) => l.productoId === p.id);
    const sinEfecto = (this.cantidad === 0 && linea === undefined) || linea?.cantidad === this.cantidad;
    const esperado = m.confirmado
      ? 'PedidoNoModificable'
      : this.cantidad === 0 || sinEfecto
        ? 'ok'
        : esperaEdicion(m, p, this.cantidad, 0, this.cantidad);
    const resultado = cambiarCantidad(
      r.pedido,
      productoReal(r, p.id),
      Cantidad.crear(this.cantidad)._unsafeUnwrap(),
      siguienteInstante(m),
    );
    expect(desenlace(resultado)).toBe(esperado);
    if (resultado.isOk()) {
      expect(resultado.value.eventos.length).toBe(sinEfecto ? 0 : 1);
      if (!sinEfecto) aplicarLinea(m, p, this.cantidad);
      r.pedido = resultado.value.pedido;
    }
    verificar(m, r);
  }
  toString = () => `cambiarCantidad(#${this.indice}, ${this.cantidad})`;
}

class QuitarItem implements Comando {
  constructor(readonly indice: number) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const p = productoModelo(m, this.indice);
    const existe = m.lineas.some((l) => l.productoId === p.id);
    const esperado = m.confirmado ? 'PedidoNoModificable' : existe ? 'ok' : 'ItemNoEncontrado';
    const resultado = quitarItem(r.pedido, productoReal(r, p.id).id, siguienteInstante(m));
    expect(desenlace(resultado)).toBe(esperado);
    if (resultado.isOk()) {
      aplicarLinea(m, p, 0);
      r.pedido = resultado.value.pedido;
    }
    verificar(m, r);
  }
  toString = () => `quitarItem(#${this.indice})`;
}

class Confirmar implements Comando {
  check = () => true;
  run(m: Modelo, r: Real): void {
    const deLinea = (l: LineaModelo) => m.productos.find((p) => p.id === l.productoId) as ProductoModelo;
    const cortas = m.lineas.filter((l) => l.cantidad > deLinea(l).stock);
    const esperado = m.confirmado
      ? 'PedidoNoModificable'
      : m.lineas.length === 0
        ? 'PedidoVacio'
        : m.lineas.some((l) => !deLinea(l).activo)
          ? 'ProductoNoDisponible'
          : cortas.length > 0
            ? 'StockInsuficiente'
            : 'ok';
    const resultado = confirmar(r.pedido, r.productos, siguienteInstante(m));
    expect(desenlace(resultado)).toBe(esperado);
    if (resultado.isErr() && resultado.error.kind === 'StockInsuficiente') {
      expect(resultado.error.faltantes).toEqual(
        cortas.map((l) => ({ productoId: l.productoId, solicitado: l.cantidad, disponible: deLinea(l).stock })),
      );
    }
    if (resultado.isOk()) {
      m.confirmado = true;
      m.version += 1;
      for (const l of m.lineas) {
        deLinea(l).stock -= l.cantidad;
        l.precio = deLinea(l).precio;
      }
      r.pedido = resultado.value.pedido;
      reemplazar(r, resultado.value.productos);
    }
    verificar(m, r);
  }
  toString = () => 'confirmar()';
}

/** Changes in the catalogue between commands: prices, estado and stock move under the cart. */
class CambiarProducto implements Comando {
  constructor(
    readonly indice: number,
    readonly precio: number,
    readonly stock: number,
    readonly estado: EstadoProducto,
  ) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const p = productoModelo(m, this.indice);
    const ahora = siguienteInstante(m);
    const cambiado = cambiarPrecio(productoReal(r, p.id), Dinero.crear(this.precio)._unsafeUnwrap(), ahora)
      .andThen(({ producto }) => fijarStock(producto, Cantidad.crear(this.stock)._unsafeUnwrap(), ahora))
      .andThen(({ producto }) => cambiarEstadoDeProducto(producto, this.estado, ahora))
      ._unsafeUnwrap().producto;
    reemplazar(r, [cambiado]);
    Object.assign(p, { precio: this.precio, stock: this.stock, activo: this.estado === 'activo' });
    verificar(m, r);
  }
  toString = () => `cambiarProducto(#${this.indice}, ${this.precio}, ${this.stock}, ${this.estado})`;
}

function verificar(m: Modelo, r: Real): void {
  const { pedido } = r;
  expect(pedido.estado).toBe(m.confirmado ? 'confirmado' : 'carrito');
  expect(confirmadoEn(pedido) === null).toBe(!m.confirmado);
  expect(pedido.version).toBe(m.version);
  expect(
    pedido.lineas.map((l) => ({ productoId: l.productoId, cantidad: l.cantidad, precio: l.precioUnitario })),
  ).toEqual(m.lineas);
  expect(totalCantidad(pedido)).toBe(m.lineas.reduce((s, l) => s + l.cantidad, 0));
  expect(totalCentavos(pedido)).toBe(m.lineas.reduce((s, l) => s + BigInt(l.cantidad) * BigInt(l.precio), 0n));
  for (const l of pedido.lineas) expect(l.cantidad).toBeGreaterThan(0);
  expect(
    r.productos.map((p) => ({ id: p.id, precio: p.precio, stock: p.stock, activo: p.estado === 'activo' })),
  ).toEqual(m.productos);
}

const catalogoYComandos = arb.catalogo({ minLength: 1, maxLength: 4, stock: { min: 0, max: 8 } }).chain((productos) => {
  const indice = fc.nat({ max: productos.length - 1 });
  const cantidad = fc.nat({ max: 10 });
  return fc.tuple(
    fc.constant(productos),
    arb.pedidoId(),
    arb.clienteId(),
    fc.commands(
      [
        fc.tuple(indice, cantidad).map(([i, c]) => new AgregarItem(i, c)),
        fc.tuple(indice, cantidad).map(([i, c]) => new CambiarCantidad(i, c)),
        indice.map((i) => new QuitarItem(i)),
        fc.constant(new Confirmar()),
        fc
          .tuple(indice, fc.nat({ max: 5000 }), fc.nat({ max: 10 }), arb.estadoProducto())
          .map(([i, precio, stock, estado]) => new CambiarProducto(i, precio, stock, estado)),
      ],
      { maxCommands: 40 },
    ),
  );
});

describe('Pedido como máquina de estados', () => {
  test.prop([catalogoYComandos], { numRuns: 300 })(
    'coincide con el modelo de referencia en cualquier secuencia de comandos',
    ([productos, id, clienteId, comandos]) => {
      const inicio = new Date('2030-01-01T00:00:00Z');
      const { pedido } = crearPedido({ id, clienteId, ahora: inicio })._unsafeUnwrap();
      const modelo: Modelo = {
        confirmado: false,
        lineas: [],
        productos: productos.map((p) => ({
          id: p.id,
          precio: p.precio,
          stock: p.stock,
          activo: p.estado === 'activo',
        })),
        version: 1,
        reloj: inicio.getTime(),
      };
      fc.modelRun(() => ({ model: modelo, real: { pedido, productos: [...productos] } }), comandos);
    },
  );
});
