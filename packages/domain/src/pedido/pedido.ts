import { err, ok, Result } from 'neverthrow';
import { assertNever } from '../compartido/assert-never.js';
import { congelar } from '../compartido/congelar.js';
import {
  type CambioDeProducto,
  descontarStock,
  faltaStock,
  type Producto,
  reponerStock,
  type StockDescontado,
  type StockInsuficiente,
  type StockRepuesto,
  stockInsuficiente,
} from '../producto/producto.js';
import { Cantidad, type CantidadInvalida } from '../valores/cantidad.js';
import type { Dinero, ImporteExcesivo } from '../valores/dinero.js';
import { Direccion } from '../valores/direccion.js';
import type { EstadoPedido } from '../valores/estados.js';
import {
  MetodoDePago,
  type MotivoDeCancelacion,
  type NumeroDeSeguimiento,
  type ReferenciaDePago,
  type Transportista,
} from '../valores/etiquetas.js';
import type { ClienteId, PedidoId, ProductoId } from '../valores/id.js';
import type { Nombre } from '../valores/nombre.js';
import { debeTenerImportesExactos } from './importes.js';

/**
 * One producto in a pedido. While the pedido is a `carrito`, `nombre` and
 * `precioUnitario` are the producto's current ones; `confirmar` freezes them.
 * `cantidad` is always at least one: a line with no units does not exist.
 */
export type LineaDePedido = {
  readonly productoId: ProductoId;
  readonly nombre: Nombre;
  readonly cantidad: Cantidad;
  readonly precioUnitario: Dinero;
};

/** A pedido has at most this many lines; one more is refused with `DemasiadasLineas`. */
export const MAXIMO_DE_LINEAS = 100;

// ---------------------------------------------------------------- the pedido in each state

/** What a pedido has in every state. */
type DatosComunes = {
  readonly id: PedidoId;
  readonly clienteId: ClienteId;
  /** In the order in which each producto was first added. */
  readonly lineas: readonly LineaDePedido[];
  readonly direccionEnvio: Direccion | null;
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
  /** Starts at 1 and grows by one with every change; the basis of optimistic concurrency. */
  readonly version: number;
};

/** The payment of a pedido: exactly its frozen total, once. */
export type Pago = {
  readonly importeCentavos: bigint;
  readonly referencia: ReferenciaDePago;
  readonly metodo: MetodoDePago;
  readonly pagadoEn: Date;
};

export type Envio = {
  readonly transportista: Transportista;
  readonly numeroSeguimiento: NumeroDeSeguimiento;
  readonly enviadoEn: Date;
};

/** The states a pedido can be cancelled from, as the transition table says. */
export type EstadoCancelable = EstadoQuePermite<'cancelar'>;

export type Cancelacion<A extends EstadoCancelable = EstadoCancelable> = {
  readonly motivo: MotivoDeCancelacion;
  readonly estadoAnterior: A;
  /** What was paid, when the pedido was cancelled while `pagado`; otherwise zero. */
  readonly reembolsoCentavos: bigint;
  readonly canceladoEn: Date;
};

type Confirmado = { readonly confirmadoEn: Date };
type Pagado = Confirmado & { readonly pago: Pago };
type Enviado = Pagado & { readonly direccionEnvio: Direccion; readonly envio: Envio };

/**
 * The aggregate root, one shape per `estado`: each state carries what it has
 * gained, and keeps what the states before it had. Lines change only through
 * the operations of this module, which return a new pedido and never touch the
 * one they were given.
 */
export type Pedido =
  | (DatosComunes & { readonly estado: 'carrito' })
  | (DatosComunes & Confirmado & { readonly estado: 'confirmado' })
  | (DatosComunes & Pagado & { readonly estado: 'pagado' })
  | (DatosComunes & Enviado & { readonly estado: 'enviado' })
  | (DatosComunes & Enviado & { readonly estado: 'entregado'; readonly entregadoEn: Date })
  | (DatosComunes & { readonly estado: 'cancelado'; readonly cancelacion: Cancelacion<'carrito'> })
  | (DatosComunes & Confirmado & { readonly estado: 'cancelado'; readonly cancelacion: Cancelacion<'confirmado'> })
  | (DatosComunes & Pagado & { readonly estado: 'cancelado'; readonly cancelacion: Cancelacion<'pagado'> });

/** The pedidos in one of the given states. */
export type PedidoEn<E extends EstadoPedido> = Extract<Pedido, { readonly estado: E }>;

/** When the pedido was confirmed, or `null` if it never was. */
export function confirmadoEn(pedido: Pedido): Date | null {
  return 'confirmadoEn' in pedido ? pedido.confirmadoEn : null;
}

// ---------------------------------------------------------------- the transition table

/** Every operation that changes a pedido. */
export type OperacionDePedido =
  | 'agregarItem'
  | 'cambiarCantidad'
  | 'quitarItem'
  | 'cambiarDireccionDeEnvio'
  | 'confirmar'
  | 'pagar'
  | 'enviar'
  | 'entregar'
  | 'cancelar';

/** The operations that a state not allowing them refuses with `TransicionNoPermitida`. */
export type Transicion = 'pagar' | 'enviar' | 'entregar' | 'cancelar';

/** The operations that a state not allowing them refuses with `PedidoNoModificable`, as in v1. */
export type EdicionDePedido = Exclude<OperacionDePedido, Transicion>;

