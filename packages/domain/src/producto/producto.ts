import { err, Result } from 'neverthrow';
import { encadenarCambios } from '../compartido/cambios.js';
import { congelar, hecho } from '../compartido/congelar.js';
import { Cantidad, type CantidadInvalida } from '../valores/cantidad.js';
import { Descripcion, type DescripcionInvalida } from '../valores/descripcion.js';
import { Dinero, type DineroInvalido } from '../valores/dinero.js';
import { type EstadoInvalido, EstadoProducto } from '../valores/estados.js';
import { type IdInvalido, ProductoId } from '../valores/id.js';
import { type InstanteInvalido, instantesGuardados } from '../valores/instante.js';
import { Nombre, type NombreInvalido } from '../valores/nombre.js';

export type Producto = {
  readonly id: ProductoId;
  readonly nombre: Nombre;
  readonly descripcion: Descripcion;
  readonly precio: Dinero;
  readonly stock: Cantidad;
  readonly estado: EstadoProducto;
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
};

/** One line that asks for more units than there are. */
export type Faltante = {
  readonly productoId: ProductoId;
  readonly solicitado: number;
  readonly disponible: number;
};

/** Stock would go below zero. Lists every short producto at once. */
export type StockInsuficiente = {
  readonly kind: 'StockInsuficiente';
  readonly faltantes: readonly Faltante[];
};

/** The one constructor of `StockInsuficiente`: the short lines given, in order. */
export function stockInsuficiente(faltantes: readonly Faltante[]): StockInsuficiente {
  return { kind: 'StockInsuficiente', faltantes };
}

/** `StockInsuficiente` for one producto asked for `solicitado` units. */
export function faltaStock(producto: Producto, solicitado: number): StockInsuficiente {
  return stockInsuficiente([{ productoId: producto.id, solicitado, disponible: producto.stock }]);
}

type Evento<T extends string, Datos> = Readonly<{ tipo: T; productoId: ProductoId; ocurridoEn: Date } & Datos>;

export type ProductoCreado = Evento<
  'ProductoCreado',
  { nombre: Nombre; descripcion: Descripcion; precio: Dinero; stock: Cantidad; estado: EstadoProducto }
>;
export type ProductoRenombrado = Evento<'ProductoRenombrado', { nombre: Nombre }>;
export type DescripcionDeProductoCambiada = Evento<'DescripcionDeProductoCambiada', { descripcion: Descripcion }>;
export type PrecioCambiado = Evento<'PrecioCambiado', { precioAnterior: Dinero; precio: Dinero }>;
export type ProductoActivado = Evento<'ProductoActivado', object>;
export type ProductoDesactivado = Evento<'ProductoDesactivado', object>;
export type StockFijado = Evento<'StockFijado', { stockAnterior: Cantidad; stock: Cantidad }>;
export type StockRepuesto = Evento<'StockRepuesto', { cantidad: Cantidad; stock: Cantidad }>;
export type StockDescontado = Evento<'StockDescontado', { cantidad: Cantidad; stock: Cantidad }>;

export type EventoDeProducto =
  | ProductoCreado
  | ProductoRenombrado
  | DescripcionDeProductoCambiada
  | PrecioCambiado
  | ProductoActivado
  | ProductoDesactivado
  | StockFijado
  | StockRepuesto
  | StockDescontado;

export type CambioDeProducto = {
  readonly producto: Producto;
  readonly eventos: readonly EventoDeProducto[];
};

function sinCambios(producto: Producto): Result<CambioDeProducto, never> {
  return hecho({ producto, eventos: [] });
}

export function crearProducto(datos: {
  readonly id: ProductoId;
  readonly nombre: Nombre;
  readonly descripcion?: Descripcion;
  readonly precio: Dinero;
  readonly stock?: Cantidad;
  readonly estado?: EstadoProducto;
  readonly ahora: Date;
}): Result<CambioDeProducto, never> {
  const producto: Producto = {
    id: datos.id,
    nombre: datos.nombre,
    descripcion: datos.descripcion ?? null,
    precio: datos.precio,
    stock: datos.stock ?? Cantidad.cero,
    estado: datos.estado ?? 'activo',
    creadoEn: datos.ahora,
    actualizadoEn: datos.ahora,
  };
  const { id: productoId, nombre, descripcion, precio, stock, estado } = producto;
  return hecho({
    producto,
    eventos: [
      { tipo: 'ProductoCreado', productoId, nombre, descripcion, precio, stock, estado, ocurridoEn: datos.ahora },
    ],
  });
}

export function renombrarProducto(producto: Producto, nombre: Nombre, ahora: Date): Result<CambioDeProducto, never> {
  if (nombre === producto.nombre) return sinCambios(producto);
  return hecho({
    producto: { ...producto, nombre, actualizadoEn: ahora },
    eventos: [{ tipo: 'ProductoRenombrado', productoId: producto.id, nombre, ocurridoEn: ahora }],
  });
}

export function cambiarDescripcion(
  producto: Producto,
  descripcion: Descripcion,
  ahora: Date,
): Result<CambioDeProducto, never> {
  if (descripcion === producto.descripcion) return sinCambios(producto);
  return hecho({
    producto: { ...producto, descripcion, actualizadoEn: ahora },
    eventos: [{ tipo: 'DescripcionDeProductoCambiada', productoId: producto.id, descripcion, ocurridoEn: ahora }],
  });
}

/** A new price applies to every pedido still in `carrito`; confirmed pedidos keep theirs. */
export function cambiarPrecio(producto: Producto, precio: Dinero, ahora: Date): Result<CambioDeProducto, never> {
  if (precio === producto.precio) return sinCambios(producto);
  return hecho({
    producto: { ...producto, precio, actualizadoEn: ahora },
    eventos: [
      { tipo: 'PrecioCambiado', productoId: producto.id, precioAnterior: producto.precio, precio, ocurridoEn: ahora },
    ],
  });
}

