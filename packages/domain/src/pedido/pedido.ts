import { err, ok, Result } from 'neverthrow';
import { congelar } from '../compartido/congelar.js';
import {
  type CambioDeProducto,
  descontarStock,
  type Faltante,
  type Producto,
  type StockDescontado,
  type StockInsuficiente,
} from '../producto/producto.js';
import { Cantidad, type CantidadInvalida } from '../valores/cantidad.js';
import { Dinero, type DineroInvalido, type ImporteExcesivo } from '../valores/dinero.js';
import { type EstadoInvalido, EstadoPedido } from '../valores/estados.js';
import { ClienteId, type IdInvalido, PedidoId, ProductoId } from '../valores/id.js';
import { Instante, type InstanteInvalido, instantesGuardados } from '../valores/instante.js';
import { Nombre, type NombreInvalido } from '../valores/nombre.js';

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

/**
 * The aggregate root. Lines change only through the operations of this module,
 * which return a new pedido and never touch the one they were given.
 */
export type Pedido = {
  readonly id: PedidoId;
  readonly clienteId: ClienteId;
  readonly estado: EstadoPedido;
  /** In the order in which each producto was first added. */
  readonly lineas: readonly LineaDePedido[];
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
  readonly confirmadoEn: Date | null;
  /** Starts at 1 and grows by one with every change; the basis of optimistic concurrency. */
  readonly version: number;
};

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
export type PedidoConfirmado = Evento<
  'PedidoConfirmado',
  { clienteId: ClienteId; lineas: readonly LineaDePedido[]; totalCantidad: number; totalCentavos: bigint }
>;

export type EventoDePedido = PedidoCreado | ItemAgregado | CantidadDeItemCambiada | ItemQuitado | PedidoConfirmado;

// ---------------------------------------------------------------- errors

export type OperacionDePedido = 'agregarItem' | 'cambiarCantidad' | 'quitarItem' | 'confirmar';

/** The pedido is past `carrito`: from its estado, the operation is not a legal transition. */
export type PedidoNoModificable = {
  readonly kind: 'PedidoNoModificable';
  readonly pedidoId: PedidoId;
  readonly estado: EstadoPedido;
  readonly operacion: OperacionDePedido;
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

export type ErrorAlAgregarItem =
  | PedidoNoModificable
  | CantidadInvalida
  | ProductoNoDisponible
  | StockInsuficiente
  | ImporteExcesivo;
export type ErrorAlCambiarCantidad = PedidoNoModificable | ProductoNoDisponible | StockInsuficiente | ImporteExcesivo;
export type ErrorAlQuitarItem = PedidoNoModificable | ItemNoEncontrado;
export type ErrorAlConfirmar =
  | PedidoNoModificable
  | PedidoVacio
  | ProductoNoEncontrado
  | ProductoNoDisponible
  | StockInsuficiente
  | ImporteExcesivo;
export type ErrorDePedido = ErrorAlAgregarItem | ErrorAlCambiarCantidad | ErrorAlQuitarItem | ErrorAlConfirmar;

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
  return pedido.lineas.reduce((suma, linea) => suma + subtotal(linea), 0n);
}

export function lineaDe(pedido: Pedido, productoId: ProductoId): LineaDePedido | undefined {
  return pedido.lineas.find((linea) => linea.productoId === productoId);
}

// ---------------------------------------------------------------- guards

function debeSerCarrito(pedido: Pedido, operacion: OperacionDePedido): Result<Pedido, PedidoNoModificable> {
  if (pedido.estado === 'carrito') return ok(pedido);
  return err({ kind: 'PedidoNoModificable', pedidoId: pedido.id, estado: pedido.estado, operacion });
}

function debeEstarActivo(producto: Producto): Result<Producto, ProductoNoDisponible> {
  return producto.estado === 'activo' ? ok(producto) : err({ kind: 'ProductoNoDisponible', productoId: producto.id });
}

function debeHaberStock(producto: Producto, solicitado: Cantidad): Result<Cantidad, StockInsuficiente> {
  if (solicitado <= producto.stock) return ok(solicitado);
  return err({
    kind: 'StockInsuficiente',
    faltantes: [{ productoId: producto.id, solicitado, disponible: producto.stock }],
  });
}

/**
 * A change or a confirmation whose total in centavos or in units would be
 * past 2^53 - 1 is refused, so that every pedido written has totals that are
 * safe integers.
 */