/**
 * The one table of the lifecycle: for each state, the operations it allows and
 * the state each leads to. Every operation checks it before anything else, and
 * nothing else decides which state allows what. `entregado` and `cancelado`
 * are final: they allow nothing.
 */
export const TRANSICIONES = congelar({
  carrito: {
    agregarItem: 'carrito',
    cambiarCantidad: 'carrito',
    quitarItem: 'carrito',
    cambiarDireccionDeEnvio: 'carrito',
    confirmar: 'confirmado',
    cancelar: 'cancelado',
  },
  confirmado: { cambiarDireccionDeEnvio: 'confirmado', pagar: 'pagado', cancelar: 'cancelado' },
  pagado: { cambiarDireccionDeEnvio: 'pagado', enviar: 'enviado', cancelar: 'cancelado' },
  enviado: { entregar: 'entregado' },
  entregado: {},
  cancelado: {},
} as const satisfies { readonly [E in EstadoPedido]: { readonly [O in OperacionDePedido]?: EstadoPedido } });

type Tabla = typeof TRANSICIONES;

/** The states whose row of the table has the operation. */
export type EstadoQuePermite<O extends OperacionDePedido> = {
  [E in EstadoPedido]: O extends keyof Tabla[E] ? E : never;
}[EstadoPedido];

/** The state the operation leads to out of `estado`, or `undefined` when the table does not allow it. */
export function destinoDe(estado: EstadoPedido, operacion: OperacionDePedido): EstadoPedido | undefined {
  const fila: { readonly [O in OperacionDePedido]?: EstadoPedido } = TRANSICIONES[estado];
  return fila[operacion];
}

/** Whether the table allows the operation in `estado`. */
export function permite(estado: EstadoPedido, operacion: OperacionDePedido): boolean {
  return destinoDe(estado, operacion) !== undefined;
}

function estaEnUnoDe<O extends OperacionDePedido>(
  pedido: Pedido,
  operacion: O,
): pedido is PedidoEn<EstadoQuePermite<O>> {
  return permite(pedido.estado, operacion);
}

// ---------------------------------------------------------------- events

type Evento<T extends string, Datos> = Readonly<{ tipo: T; pedidoId: PedidoId; ocurridoEn: Date } & Datos>;

export type PedidoCreado = Evento<'PedidoCreado', { clienteId: ClienteId }>;
export type ItemAgregado = Evento<
  'ItemAgregado',
  { productoId: ProductoId; cantidad: Cantidad; cantidadEnLinea: Cantidad; precioUnitario: Dinero }
>;
export type CantidadDeItemCambiada = Evento<
  'CantidadDeItemCambiada',
  { productoId: ProductoId; cantidadAnterior: Cantidad; cantidad: Cantidad }
>;
export type ItemQuitado = Evento<'ItemQuitado', { productoId: ProductoId; cantidad: Cantidad }>;
export type DireccionDeEnvioCambiada = Evento<'DireccionDeEnvioCambiada', { direccion: Direccion }>;
export type PedidoConfirmado = Evento<
  'PedidoConfirmado',
  { clienteId: ClienteId; lineas: readonly LineaDePedido[]; totalCantidad: number; totalCentavos: bigint }
>;
export type PedidoPagado = Evento<
  'PedidoPagado',
  { importeCentavos: bigint; referencia: ReferenciaDePago; metodo: MetodoDePago }
>;
export type PedidoEnviado = Evento<
  'PedidoEnviado',
  { transportista: Transportista; numeroSeguimiento: NumeroDeSeguimiento; direccion: Direccion }
>;
export type PedidoEntregado = Evento<'PedidoEntregado', object>;
export type PedidoCancelado = Evento<
  'PedidoCancelado',
  { motivo: MotivoDeCancelacion; estadoAnterior: EstadoCancelable; reembolsoCentavos: bigint }
>;
/** The provider refused a payment of the pedido; the pedido did not change. */
export type PagoRechazado = Evento<
  'PagoRechazado',
  { importeCentavos: bigint; referencia: ReferenciaDePago; metodo: MetodoDePago }
>;
/**
 * The provider took money for the pedido that cannot be its payment (see
 * `MotivoDeReembolso`): it must be given back. The pedido did not change;
 * `estado` is the one it was in when the money came.
 */
export type ReembolsoRequerido = Evento<
  'ReembolsoRequerido',
  {
    importeCentavos: bigint;
    referencia: ReferenciaDePago;
    metodo: MetodoDePago;
    motivo: MotivoDeReembolso;
    estado: EstadoPedido;
  }
>;

export type EventoDePedido =
  | PedidoCreado
  | ItemAgregado
  | CantidadDeItemCambiada
  | ItemQuitado
  | DireccionDeEnvioCambiada
  | PedidoConfirmado
  | PedidoPagado
  | PedidoEnviado
  | PedidoEntregado
  | PedidoCancelado
  | PagoRechazado
  | ReembolsoRequerido;

// ---------------------------------------------------------------- errors