export function activarProducto(producto: Producto, ahora: Date): Result<CambioDeProducto, never> {
  if (producto.estado === 'activo') return sinCambios(producto);
  return hecho({
    producto: { ...producto, estado: 'activo', actualizadoEn: ahora },
    eventos: [{ tipo: 'ProductoActivado', productoId: producto.id, ocurridoEn: ahora }],
  });
}

/** An inactive producto cannot be added to a pedido, and a pedido that holds it cannot be confirmed. */
export function desactivarProducto(producto: Producto, ahora: Date): Result<CambioDeProducto, never> {
  if (producto.estado === 'inactivo') return sinCambios(producto);
  return hecho({
    producto: { ...producto, estado: 'inactivo', actualizadoEn: ahora },
    eventos: [{ tipo: 'ProductoDesactivado', productoId: producto.id, ocurridoEn: ahora }],
  });
}

export function cambiarEstadoDeProducto(
  producto: Producto,
  estado: EstadoProducto,
  ahora: Date,
): Result<CambioDeProducto, never> {
  return estado === 'activo' ? activarProducto(producto, ahora) : desactivarProducto(producto, ahora);
}

/** Sets the stock to a counted figure, as after an inventory. */
export function fijarStock(producto: Producto, stock: Cantidad, ahora: Date): Result<CambioDeProducto, never> {
  if (stock === producto.stock) return sinCambios(producto);
  return hecho({
    producto: { ...producto, stock, actualizadoEn: ahora },
    eventos: [
      { tipo: 'StockFijado', productoId: producto.id, stockAnterior: producto.stock, stock, ocurridoEn: ahora },
    ],
  });
}

/** Adds units that arrived. */
export function reponerStock(
  producto: Producto,
  cantidad: Cantidad,
  ahora: Date,
): Result<CambioDeProducto, CantidadInvalida> {
  if (cantidad === 0) return sinCambios(producto);
  return Cantidad.sumar(producto.stock, cantidad)
    .map(
      (stock): CambioDeProducto => ({
        producto: { ...producto, stock, actualizadoEn: ahora },
        eventos: [{ tipo: 'StockRepuesto', productoId: producto.id, cantidad, stock, ocurridoEn: ahora }],
      }),
    )
    .map(congelar);
}

/** Takes units out of stock. Refuses, and never clamps, when there are not enough. */
export function descontarStock(
  producto: Producto,
  cantidad: Cantidad,
  ahora: Date,
): Result<CambioDeProducto, StockInsuficiente> {
  if (cantidad > producto.stock) return err(faltaStock(producto, cantidad));
  if (cantidad === 0) return sinCambios(producto);
  const stock = (producto.stock - cantidad) as Cantidad;
  return hecho({
    producto: { ...producto, stock, actualizadoEn: ahora },
    eventos: [{ tipo: 'StockDescontado', productoId: producto.id, cantidad, stock, ocurridoEn: ahora }],
  });
}

export type CambiosDeProducto = {
  readonly nombre?: Nombre;
  readonly descripcion?: Descripcion;
  readonly precio?: Dinero;
  readonly stock?: Cantidad;
  readonly estado?: EstadoProducto;
};

/** Applies every change given, in a fixed order; the events are those of each change. */
export function modificarProducto(
  producto: Producto,
  cambios: CambiosDeProducto,
  ahora: Date,
): Result<CambioDeProducto, never> {
  const { nombre, descripcion, precio, stock, estado } = cambios;
  const pasos: ((c: CambioDeProducto) => Result<CambioDeProducto, never>)[] = [];
  if (nombre !== undefined) pasos.push((c) => renombrarProducto(c.producto, nombre, ahora));
  if (descripcion !== undefined) pasos.push((c) => cambiarDescripcion(c.producto, descripcion, ahora));
  if (precio !== undefined) pasos.push((c) => cambiarPrecio(c.producto, precio, ahora));
  if (stock !== undefined) pasos.push((c) => fijarStock(c.producto, stock, ahora));
  if (estado !== undefined) pasos.push((c) => cambiarEstadoDeProducto(c.producto, estado, ahora));
  return encadenarCambios({ producto, eventos: [] }, pasos);
}

export type ProductoGuardado = {
  readonly id: string;
  readonly nombre: string;
  readonly descripcion: string | null;
  readonly precio: number;
  readonly stock: number;
  readonly estado: string;
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
};

export type ErrorDeReconstitucionDeProducto =
  | IdInvalido
  | NombreInvalido
  | DescripcionInvalida
  | DineroInvalido
  | CantidadInvalida
  | EstadoInvalido
  | InstanteInvalido;

/**
 * Rebuilds a producto from stored primitives, checking them as if they were new;
 * the instants must be valid `Date`s.
 */
export function reconstituirProducto(guardado: ProductoGuardado): Result<Producto, ErrorDeReconstitucionDeProducto> {
  return Result.combine([
    ProductoId.crear(guardado.id),
    Nombre.crear(guardado.nombre),
    Descripcion.crear(guardado.descripcion),
    Dinero.crear(guardado.precio),
    Cantidad.crear(guardado.stock),
    EstadoProducto.crear(guardado.estado),
    instantesGuardados(guardado),
  ])
    .map(
      ([id, nombre, descripcion, precio, stock, estado, { creadoEn, actualizadoEn }]): Producto => ({
        id,
        nombre,
        descripcion,
        precio,
        stock,
        estado,
        creadoEn,
        actualizadoEn,
      }),
    )
    .map(congelar);
}
