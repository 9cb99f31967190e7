/**
 * Model-based test of the Pedido state machine: random sequences of commands run
 * against the real aggregate and against a deliberately naive reference model;
 * after every step the two must agree and every invariant must hold. The model
 * reads the same transition table as the domain to know what each state
 * allows; the invariants checked after each step (stock, a single payment, a
 * single return of stock, final states) do not depend on the table.
 */
import { fc, test } from '@fast-check/vitest';
import type { Result } from 'neverthrow';
import { describe, expect } from 'vitest';
import {
  agregarItem,
  Cantidad,
  cambiarCantidad,
  cambiarDireccionDeEnvio,
  cambiarEstadoDeProducto,
  cambiarPrecio,
  cancelar,
  confirmadoEn,
  confirmar,
  crearPedido,
  type DatosDeEnvio,
  Dinero,
  Direccion,
  destinoDe,
  type EstadoPedido,
  type EstadoProducto,
  type EventoDeDominio,
  entregar,
  enviar,
  fijarStock,
  type MotivoDeCancelacion,
  type OperacionDePedido,
  type Pedido,
  type Producto,
  pagar,
  quitarItem,
  type ReferenciaDePago,
  totalCantidad,
  totalCentavos,
} from '../src/index.ts';
import * as arb from '../src/testing/index.ts';

type LineaModelo = { productoId: string; cantidad: number; precio: number };
/** A producto's stock is what was last set, plus what was returned since, minus what was taken since. */
type ProductoModelo = { id: string; precio: number; activo: boolean; fijado: number; devuelto: number; tomado: number };

/** The reference: plain data and the rules as a reader states them. */
type Modelo = {
  estado: EstadoPedido;
  lineas: LineaModelo[];
  productos: ProductoModelo[];
  direccion: Direccion | null;
  confirmado: boolean;
  pagadoCentavos: bigint | null;
  enviado: boolean;
  entregado: boolean;
  canceladoDesde: EstadoPedido | null;
  version: number;
  reloj: number;
};

/** The system under test: immutable domain values, replaced at each step, and every event they produced. */
type Real = { pedido: Pedido; productos: Producto[]; eventos: EventoDeDominio[] };

type Comando = fc.Command<Modelo, Real>;

const FINALES: readonly EstadoPedido[] = ['entregado', 'cancelado'];
const TRANSICIONES_CON_SU_ERROR: readonly OperacionDePedido[] = ['pagar', 'enviar', 'entregar', 'cancelar'];

/** `ok`, or the kind of the error: what the model predicts for a command. */
function desenlace(resultado: Result<unknown, { readonly kind: string }>): string {
  return resultado.isOk() ? 'ok' : resultado.error.kind;
}

/** What the table says of the operation in the model's state: `undefined` if allowed, else the refusal. */
function rechazoDeLaTabla(m: Modelo, operacion: OperacionDePedido): string | undefined {
  if (destinoDe(m.estado, operacion) !== undefined) return undefined;
  return TRANSICIONES_CON_SU_ERROR.includes(operacion) ? 'TransicionNoPermitida' : 'PedidoNoModificable';
}

function stockModelo(p: ProductoModelo): number {
  return p.fijado + p.devuelto - p.tomado;
}

function productoModelo(m: Modelo, i: number): ProductoModelo {
  return m.productos[i % m.productos.length] as ProductoModelo;
}

function productoReal(r: Real, id: string): Producto {
  const producto = r.productos.find((p) => p.id === id);
  if (producto === undefined) throw new Error(`producto ${id} no está en el catálogo`);
  return producto;
}

function siguienteInstante(m: Modelo): Date {
  m.reloj += 1000;
  return new Date(m.reloj);
}

/**
 * Checks the outcome against the model's prediction; on success takes the new
 * pedido, the productos and the events, moves the model to the state the
 * table names, and counts a version if anything changed. Whatever the table
 * says, a final state must refuse.
 */