function debeTenerImportesExactos(lineas: readonly LineaDePedido[]): Result<readonly LineaDePedido[], ImporteExcesivo> {
  return debeTenerUnidadesExactas(lineas).andThen(debeTenerCentavosExactos);
}

function debeTenerUnidadesExactas(lineas: readonly LineaDePedido[]): Result<readonly LineaDePedido[], ImporteExcesivo> {
  const unidades = lineas.reduce((suma, linea) => suma + linea.cantidad, 0);
  return Number.isSafeInteger(unidades) ? ok(lineas) : err({ kind: 'ImporteExcesivo' });
}

function debeTenerCentavosExactos(lineas: readonly LineaDePedido[]): Result<readonly LineaDePedido[], ImporteExcesivo> {
  return lineas
    .reduce<Result<Dinero, ImporteExcesivo>>(
      (total, linea) =>
        total.andThen((t) =>
          Dinero.multiplicar(linea.precioUnitario, linea.cantidad).andThen((s) => Dinero.sumar(t, s)),
        ),
      ok(Dinero.cero),
    )
    .map(() => lineas);
}

// ---------------------------------------------------------------- line edits

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
  pedido: Pedido,
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
  pedido: Pedido,
  producto: Producto,
  cantidadEnLinea: Cantidad,
): Result<readonly LineaDePedido[], StockInsuficiente | ImporteExcesivo> {
  return debeHaberStock(producto, cantidadEnLinea).andThen(() =>
    debeTenerImportesExactos(conLinea(pedido.lineas, producto, cantidadEnLinea)),
  );
}

/** Adding checks, shared by the creation of a pedido with items and by `agregarItem`. */
function lineasTrasAgregar(
  pedido: Pedido,
  producto: Producto,
  cantidad: Cantidad,
): Result<
  { lineas: readonly LineaDePedido[]; cantidadEnLinea: Cantidad },
  Exclude<ErrorAlAgregarItem, PedidoNoModificable>
> {
  return Cantidad.crearPositiva(cantidad)
    .andThen(() => debeEstarActivo(producto))
    .andThen(() => Cantidad.sumar(lineaDe(pedido, producto.id)?.cantidad ?? Cantidad.cero, cantidad))
    .andThen((cantidadEnLinea) =>
      lineasConCantidad(pedido, producto, cantidadEnLinea).map((lineas) => ({
        lineas,
        cantidadEnLinea,
      })),
    );
}

// ---------------------------------------------------------------- operations

export type ItemSolicitado = { readonly producto: Producto; readonly cantidad: Cantidad };

/**
 * Opens a pedido in `carrito`, optionally with items. Items for the same producto
 * are summed into one line. Every line is checked against its producto's stock,
 * and every short line is reported at once, as `confirmar` does. Whatever its
 * items, a new pedido is at version 1.
 */
