/** Domain values into the JSON of API v1: snake_case, ISO 8601 instants, integer centavos. */
import {
  type Cliente,
  confirmadoEn,
  type Pagina,
  type PaginaDePedidos,
  type Pedido,
  type Producto,
  subtotal,
  totalCantidad,
  totalCentavos,
} from '@pedidos/domain';
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { estadoServido } from './esquemas.ts';

export function clienteJson(cliente: Cliente) {
  return {
    id: cliente.id,
    nombre: cliente.nombre,
    email: cliente.email,
    creado_en: cliente.creadoEn.toISOString(),
    actualizado_en: cliente.actualizadoEn.toISOString(),
  };
}

export function productoJson(producto: Producto) {
  return {
    id: producto.id,
    nombre: producto.nombre,
    descripcion: producto.descripcion,
    precio_centavos: producto.precio,
    stock: producto.stock,
    estado: producto.estado,
    creado_en: producto.creadoEn.toISOString(),
    actualizado_en: producto.actualizadoEn.toISOString(),
  };
}

export function pedidoJson(pedido: Pedido) {
  return {
    id: pedido.id,
    cliente_id: pedido.clienteId,
    estado: estadoServido(pedido.estado),
    items: pedido.lineas.map((linea) => ({
      producto_id: linea.productoId,
      nombre: linea.nombre,
      cantidad: linea.cantidad,
      precio_unitario_centavos: linea.precioUnitario,
      subtotal_centavos: subtotal(linea),
    })),
    total_cantidad: totalCantidad(pedido),
    total_centavos: totalCentavos(pedido),
    creado_en: pedido.creadoEn.toISOString(),
    actualizado_en: pedido.actualizadoEn.toISOString(),
    confirmado_en: confirmadoEn(pedido)?.toISOString() ?? null,
    version: pedido.version,
  };
}

/** The `ETag` of a pedido: its version, as a strong entity tag. */
export function etagDe(pedido: Pedido): string {
  return `"${pedido.version}"`;
}

export function paginaJson<T, J>(pagina: Pagina<T>, aJson: (item: T) => J) {
  return {
    items: pagina.items.map(aJson),
    page: pagina.pagina,
    limit: pagina.limite,
    total: pagina.total,
    total_pages: Math.ceil(pagina.total / pagina.limite),
  };
}

export function paginaDePedidosJson(pagina: PaginaDePedidos) {
  return {
    ...paginaJson(pagina, pedidoJson),
    total_cantidad: pagina.totalCantidad,
    total_centavos: pagina.totalCentavos,
  };
}

// ---------------------------------------------------------------- exact integers

/** A value that can be written as JSON, where a bigint is written as the integer it is. */
export type ValorJson =
  | string
  | number
  | boolean
  | null
  | bigint
  | readonly ValorJson[]
  | { readonly [clave: string]: ValorJson };

/**
 * What a value is to a reader of the JSON: a bigint there is a number like any
 * other. Strings and numbers, branded or literal, stay as they are.
 */
export type ComoJson<T> = T extends string | number | boolean | null
  ? T
  : T extends bigint
    ? number
    : T extends readonly (infer U)[]
      ? ComoJson<U>[]
      : T extends object
        ? { [K in keyof T]: ComoJson<T[K]> }
        : T;

/**
 * JSON text in which every bigint is written as its exact digits. JSON numbers
 * have no size limit (RFC 8259, section 6); `JSON.stringify` refuses bigints,
 * and Node 20 has no `JSON.rawJSON`.
 */
export function textoJson(valor: ValorJson): string {
  if (typeof valor === 'bigint') return valor.toString();
  if (valor === null || typeof valor !== 'object') return JSON.stringify(valor);
  if (Array.isArray(valor)) return `[${valor.map(textoJson).join(',')}]`;
  const campos = Object.entries(valor as { readonly [clave: string]: ValorJson });
  return `{${campos.map(([clave, v]) => `${JSON.stringify(clave)}:${textoJson(v)}`).join(',')}}`;
}

/**
 * Answers with `cuerpo` as JSON, as `c.json` does, but with exact bigints. The
 * response is typed as the JSON its reader sees, which is what the route's
 * schema describes; the cast is to that phantom type only.
 */
export function jsonExacto<T extends ValorJson, S extends ContentfulStatusCode>(
  c: Context,
  cuerpo: T,
  estado: S,
  cabeceras: Readonly<Record<string, string>> = {},
): Response & TypedResponse<ComoJson<T>, S, 'json'> {
  const respuesta = c.body(textoJson(cuerpo), estado, { ...cabeceras, 'Content-Type': 'application/json' });
  return respuesta as unknown as Response & TypedResponse<ComoJson<T>, S, 'json'>;
}