function aplicar(
  m: Modelo,
  r: Real,
  operacion: OperacionDePedido,
  esperado: string,
  resultado: Result<
    { pedido: Pedido; eventos: readonly EventoDeDominio[]; productos?: readonly Producto[] },
    { kind: string }
  >,
): boolean {
  const antes = r.pedido;
  expect(desenlace(resultado)).toBe(esperado);
  if (FINALES.includes(antes.estado)) expect(resultado.isErr()).toBe(true);
  if (resultado.isErr()) return false;
  const { pedido, eventos, productos = [] } = resultado.value;
  r.pedido = pedido;
  const nuevos = new Map(productos.map((p) => [p.id, p]));
  r.productos = r.productos.map((p) => nuevos.get(p.id) ?? p);
  r.eventos.push(...eventos);
  m.estado = destinoDe(m.estado, operacion) ?? m.estado;
  if (eventos.length > 0) m.version += 1;
  return true;
}

/** What the model says an edit of a line must end in. */
function esperaEdicion(
  m: Modelo,
  operacion: OperacionDePedido,
  p: ProductoModelo,
  cantidadFinal: number,
  minimo: number,
  pedida: number,
): string {
  const rechazo = rechazoDeLaTabla(m, operacion);
  if (rechazo !== undefined) return rechazo;
  if (pedida < minimo) return 'CantidadInvalida';
  if (!p.activo) return 'ProductoNoDisponible';
  if (cantidadFinal > stockModelo(p)) return 'StockInsuficiente';
  return 'ok';
}

function aplicarLinea(m: Modelo, p: ProductoModelo, cantidad: number): void {
  const linea = m.lineas.find((l) => l.productoId === p.id);
  if (cantidad === 0) m.lineas = m.lineas.filter((l) => l !== linea);
  else if (linea === undefined) m.lineas.push({ productoId: p.id, cantidad, precio: p.precio });
  else Object.assign(linea, { cantidad, precio: p.precio });
}

const totalModelo = (m: Modelo) => m.lineas.reduce((s, l) => s + BigInt(l.cantidad) * BigInt(l.precio), 0n);
const deLinea = (m: Modelo, l: LineaModelo) => m.productos.find((p) => p.id === l.productoId) as ProductoModelo;

class AgregarItem implements Comando {
  constructor(
    readonly indice: number,
    readonly cantidad: number,
  ) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const p = productoModelo(m, this.indice);
    const actual = m.lineas.find((l) => l.productoId === p.id)?.cantidad ?? 0;
    const esperado = esperaEdicion(m, 'agregarItem', p, actual + this.cantidad, 1, this.cantidad);
    const resultado = agregarItem(
      r.pedido,
      productoReal(r, p.id),
      Cantidad.crear(this.cantidad)._unsafeUnwrap(),
      siguienteInstante(m),
    );
    if (aplicar(m, r, 'agregarItem', esperado, resultado)) aplicarLinea(m, p, actual + this.cantidad);
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
    const esperado =
      rechazoDeLaTabla(m, 'cambiarCantidad') ??
      (this.cantidad === 0 || sinEfecto
        ? 'ok'
        : esperaEdicion(m, 'cambiarCantidad', p, this.cantidad, 0, this.cantidad));
    const resultado = cambiarCantidad(
      r.pedido,
      productoReal(r, p.id),
      Cantidad.crear(this.cantidad)._unsafeUnwrap(),
      siguienteInstante(m),
    );
    if (resultado.isOk()) expect(resultado.value.eventos.length).toBe(sinEfecto ? 0 : 1);
    if (aplicar(m, r, 'cambiarCantidad', esperado, resultado) && !sinEfecto) aplicarLinea(m, p, this.cantidad);
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
    const esperado = rechazoDeLaTabla(m, 'quitarItem') ?? (existe ? 'ok' : 'ItemNoEncontrado');
    const resultado = quitarItem(r.pedido, productoReal(r, p.id).id, siguienteInstante(m));
    if (aplicar(m, r, 'quitarItem', esperado, resultado)) aplicarLinea(m, p, 0);
    verificar(m, r);
  }
  toString = () => `quitarItem(#${this.indice})`;
}