/** From its estado, the pedido can no longer be edited (nor confirmed): v1's refusal, kept. */
export type PedidoNoModificable = {
  readonly kind: 'PedidoNoModificable';
  readonly pedidoId: PedidoId;
  readonly estado: EstadoPedido;
  readonly operacion: EdicionDePedido;
};
/** The transition table does not allow this transition from the pedido's estado. */
export type TransicionNoPermitida = {
  readonly kind: 'TransicionNoPermitida';
  readonly pedidoId: PedidoId;
  readonly estado: EstadoPedido;
  readonly transicion: Transicion;
};
export type PedidoVacio = { readonly kind: 'PedidoVacio'; readonly pedidoId: PedidoId };
export type ProductoNoDisponible = { readonly kind: 'ProductoNoDisponible'; readonly productoId: ProductoId };
export type ItemNoEncontrado = {
  readonly kind: 'ItemNoEncontrado';
  readonly pedidoId: PedidoId;
  readonly productoId: ProductoId;
};
/** A producto a line refers to was not given to the operation. */
export type ProductoNoEncontrado = { readonly kind: 'ProductoNoEncontrado'; readonly productoId: ProductoId };
/** The change would give the pedido more than `MAXIMO_DE_LINEAS` lines. */
export type DemasiadasLineas = {
  readonly kind: 'DemasiadasLineas';
  readonly pedidoId: PedidoId;
  readonly maximo: number;
};
/** `pagar` with an amount other than the pedido's total. */
export type ImporteIncorrecto = {
  readonly kind: 'ImporteIncorrecto';
  readonly pedidoId: PedidoId;
  readonly esperadoCentavos: bigint;
  readonly importeCentavos: bigint;
};
/** `enviar` a pedido that has no direccion de envío. */
export type DireccionDeEnvioFaltante = { readonly kind: 'DireccionDeEnvioFaltante'; readonly pedidoId: PedidoId };

export type ErrorAlCrearPedido =
  | CantidadInvalida
  | ProductoNoDisponible
  | StockInsuficiente
  | ImporteExcesivo
  | DemasiadasLineas;
export type ErrorAlAgregarItem =
  | PedidoNoModificable
  | CantidadInvalida
  | ProductoNoDisponible
  | StockInsuficiente
  | ImporteExcesivo
  | DemasiadasLineas;
export type ErrorAlCambiarCantidad =
  | PedidoNoModificable
  | ProductoNoDisponible
  | StockInsuficiente
  | ImporteExcesivo
  | DemasiadasLineas;
export type ErrorAlQuitarItem = PedidoNoModificable | ItemNoEncontrado;
export type ErrorAlCambiarDireccion = PedidoNoModificable;
export type ErrorAlConfirmar =
  | PedidoNoModificable
  | PedidoVacio
  | ProductoNoEncontrado
  | ProductoNoDisponible
  | StockInsuficiente
  | ImporteExcesivo;
export type ErrorAlPagar = TransicionNoPermitida | ImporteIncorrecto;
export type ErrorAlEnviar = TransicionNoPermitida | DireccionDeEnvioFaltante;
export type ErrorAlEntregar = TransicionNoPermitida;
/** `CantidadInvalida` when a producto's stock would pass 2^53 - 1 on being returned. */
export type ErrorAlCancelar = TransicionNoPermitida | ProductoNoEncontrado | CantidadInvalida;
export type ErrorDePedido =
  | ErrorAlAgregarItem
  | ErrorAlCambiarCantidad
  | ErrorAlQuitarItem
  | ErrorAlCambiarDireccion
  | ErrorAlConfirmar
  | ErrorAlPagar
  | ErrorAlEnviar
  | ErrorAlEntregar
  | ErrorAlCancelar;

// ---------------------------------------------------------------- results

export type CambioDePedido = {
  readonly pedido: Pedido;
  readonly eventos: readonly EventoDePedido[];
};

/** A confirmed pedido, the productos whose stock it took, and every event, in order. */
export type Confirmacion = {
  readonly pedido: Pedido;
  readonly productos: readonly Producto[];
  readonly eventos: readonly (PedidoConfirmado | StockDescontado)[];
};

/** A cancelled pedido, the productos whose stock it returned (none for a `carrito`), and every event, in order. */
export type ResultadoDeCancelacion = {
  readonly pedido: Pedido;
  readonly productos: readonly Producto[];
  readonly eventos: readonly (PedidoCancelado | StockRepuesto)[];
};

// ---------------------------------------------------------------- derived values

/**
 * A line's price times its quantity, exact. A bigint because a carrito's prices
 * are its productos' current ones, and a price raised after the line was
 * written can take the product past 2^53 - 1.
 */
export function subtotal(linea: LineaDePedido): bigint {
  return BigInt(linea.precioUnitario) * BigInt(linea.cantidad);
}

/** The units of every line. A safe integer: every change that would take it further is refused. */
export function totalCantidad(pedido: Pedido): number {
  return pedido.lineas.reduce((suma, linea) => suma + linea.cantidad, 0);
}

/** The sum of the subtotals, exact (see `subtotal`). */
export function totalCentavos(pedido: Pedido): bigint {
  return sumaDeSubtotales(pedido.lineas);
}

function sumaDeSubtotales(lineas: readonly LineaDePedido[]): bigint {
  return lineas.reduce((suma, linea) => suma + subtotal(linea), 0n);
}

export function lineaDe(pedido: Pedido, productoId: ProductoId): LineaDePedido | undefined {
  return pedido.lineas.find((linea) => linea.productoId === productoId);
}

// ---------------------------------------------------------------- guards