export function crearPedido(datos: {
  readonly id: PedidoId;
  readonly clienteId: ClienteId;
  readonly items?: readonly ItemSolicitado[];
  readonly ahora: Date;
}): Result<CambioDePedido, Exclude<ErrorAlAgregarItem, PedidoNoModificable>> {
  const { id, clienteId, ahora } = datos;
  const items = datos.items ?? [];
  const vacio: Pedido = {
    id,
    clienteId,
    estado: 'carrito',
    lineas: [],
    creadoEn: ahora,
    actualizadoEn: ahora,
    confirmadoEn: null,
    version: 1,
  };
  const creado: CambioDePedido = {
    pedido: vacio,
    eventos: [{ tipo: 'PedidoCreado', pedidoId: id, clienteId, ocurridoEn: ahora }],
  };
  const productos = new Map(items.map(({ producto }) => [producto.id, producto]));
  return items
    .reduce<Result<CambioDePedido, CantidadInvalida | ProductoNoDisponible>>(
      (acumulado, { producto, cantidad }) =>
        acumulado.andThen(({ pedido, eventos }) =>
          Cantidad.crearPositiva(cantidad)
            .andThen(() => debeEstarActivo(producto))
            .andThen(() => Cantidad.sumar(lineaDe(pedido, producto.id)?.cantidad ?? Cantidad.cero, cantidad))
            .map((cantidadEnLinea) => ({
              pedido: { ...pedido, lineas: conLinea(pedido.lineas, producto, cantidadEnLinea) },
              eventos: [...eventos, itemAgregado(pedido, producto, cantidad, cantidadEnLinea, ahora)],
            })),
        ),
      ok(creado),
    )
    .andThen((cambio) =>
      Result.combineWithAllErrors(
        cambio.pedido.lineas.map((linea) =>
          debeHaberStock(productos.get(linea.productoId) as Producto, linea.cantidad),
        ),
      )
        .mapErr(
          (errores): StockInsuficiente => ({
            kind: 'StockInsuficiente',
            faltantes: errores.flatMap((e) => e.faltantes),
          }),
        )
        .andThen(() => debeTenerImportesExactos(cambio.pedido.lineas))
        .map(() => congelar(cambio)),
    );
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
 * quantity must not exceed the producto's current stock. Stock is not reserved.
 */
export function agregarItem(
  pedido: Pedido,
  producto: Producto,
  cantidad: Cantidad,
  ahora: Date,
): Result<CambioDePedido, ErrorAlAgregarItem> {
  return debeSerCarrito(pedido, 'agregarItem')
    .andThen(() => lineasTrasAgregar(pedido, producto, cantidad))
    .map(({ lineas, cantidadEnLinea }) =>
      cambiado(pedido, lineas, ahora, itemAgregado(pedido, producto, cantidad, cantidadEnLinea, ahora)),
    )
    .map(congelar);
}

/**
 * Sets the quantity of the producto's line. Zero removes the line, and is no
 * change at all when there is no line. Any other quantity needs an active
 * producto with at least that much stock, and creates the line if it is absent.
 * Setting the quantity a line already has changes nothing.
 */
export function cambiarCantidad(
  pedido: Pedido,
  producto: Producto,
  cantidad: Cantidad,
  ahora: Date,
): Result<CambioDePedido, ErrorAlCambiarCantidad> {
  return debeSerCarrito(pedido, 'cambiarCantidad')
    .andThen((): Result<CambioDePedido, ErrorAlCambiarCantidad> => {
      const actual = lineaDe(pedido, producto.id);
      if (cantidad === 0) {
        return ok(actual === undefined ? { pedido, eventos: [] } : quitar(pedido, actual, ahora));
      }
      if (actual?.cantidad === cantidad) return ok({ pedido, eventos: [] });
      return debeEstarActivo(producto)
        .andThen(() => lineasConCantidad(pedido, producto, cantidad))
        .map((lineas) =>
          actual === undefined
            ? cambiado(pedido, lineas, ahora, itemAgregado(pedido, producto, cantidad, cantidad, ahora))
            : cambiado(pedido, lineas, ahora, {
                tipo: 'CantidadDeItemCambiada',
                pedidoId: pedido.id,
                productoId: producto.id,
                cantidadAnterior: actual.cantidad,
                cantidad,
                ocurridoEn: ahora,
              }),
        );
    })
    .map(congelar);
}

function quitar(pedido: Pedido, linea: LineaDePedido, ahora: Date): CambioDePedido {
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
  return debeSerCarrito(pedido, 'quitarItem')
    .andThen(() => {
      const linea = lineaDe(pedido, productoId);
      if (linea === undefined) return err({ kind: 'ItemNoEncontrado' as const, pedidoId: pedido.id, productoId });
      return ok(quitar(pedido, linea, ahora));
    })
    .map(congelar);
}

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
  return debeSerCarrito(pedido, 'confirmar')
    .andThen(
      (p): Result<Pedido, PedidoVacio> =>
        p.lineas.length === 0 ? err({ kind: 'PedidoVacio', pedidoId: p.id }) : ok(p),
    )
    .andThen(() => productosDeLasLineas(pedido, productos))
    .andThen((deLasLineas) => Result.combine(deLasLineas.map(debeEstarActivo)))
    .andThen((deLasLineas) => descontarTodo(pedido, deLasLineas, ahora))
    .andThen((descontados) => {
      const congeladas = pedido.lineas.map((linea, i) => {
        const { producto } = descontados[i] as CambioDeProducto;
        return { ...linea, nombre: producto.nombre, precioUnitario: producto.precio };
      });
      return debeTenerImportesExactos(congeladas).map((lineas): Confirmacion => {
        const confirmado: Pedido = {
          ...pedido,
          estado: 'confirmado',
          lineas,
          actualizadoEn: ahora,
          confirmadoEn: ahora,
          version: pedido.version + 1,
        };
        return {
          pedido: confirmado,
          productos: descontados.map((d) => d.producto),
          eventos: [
            {
              tipo: 'PedidoConfirmado',
              pedidoId: pedido.id,
              clienteId: pedido.clienteId,
              lineas,
              totalCantidad: totalCantidad(confirmado),
              totalCentavos: totalCentavos(confirmado),
              ocurridoEn: ahora,
            },
            ...descontados.flatMap((d) => d.eventos as readonly StockDescontado[]),
          ],
        };
      });
    })
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

/** Deducts every line from its producto, or reports every line that is short. */
function descontarTodo(
  pedido: Pedido,
  productos: readonly Producto[],
  ahora: Date,
): Result<readonly CambioDeProducto[], StockInsuficiente> {
  return Result.combineWithAllErrors(
    pedido.lineas.map((linea, i) => descontarStock(productos[i] as Producto, linea.cantidad, ahora)),
  ).mapErr((errores) => ({
    kind: 'StockInsuficiente' as const,
    faltantes: errores.flatMap((e): readonly Faltante[] => e.faltantes),
  }));
}

// ---------------------------------------------------------------- reconstitution

export type PedidoGuardado = {
  readonly id: string;
  readonly clienteId: string;
  readonly estado: string;
  readonly lineas: readonly {
    readonly productoId: string;
    readonly nombre: string;
    readonly cantidad: number;
    readonly precioUnitario: number;
  }[];
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
  readonly confirmadoEn: Date | null;
  readonly version: number;
};

/** Stored data that no sequence of domain operations could have produced. */
export type PedidoIncoherente = {
  readonly kind: 'PedidoIncoherente';
  readonly motivo: string;
};

export type ErrorDeReconstitucionDePedido =
  | IdInvalido
  | NombreInvalido
  | CantidadInvalida
  | DineroInvalido
  | EstadoInvalido
  | ImporteExcesivo
  | InstanteInvalido
  | PedidoIncoherente;

/** Rebuilds a pedido from stored primitives and checks every invariant of the aggregate. */
export function reconstituirPedido(guardado: PedidoGuardado): Result<Pedido, ErrorDeReconstitucionDePedido> {
  const incoherente = (motivo: string) => err({ kind: 'PedidoIncoherente' as const, motivo });
  const lineas = Result.combine(
    guardado.lineas.map((l) =>
      Result.combine([
        ProductoId.crear(l.productoId),
        Nombre.crear(l.nombre),
        Cantidad.crearPositiva(l.cantidad),
        Dinero.crear(l.precioUnitario),
      ]).map(
        ([productoId, nombre, cantidad, precioUnitario]): LineaDePedido => ({
          productoId,
          nombre,
          cantidad,
          precioUnitario,
        }),
      ),
    ),
  ).andThen(debeTenerUnidadesExactas);
  return Result.combine([
    PedidoId.crear(guardado.id),
    ClienteId.crear(guardado.clienteId),
    EstadoPedido.crear(guardado.estado),
    lineas,
    instantesGuardados(guardado),
    guardado.confirmadoEn === null ? ok(null) : Instante.crear(guardado.confirmadoEn, 'confirmadoEn'),
  ]).andThen(
    ([id, clienteId, estado, lineas, { creadoEn, actualizadoEn }, confirmadoEn]): Result<
      Pedido,
      ErrorDeReconstitucionDePedido
    > => {
      // A carrito's prices are its productos' current ones, which may have risen
      // since: only the prices that confirmation froze were checked to fit.
      if (estado === 'confirmado' && debeTenerCentavosExactos(lineas).isErr()) {
        return incoherente('el total de un pedido confirmado supera 2^53 - 1 centavos');
      }
      if (new Set(lineas.map((l) => l.productoId)).size !== lineas.length) {
        return incoherente('un producto aparece en más de una línea');
      }
      if (!Number.isSafeInteger(guardado.version) || guardado.version < 1) return incoherente('versión no válida');
      if ((estado === 'confirmado') !== (confirmadoEn !== null)) {
        return incoherente('confirmadoEn no concuerda con el estado');
      }
      if (estado === 'confirmado' && lineas.length === 0) return incoherente('pedido confirmado sin líneas');
      return ok(
        congelar({ id, clienteId, estado, lineas, creadoEn, actualizadoEn, confirmadoEn, version: guardado.version }),
      );
    },
  );
}