class Confirmar implements Comando {
  check = () => true;
  run(m: Modelo, r: Real): void {
    const cortas = m.lineas.filter((l) => l.cantidad > stockModelo(deLinea(m, l)));
    const esperado =
      rechazoDeLaTabla(m, 'confirmar') ??
      (m.lineas.length === 0
        ? 'PedidoVacio'
        : m.lineas.some((l) => !deLinea(m, l).activo)
          ? 'ProductoNoDisponible'
          : cortas.length > 0
            ? 'StockInsuficiente'
            : 'ok');
    const resultado = confirmar(r.pedido, r.productos, siguienteInstante(m));
    if (resultado.isErr() && resultado.error.kind === 'StockInsuficiente') {
      expect(resultado.error.faltantes).toEqual(
        cortas.map((l) => ({
          productoId: l.productoId,
          solicitado: l.cantidad,
          disponible: stockModelo(deLinea(m, l)),
        })),
      );
    }
    if (aplicar(m, r, 'confirmar', esperado, resultado)) {
      m.confirmado = true;
      for (const l of m.lineas) {
        deLinea(m, l).tomado += l.cantidad;
        l.precio = deLinea(m, l).precio;
      }
    }
    verificar(m, r);
  }
  toString = () => 'confirmar()';
}

class CambiarDireccion implements Comando {
  constructor(readonly direccion: Direccion | 'la misma') {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const direccion = this.direccion === 'la misma' ? m.direccion : this.direccion;
    if (direccion === null) return;
    const igual = m.direccion !== null && Direccion.iguales(m.direccion, direccion);
    const esperado = rechazoDeLaTabla(m, 'cambiarDireccionDeEnvio') ?? 'ok';
    const resultado = cambiarDireccionDeEnvio(r.pedido, direccion, siguienteInstante(m));
    if (resultado.isOk()) expect(resultado.value.eventos.length).toBe(igual ? 0 : 1);
    if (aplicar(m, r, 'cambiarDireccionDeEnvio', esperado, resultado)) m.direccion = direccion;
    verificar(m, r);
  }
  toString = () => `cambiarDireccionDeEnvio(${this.direccion === 'la misma' ? 'la misma' : this.direccion.ciudad})`;
}

class Pagar implements Comando {
  constructor(
    readonly diferencia: bigint,
    readonly referencia: ReferenciaDePago,
  ) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const esperado = rechazoDeLaTabla(m, 'pagar') ?? (this.diferencia === 0n ? 'ok' : 'ImporteIncorrecto');
    const importeCentavos = totalModelo(m) + this.diferencia;
    const resultado = pagar(r.pedido, { importeCentavos, referencia: this.referencia }, siguienteInstante(m));
    if (resultado.isErr() && resultado.error.kind === 'ImporteIncorrecto') {
      expect(resultado.error.esperadoCentavos).toBe(totalModelo(m));
    }
    if (aplicar(m, r, 'pagar', esperado, resultado)) m.pagadoCentavos = importeCentavos;
    verificar(m, r);
  }
  toString = () => `pagar(total ${this.diferencia >= 0n ? '+' : ''}${this.diferencia})`;
}

class Enviar implements Comando {
  constructor(readonly datos: DatosDeEnvio) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const esperado = rechazoDeLaTabla(m, 'enviar') ?? (m.direccion === null ? 'DireccionDeEnvioFaltante' : 'ok');
    const resultado = enviar(r.pedido, this.datos, siguienteInstante(m));
    if (aplicar(m, r, 'enviar', esperado, resultado)) m.enviado = true;
    verificar(m, r);
  }
  toString = () => 'enviar()';
}

class Entregar implements Comando {
  check = () => true;
  run(m: Modelo, r: Real): void {
    const esperado = rechazoDeLaTabla(m, 'entregar') ?? 'ok';
    const resultado = entregar(r.pedido, siguienteInstante(m));
    if (aplicar(m, r, 'entregar', esperado, resultado)) m.entregado = true;
    verificar(m, r);
  }
  toString = () => 'entregar()';
}