/** The pedido, if the table allows the edit from its estado; `PedidoNoModificable` otherwise. */
function debePermitirEdicion<O extends EdicionDePedido>(
  pedido: Pedido,
  operacion: O,
): Result<PedidoEn<EstadoQuePermite<O>>, PedidoNoModificable> {
  if (estaEnUnoDe(pedido, operacion)) return ok(pedido);
  return err({ kind: 'PedidoNoModificable', pedidoId: pedido.id, estado: pedido.estado, operacion });
}

/** The pedido, if the table allows the transition from its estado; `TransicionNoPermitida` otherwise. */
function debePermitirTransicion<T extends Transicion>(
  pedido: Pedido,
  transicion: T,
): Result<PedidoEn<EstadoQuePermite<T>>, TransicionNoPermitida> {
  if (estaEnUnoDe(pedido, transicion)) return ok(pedido);
  return err({ kind: 'TransicionNoPermitida', pedidoId: pedido.id, estado: pedido.estado, transicion });
}

function debeEstarActivo(producto: Producto): Result<Producto, ProductoNoDisponible> {
  return producto.estado === 'activo' ? ok(producto) : err({ kind: 'ProductoNoDisponible', productoId: producto.id });
}

function debeHaberStock(producto: Producto, solicitado: Cantidad): Result<Cantidad, StockInsuficiente> {
  return solicitado <= producto.stock ? ok(solicitado) : err(faltaStock(producto, solicitado));
}

/** A new line is refused once the pedido has `MAXIMO_DE_LINEAS`; a line it has can always change. */
function debeCaberLinea(pedido: Pedido, productoId: ProductoId): Result<Pedido, DemasiadasLineas> {
  if (lineaDe(pedido, productoId) !== undefined || pedido.lineas.length < MAXIMO_DE_LINEAS) return ok(pedido);
  return err({ kind: 'DemasiadasLineas', pedidoId: pedido.id, maximo: MAXIMO_DE_LINEAS });
}

// ---------------------------------------------------------------- line edits

type Carrito = PedidoEn<'carrito'>;

/** The lines with the producto's line set to `cantidad` units at its current name and price. */
function conLinea(lineas: readonly LineaDePedido[], producto: Producto, cantidad: Cantidad): readonly LineaDePedido[] {
  const linea: LineaDePedido = {
    productoId: producto.id,
    nombre: producto.nombre,
    cantidad,
    precioUnitario: producto.precio,
  };
  const existe = lineas.some((l) => l.productoId === producto.id);
  return existe ? lineas.map((l) => (l.productoId === producto.id ? linea : l)) : [...lineas, linea];
}

function sinLinea(lineas: readonly LineaDePedido[], productoId: ProductoId): readonly LineaDePedido[] {
  return lineas.filter((l) => l.productoId !== productoId);
}

function cambiado<E extends EventoDePedido>(
  pedido: Carrito,
  lineas: readonly LineaDePedido[],
  ahora: Date,
  evento: E,
): CambioDePedido {
  return {
    pedido: { ...pedido, lineas, actualizadoEn: ahora, version: pedido.version + 1 },
    eventos: [evento],
  };
}

/**
 * The pedido's lines with the producto's line at `cantidadEnLinea` units, if the
 * producto's stock covers them and the totals stay exact.
 */
function lineasConCantidad(
  pedido: Carrito,
  producto: Producto,
  cantidadEnLinea: Cantidad,
): Result<readonly LineaDePedido[], StockInsuficiente | ImporteExcesivo | DemasiadasLineas> {
  return debeCaberLinea(pedido, producto.id)
    .andThen(() => debeHaberStock(producto, cantidadEnLinea))
    .andThen(() => debeTenerImportesExactos(conLinea(pedido.lineas, producto, cantidadEnLinea)));
}

/**
 * The checks of adding units, before stock: at least one unit, an active
 * producto, a line whose units stay countable and room for it if it is new.
 * Shared by `crearPedido`, which then checks every line's stock at once, and
 * by `agregarItem`, which checks the one line's.
 */
function sumarALinea(
  pedido: Carrito,
  producto: Producto,
  cantidad: Cantidad,
): Result<
  { readonly lineas: readonly LineaDePedido[]; readonly cantidadEnLinea: Cantidad },
  CantidadInvalida | ProductoNoDisponible | DemasiadasLineas
> {
  return Cantidad.crearPositiva(cantidad)
    .andThen(() => debeEstarActivo(producto))
    .andThen(() => Cantidad.sumar(lineaDe(pedido, producto.id)?.cantidad ?? Cantidad.cero, cantidad))
    .andThen((cantidadEnLinea) =>
      debeCaberLinea(pedido, producto.id).map(() => ({
        lineas: conLinea(pedido.lineas, producto, cantidadEnLinea),
        cantidadEnLinea,
      })),
    );
}

// ---------------------------------------------------------------- creation and line operations

export type ItemSolicitado = { readonly producto: Producto; readonly cantidad: Cantidad };

/**
 * Opens a pedido in `carrito`, optionally with items and a direccion de envío.
 * Items for the same producto are summed into one line. Every line is checked
 * against its producto's stock, and every short line is reported at once, as
 * `confirmar` does. Whatever it is given, a new pedido is at version 1; its
 * events are `PedidoCreado`, then `DireccionDeEnvioCambiada` if a direccion was
 * given, then one `ItemAgregado` per item.
 */
export function crearPedido(datos: {
  readonly id: PedidoId;
  readonly clienteId: ClienteId;
  readonly items?: readonly ItemSolicitado[];
  readonly direccionEnvio?: Direccion | null;
  readonly ahora: Date;
}): Result<CambioDePedido, ErrorAlCrearPedido> {
  const { id, clienteId, ahora } = datos;
  const items = datos.items ?? [];
  const direccionEnvio = datos.direccionEnvio ?? null;
  const vacio: Carrito = {
    id,
    clienteId,
    estado: 'carrito',
    lineas: [],
    direccionEnvio,
    creadoEn: ahora,
    actualizadoEn: ahora,
    version: 1,
  };
  const creado: { readonly pedido: Carrito; readonly eventos: readonly EventoDePedido[] } = {
    pedido: vacio,
    eventos: [
      { tipo: 'PedidoCreado', pedidoId: id, clienteId, ocurridoEn: ahora },
      ...(direccionEnvio === null ? [] : [direccionCambiada(vacio, direccionEnvio, ahora)]),
    ],
  };
  const productos = new Map(items.map(({ producto }) => [producto.id, producto]));
  return items
    .reduce<Result<typeof creado, CantidadInvalida | ProductoNoDisponible | DemasiadasLineas>>(
      (acumulado, { producto, cantidad }) =>
        acumulado.andThen(({ pedido, eventos }) =>
          sumarALinea(pedido, producto, cantidad).map(({ lineas, cantidadEnLinea }) => ({
            pedido: { ...pedido, lineas },
            eventos: [...eventos, itemAgregado(pedido, producto, cantidad, cantidadEnLinea, ahora)],
          })),
        ),
      ok(creado),
    )
    .andThen((cambio) =>
      Result.combineWithAllErrors(
        cambio.pedido.lineas.map((linea) => {
          const producto = productos.get(linea.productoId);
          if (producto === undefined) throw new Error(`línea sin producto ${linea.productoId}`);
          return debeHaberStock(producto, linea.cantidad);
        }),
      )
        .mapErr(juntarFaltantes)
        .andThen(() => debeTenerImportesExactos(cambio.pedido.lineas))
        .map((): CambioDePedido => congelar(cambio)),
    );
}

function juntarFaltantes(errores: readonly StockInsuficiente[]): StockInsuficiente {
  return stockInsuficiente(errores.flatMap((e) => e.faltantes));
}

function itemAgregado(
  pedido: Pedido,
  producto: Producto,
  cantidad: Cantidad,
  cantidadEnLinea: Cantidad,
  ahora: Date,
): ItemAgregado {
  return {
    tipo: 'ItemAgregado',
    pedidoId: pedido.id,
    productoId: producto.id,
    cantidad,
    cantidadEnLinea,
    precioUnitario: producto.precio,
    ocurridoEn: ahora,
  };
}

/**
 * Adds `cantidad` (at least one) units of an active producto. A producto already
 * in the pedido grows its line, which keeps its place; the line's resulting
 * quantity must not exceed the producto's current stock, and a new line must
 * not take the pedido past `MAXIMO_DE_LINEAS`. Stock is not reserved.
 */
export function agregarItem(
  pedido: Pedido,
  producto: Producto,
  cantidad: Cantidad,
  ahora: Date,
): Result<CambioDePedido, ErrorAlAgregarItem> {
  return debePermitirEdicion(pedido, 'agregarItem')
    .andThen((carrito) =>
      sumarALinea(carrito, producto, cantidad)
        .andThen((suma) => debeHaberStock(producto, suma.cantidadEnLinea).map(() => suma))
        .andThen((suma) => debeTenerImportesExactos(suma.lineas).map(() => suma))
        .map(({ lineas, cantidadEnLinea }) =>
          cambiado(carrito, lineas, ahora, itemAgregado(carrito, producto, cantidad, cantidadEnLinea, ahora)),
        ),
    )
    .map(congelar);
}

/**
 * Sets the quantity of the producto's line. Zero removes the line, and is no
 * change at all when there is no line. Any other quantity needs an active
 * producto with at least that much stock, and creates the line if it is absent
 * (within `MAXIMO_DE_LINEAS`). Setting the quantity a line already has changes
 * nothing.
 */
export function cambiarCantidad(
  pedido: Pedido,
  producto: Producto,
  cantidad: Cantidad,
  ahora: Date,
): Result<CambioDePedido, ErrorAlCambiarCantidad> {
  return debePermitirEdicion(pedido, 'cambiarCantidad')
    .andThen((carrito): Result<CambioDePedido, ErrorAlCambiarCantidad> => {
      const actual = lineaDe(carrito, producto.id);
      if (cantidad === 0) {
        return ok(actual === undefined ? { pedido, eventos: [] } : quitar(carrito, actual, ahora));
      }
      if (actual?.cantidad === cantidad) return ok({ pedido, eventos: [] });
      return debeEstarActivo(producto)
        .andThen(() => lineasConCantidad(carrito, producto, cantidad))
        .map((lineas) =>
          actual === undefined
            ? cambiado(carrito, lineas, ahora, itemAgregado(carrito, producto, cantidad, cantidad, ahora))
            : cambiado(carrito, lineas, ahora, {
                tipo: 'CantidadDeItemCambiada',
                pedidoId: carrito.id,
                productoId: producto.id,
                cantidadAnterior: actual.cantidad,
                cantidad,
                ocurridoEn: ahora,
              }),
        );
    })
    .map(congelar);
}