class Cancelar implements Comando {
  constructor(readonly motivo: MotivoDeCancelacion) {}
  check = () => true;
  run(m: Modelo, r: Real): void {
    const esperado = rechazoDeLaTabla(m, 'cancelar') ?? 'ok';
    const desde = m.estado;
    const resultado = cancelar(r.pedido, r.productos, { motivo: this.motivo }, siguienteInstante(m));
    if (aplicar(m, r, 'cancelar', esperado, resultado)) {
      m.canceladoDesde = desde;
      if (m.confirmado) for (const l of m.lineas) deLinea(m, l).devuelto += l.cantidad;
    }
    verificar(m, r);
  }
  toString = () => `cancelar(${JSON.stringify(this.motivo)})`;
}

/** Changes in the catalogue between commands: prices, estado and stock move under the pedido. */
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
    r.productos = r.productos.map((q) => (q.id === cambiado.id ? cambiado : q));
    Object.assign(p, {
      precio: this.precio,
      fijado: this.stock,
      devuelto: 0,
      tomado: 0,
      activo: this.estado === 'activo',
    });
    // The pedido's own count of what it took and returned spans the whole run.
    verificar(m, r);
  }
  toString = () => `cambiarProducto(#${this.indice}, ${this.precio}, ${this.stock}, ${this.estado})`;
}

/** Units per producto in the events of one type, over the whole run. */
function unidadesEn(r: Real, tipo: 'StockDescontado' | 'StockRepuesto'): Map<string, number> {
  const suma = new Map<string, number>();
  for (const e of r.eventos) if (e.tipo === tipo) suma.set(e.productoId, (suma.get(e.productoId) ?? 0) + e.cantidad);
  return suma;
}

function verificar(m: Modelo, r: Real): void {
  const { pedido } = r;
  expect(pedido.estado).toBe(m.estado);
  expect(pedido.version).toBe(m.version);
  expect(
    pedido.lineas.map((l) => ({ productoId: l.productoId, cantidad: l.cantidad, precio: l.precioUnitario })),
  ).toEqual(m.lineas);
  expect(totalCantidad(pedido)).toBe(m.lineas.reduce((s, l) => s + l.cantidad, 0));
  expect(totalCentavos(pedido)).toBe(totalModelo(m));
  for (const l of pedido.lineas) expect(l.cantidad).toBeGreaterThan(0);
  expect(pedido.direccionEnvio).toEqual(m.direccion);

  // What each state has, and keeps.
  expect(confirmadoEn(pedido) !== null).toBe(m.confirmado);
  expect('pago' in pedido ? pedido.pago.importeCentavos : null).toBe(m.pagadoCentavos);
  expect('envio' in pedido).toBe(m.enviado);
  expect('entregadoEn' in pedido).toBe(m.entregado);
  expect('cancelacion' in pedido ? pedido.cancelacion.estadoAnterior : null).toBe(m.canceladoDesde);
  if ('cancelacion' in pedido) expect(pedido.cancelacion.reembolsoCentavos).toBe(m.pagadoCentavos ?? 0n);
  // Independent of the table: paid means confirmed first, for exactly the total; shipped means an address.
  if ('pago' in pedido) {
    expect(confirmadoEn(pedido)).not.toBeNull();
    expect(pedido.pago.importeCentavos).toBe(totalCentavos(pedido));
  }
  if ('envio' in pedido) expect(pedido.direccionEnvio).not.toBeNull();

  // Stock: what was set, plus what came back, minus what was taken; never negative.
  expect(
    r.productos.map((p) => ({ id: p.id, precio: p.precio, stock: p.stock, activo: p.estado === 'activo' })),
  ).toEqual(m.productos.map((p) => ({ id: p.id, precio: p.precio, stock: stockModelo(p), activo: p.activo })));
  for (const p of r.productos) expect(p.stock).toBeGreaterThanOrEqual(0);

  // Paid at most once; stock returned at most once, and never more than was taken.
  expect(r.eventos.filter((e) => e.tipo === 'PedidoPagado')).toHaveLength(m.pagadoCentavos === null ? 0 : 1);
  expect(r.eventos.filter((e) => e.tipo === 'PedidoCancelado').length).toBeLessThanOrEqual(1);
  const tomado = unidadesEn(r, 'StockDescontado');
  for (const [id, devuelto] of unidadesEn(r, 'StockRepuesto'))
    expect(devuelto).toBeLessThanOrEqual(tomado.get(id) ?? 0);
  const lineasDevueltas = r.eventos.filter((e) => e.tipo === 'StockRepuesto').length;
  expect(lineasDevueltas === 0 || lineasDevueltas === pedido.lineas.length).toBe(true);
}