function quitar(pedido: Carrito, linea: LineaDePedido, ahora: Date): CambioDePedido {
  return cambiado(pedido, sinLinea(pedido.lineas, linea.productoId), ahora, {
    tipo: 'ItemQuitado',
    pedidoId: pedido.id,
    productoId: linea.productoId,
    cantidad: linea.cantidad,
    ocurridoEn: ahora,
  });
}

/** Removes the producto's line; refused when the pedido has no such line. */
export function quitarItem(
  pedido: Pedido,
  productoId: ProductoId,
  ahora: Date,
): Result<CambioDePedido, ErrorAlQuitarItem> {
  return debePermitirEdicion(pedido, 'quitarItem')
    .andThen((carrito) => {
      const linea = lineaDe(carrito, productoId);
      if (linea === undefined) return err({ kind: 'ItemNoEncontrado' as const, pedidoId: pedido.id, productoId });
      return ok(quitar(carrito, linea, ahora));
    })
    .map(congelar);
}

function direccionCambiada(pedido: Pedido, direccion: Direccion, ahora: Date): DireccionDeEnvioCambiada {
  return { tipo: 'DireccionDeEnvioCambiada', pedidoId: pedido.id, direccion, ocurridoEn: ahora };
}

/**
 * Sets where the pedido will be shipped, while it is `carrito`, `confirmado` or
 * `pagado`. The direccion it already has changes nothing.
 */
export function cambiarDireccionDeEnvio(
  pedido: Pedido,
  direccion: Direccion,
  ahora: Date,
): Result<CambioDePedido, ErrorAlCambiarDireccion> {
  return debePermitirEdicion(pedido, 'cambiarDireccionDeEnvio')
    .map((editable): CambioDePedido => {
      if (editable.direccionEnvio !== null && Direccion.iguales(editable.direccionEnvio, direccion)) {
        return { pedido, eventos: [] };
      }
      return {
        pedido: { ...editable, direccionEnvio: direccion, actualizadoEn: ahora, version: editable.version + 1 },
        eventos: [direccionCambiada(editable, direccion, ahora)],
      };
    })
    .map(congelar);
}

// ---------------------------------------------------------------- transitions

/**
 * Confirms a `carrito` against the current productos of its lines: refused when
 * the pedido is empty, when a producto is inactive, or when any line exceeds its
 * producto's stock, in which case every short line is reported at once. On
 * success the lines' names and prices are frozen, each producto's stock is
 * reduced by its line's quantity, and nothing else changes. On failure, nothing
 * changes at all.
 */
export function confirmar(
  pedido: Pedido,
  productos: readonly Producto[],
  ahora: Date,
): Result<Confirmacion, ErrorAlConfirmar> {
  return debePermitirEdicion(pedido, 'confirmar')
    .andThen(
      (carrito): Result<Carrito, PedidoVacio> =>
        carrito.lineas.length === 0 ? err({ kind: 'PedidoVacio', pedidoId: carrito.id }) : ok(carrito),
    )
    .andThen((carrito) =>
      productosDeLasLineas(carrito, productos)
        .andThen((deLasLineas) => Result.combine(deLasLineas.map(debeEstarActivo)))
        .andThen((deLasLineas) => descontarTodo(carrito, deLasLineas, ahora))
        .andThen((descontados) => {
          const congeladas = carrito.lineas.map((linea, i) => {
            const { producto } = descontados[i] as CambioDeProducto;
            return { ...linea, nombre: producto.nombre, precioUnitario: producto.precio };
          });
          return debeTenerImportesExactos(congeladas).map((lineas): Confirmacion => {
            const confirmado: PedidoEn<'confirmado'> = {
              ...carrito,
              estado: 'confirmado',
              lineas,
              actualizadoEn: ahora,
              confirmadoEn: ahora,
              version: carrito.version + 1,
            };
            return {
              pedido: confirmado,
              productos: descontados.map((d) => d.producto),
              eventos: [
                {
                  tipo: 'PedidoConfirmado',
                  pedidoId: carrito.id,
                  clienteId: carrito.clienteId,
                  lineas,
                  totalCantidad: totalCantidad(confirmado),
                  totalCentavos: totalCentavos(confirmado),
                  ocurridoEn: ahora,
                },
                ...descontados.flatMap((d) => d.eventos as readonly StockDescontado[]),
              ],
            };
          });
        }),
    )
    .map(congelar);
}

/** The productos of the pedido's lines, in line order. */
function productosDeLasLineas(
  pedido: Pedido,
  productos: readonly Producto[],
): Result<readonly Producto[], ProductoNoEncontrado> {
  const porId = new Map(productos.map((p) => [p.id, p]));
  return Result.combine(
    pedido.lineas.map((linea): Result<Producto, ProductoNoEncontrado> => {
      const producto = porId.get(linea.productoId);
      return producto === undefined
        ? err({ kind: 'ProductoNoEncontrado', productoId: linea.productoId })
        : ok(producto);
    }),
  );
}

/** Deducts every line from its producto (given in line order), or reports every line that is short. */
function descontarTodo(
  pedido: Pedido,
  productos: readonly Producto[],
  ahora: Date,
): Result<readonly CambioDeProducto[], StockInsuficiente> {
  return Result.combineWithAllErrors(
    pedido.lineas.map((linea, i) => descontarStock(productos[i] as Producto, linea.cantidad, ahora)),
  ).mapErr(juntarFaltantes);
}

export type DatosDePago = {
  /** Must be the pedido's total, to the centavo. */
  readonly importeCentavos: bigint;
  readonly referencia: ReferenciaDePago;
  /** `'manual'` when not given. */
  readonly metodo?: MetodoDePago;
};

/**
 * Records the payment of a `confirmado` pedido: exactly its total, once. That a
 * `referencia` is not already recorded for another pedido is the repository's
 * to enforce, as the uniqueness of an email is.
 */
export function pagar(pedido: Pedido, datos: DatosDePago, ahora: Date): Result<CambioDePedido, ErrorAlPagar> {
  return debePermitirTransicion(pedido, 'pagar')
    .andThen((confirmado): Result<CambioDePedido, ImporteIncorrecto> => {
      const esperadoCentavos = totalCentavos(confirmado);
      const { importeCentavos, referencia } = datos;
      if (importeCentavos !== esperadoCentavos) {
        return err({ kind: 'ImporteIncorrecto', pedidoId: confirmado.id, esperadoCentavos, importeCentavos });
      }
      const metodo = datos.metodo ?? MetodoDePago.porDefecto;
      const pagado: PedidoEn<'pagado'> = {
        ...confirmado,
        estado: 'pagado',
        pago: { importeCentavos, referencia, metodo, pagadoEn: ahora },
        actualizadoEn: ahora,
        version: confirmado.version + 1,
      };
      return ok({
        pedido: pagado,
        eventos: [
          { tipo: 'PedidoPagado', pedidoId: pedido.id, importeCentavos, referencia, metodo, ocurridoEn: ahora },
        ],
      });
    })
    .map(congelar);
}

// ---------------------------------------------------------------- payments the provider reports

/**
 * Why a payment the provider approved is not recorded as the pedido's: the
 * pedido is in a state that takes no payment (a carrito, cancelled, already
 * paid with another `referencia`), the amount is not its total, or the
 * `referencia` is already another pedido's payment.
 */
export type MotivoDeReembolso = 'estado_no_pagable' | 'importe_incorrecto' | 'referencia_de_otro_pedido';

/** A payment of a pedido, approved or refused, as the provider reports it. */
export type AvisoDePago = {
  readonly resultado: 'aprobado' | 'rechazado';
  readonly pedidoId: PedidoId;
  readonly importeCentavos: bigint;
  readonly referencia: ReferenciaDePago;
  readonly metodo: MetodoDePago;
};

/** What the domain cannot see from the pedido alone, and the repository tells it. */
export type ContextoDePago = {
  /** Whether another pedido has already recorded a payment with this `referencia`. */
  readonly referenciaDeOtroPedido: boolean;
};

/**
 * What a notice did: `pagado` (the pedido is now paid), `reembolso_requerido`
 * and `pago_rechazado` (an event, the pedido as it was), or `ya_registrado`
 * (the pedido already holds this very payment: nothing at all).
 */
export type DesenlaceDePago = 'pagado' | 'reembolso_requerido' | 'pago_rechazado' | 'ya_registrado';

export type RecepcionDePago = CambioDePedido & { readonly desenlace: DesenlaceDePago };

/**
 * Takes a payment the provider reports for this pedido. It never fails: the
 * provider has already moved the money, so every notice ends in a fact.
 *
 * - Approved, and `pagar` accepts it (a `confirmado` pedido, exactly its
 *   total, a `referencia` no other pedido holds): the pedido is paid, exactly
 *   as `pagar` pays it, with the notice's `metodo`.
 * - Approved, and the pedido already holds a payment of this `referencia` and
 *   amount: the same payment told twice; nothing changes and nothing is
 *   recorded, since its money is already accounted for (as the pedido's
 *   payment, or as the refund of its cancellation).
 * - Approved otherwise: nothing changes but a `ReembolsoRequerido`, whose
 *   `motivo` says why.
 * - Refused: nothing changes but a `PagoRechazado`, whatever the pedido's state.
 *
 * The events that leave the pedido as it was leave its `version` too: a
 * version counts the changes of the pedido, and these are not changes of it.
 */
export function recibirPago(
  pedido: Pedido,
  aviso: AvisoDePago,
  contexto: ContextoDePago,
  ahora: Date,
): RecepcionDePago {
  const { importeCentavos, referencia, metodo } = aviso;
  const datos = { pedidoId: pedido.id, importeCentavos, referencia, metodo, ocurridoEn: ahora } as const;
  if (aviso.resultado === 'rechazado') {
    return congelar({ pedido, eventos: [{ tipo: 'PagoRechazado', ...datos }], desenlace: 'pago_rechazado' });
  }
  if ('pago' in pedido && pedido.pago.referencia === referencia && pedido.pago.importeCentavos === importeCentavos) {
    return congelar({ pedido, eventos: [], desenlace: 'ya_registrado' });
  }
  const reembolso = (motivo: MotivoDeReembolso): RecepcionDePago =>
    congelar({
      pedido,
      eventos: [{ tipo: 'ReembolsoRequerido', ...datos, motivo, estado: pedido.estado }],
      desenlace: 'reembolso_requerido',
    });
  if (contexto.referenciaDeOtroPedido) return reembolso('referencia_de_otro_pedido');
  return pagar(pedido, { importeCentavos, referencia, metodo }, ahora).match(
    (cambio): RecepcionDePago => congelar({ ...cambio, desenlace: 'pagado' }),
    (error) => {
      switch (error.kind) {
        case 'TransicionNoPermitida':
          return reembolso('estado_no_pagable');
        case 'ImporteIncorrecto':
          return reembolso('importe_incorrecto');
        default:
          return assertNever(error);
      }
    },
  );
}