/**
 * A catalogue, mostly of active productos (a command may deactivate one), and
 * commands weighted so that runs reach every state, not only early cancels.
 */
const catalogoYComandos = arb.catalogo({ minLength: 1, maxLength: 4, stock: { min: 0, max: 8 } }).chain((inicial) => {
  const productos = inicial.map((p, i): Producto => (i === 0 ? p : { ...p, estado: 'activo' }));
  const indice = fc.nat({ max: productos.length - 1 });
  const cantidad = fc.nat({ max: 10 });
  const comando: fc.Arbitrary<Comando> = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(indice, cantidad).map(([i, c]) => new AgregarItem(i, c)) },
    { weight: 2, arbitrary: fc.tuple(indice, cantidad).map(([i, c]) => new CambiarCantidad(i, c)) },
    { weight: 1, arbitrary: indice.map((i) => new QuitarItem(i)) },
    { weight: 4, arbitrary: fc.constant(new Confirmar()) },
    {
      weight: 2,
      arbitrary: fc.oneof(arb.direccion(), fc.constant<'la misma'>('la misma')).map((d) => new CambiarDireccion(d)),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.oneof({ weight: 3, arbitrary: fc.constant(0n) }, fc.bigInt({ min: -50n, max: 50n })),
          arb.referenciaDePago(),
        )
        .map(([d, ref]) => new Pagar(d, ref)),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ transportista: arb.transportista(), numeroSeguimiento: arb.numeroDeSeguimiento() })
        .map((datos) => new Enviar(datos)),
    },
    { weight: 2, arbitrary: fc.constant(new Entregar()) },
    { weight: 1, arbitrary: arb.motivoDeCancelacion().map((motivo) => new Cancelar(motivo)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(indice, fc.nat({ max: 5000 }), fc.nat({ max: 10 }), arb.estadoProducto())
        .map(([i, precio, stock, estado]) => new CambiarProducto(i, precio, stock, estado)),
    },
  );
  return fc.tuple(
    fc.constant(productos),
    arb.pedidoId(),
    arb.clienteId(),
    fc.option(arb.direccion(), { nil: null }),
    fc.commands([comando], { maxCommands: 40, size: 'max' }),
  );
});

describe('Pedido as a state machine', () => {
  test.prop([catalogoYComandos], { numRuns: 200 })(
    'agrees with the reference model over any sequence of commands',
    ([productos, id, clienteId, direccionEnvio, comandos]) => {
      const inicio = new Date('2030-01-01T00:00:00Z');
      const creado = crearPedido({ id, clienteId, direccionEnvio, ahora: inicio })._unsafeUnwrap();
      const modelo: Modelo = {
        estado: 'carrito',
        lineas: [],
        productos: productos.map((p) => ({
          id: p.id,
          precio: p.precio,
          activo: p.estado === 'activo',
          fijado: p.stock,
          devuelto: 0,
          tomado: 0,
        })),
        direccion: direccionEnvio,
        confirmado: false,
        pagadoCentavos: null,
        enviado: false,
        entregado: false,
        canceladoDesde: null,
        version: 1,
        reloj: inicio.getTime(),
      };
      fc.modelRun(
        () => ({
          model: modelo,
          real: { pedido: creado.pedido, productos: [...productos], eventos: [...creado.eventos] },
        }),
        comandos,
      );
    },
    60_000,
  );
});