export type DatosDeEnvio = {
  readonly transportista: Transportista;
  readonly numeroSeguimiento: NumeroDeSeguimiento;
};

/** Hands a `pagado` pedido to a carrier; it needs a direccion de envío. */
export function enviar(pedido: Pedido, datos: DatosDeEnvio, ahora: Date): Result<CambioDePedido, ErrorAlEnviar> {
  return debePermitirTransicion(pedido, 'enviar')
    .andThen((pagado): Result<CambioDePedido, DireccionDeEnvioFaltante> => {
      const direccion = pagado.direccionEnvio;
      if (direccion === null) return err({ kind: 'DireccionDeEnvioFaltante', pedidoId: pagado.id });
      const { transportista, numeroSeguimiento } = datos;
      const enviado: PedidoEn<'enviado'> = {
        ...pagado,
        estado: 'enviado',
        direccionEnvio: direccion,
        envio: { transportista, numeroSeguimiento, enviadoEn: ahora },
        actualizadoEn: ahora,
        version: pagado.version + 1,
      };
      return ok({
        pedido: enviado,
        eventos: [
          {
            tipo: 'PedidoEnviado',
            pedidoId: pedido.id,
            transportista,
            numeroSeguimiento,
            direccion,
            ocurridoEn: ahora,
          },
        ],
      });
    })
    .map(congelar);
}

/** Records that an `enviado` pedido reached its destinatario. Final. */
export function entregar(pedido: Pedido, ahora: Date): Result<CambioDePedido, ErrorAlEntregar> {
  return debePermitirTransicion(pedido, 'entregar')
    .map((enviado): CambioDePedido => {
      const entregado: PedidoEn<'entregado'> = {
        ...enviado,
        estado: 'entregado',
        entregadoEn: ahora,
        actualizadoEn: ahora,
        version: enviado.version + 1,
      };
      return { pedido: entregado, eventos: [{ tipo: 'PedidoEntregado', pedidoId: pedido.id, ocurridoEn: ahora }] };
    })
    .map(congelar);
}

export type DatosDeCancelacion = {
  /** `null` when not given. */
  readonly motivo?: MotivoDeCancelacion;
};

/**
 * Cancels a pedido in `carrito`, `confirmado` or `pagado`. Final. From
 * `confirmado` or `pagado`, every line's cantidad goes back to its producto's
 * stock, also when the producto has since become inactive: `productos` must
 * hold the productos of the lines, and the ones returned are to be stored with
 * the pedido, atomically. A cancelled pedido refuses everything, so its stock
 * comes back once. The refund is what was paid, if anything.
 */
export function cancelar(
  pedido: Pedido,
  productos: readonly Producto[],
  datos: DatosDeCancelacion,
  ahora: Date,
): Result<ResultadoDeCancelacion, ErrorAlCancelar> {
  const motivo = datos.motivo ?? null;
  return debePermitirTransicion(pedido, 'cancelar')
    .andThen((cancelable) => {
      const cancelado = canceladoDesde(cancelable, motivo, ahora);
      const evento: PedidoCancelado = {
        tipo: 'PedidoCancelado',
        pedidoId: pedido.id,
        motivo,
        estadoAnterior: cancelable.estado,
        reembolsoCentavos: cancelado.cancelacion.reembolsoCentavos,
        ocurridoEn: ahora,
      };
      if (cancelable.estado === 'carrito') return ok({ pedido: cancelado, productos: [], eventos: [evento] });
      return productosDeLasLineas(cancelable, productos)
        .andThen((deLasLineas) =>
          Result.combine(
            deLasLineas.map((p, i) => reponerStock(p, (cancelable.lineas[i] as LineaDePedido).cantidad, ahora)),
          ),
        )
        .map(
          (repuestos): ResultadoDeCancelacion => ({
            pedido: cancelado,
            productos: repuestos.map((r) => r.producto),
            eventos: [evento, ...repuestos.flatMap((r) => r.eventos as readonly StockRepuesto[])],
          }),
        );
    })
    .map(congelar);
}

function canceladoDesde(
  pedido: PedidoEn<EstadoCancelable>,
  motivo: MotivoDeCancelacion,
  ahora: Date,
): PedidoEn<'cancelado'> {
  const cambios = { actualizadoEn: ahora, version: pedido.version + 1 } as const;
  const cancelacion = { motivo, reembolsoCentavos: 0n, canceladoEn: ahora } as const;
  switch (pedido.estado) {
    case 'carrito':
      return { ...pedido, ...cambios, estado: 'cancelado', cancelacion: { ...cancelacion, estadoAnterior: 'carrito' } };
    case 'confirmado':
      return {
        ...pedido,
        ...cambios,
        estado: 'cancelado',
        cancelacion: { ...cancelacion, estadoAnterior: 'confirmado' },
      };
    case 'pagado':
      return {
        ...pedido,
        ...cambios,
        estado: 'cancelado',
        cancelacion: { ...cancelacion, estadoAnterior: 'pagado', reembolsoCentavos: pedido.pago.importeCentavos },
      };
    default:
      return assertNever(pedido);
  }
}
