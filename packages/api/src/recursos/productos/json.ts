/** A producto as API v1 writes it: its schema and the mapping from the domain's. */
import { z } from '@hono/zod-openapi';
import type { Producto } from '@pedidos/domain';
import { envoltorio } from '../../comun/paginas.ts';
import { EstadoProducto, fecha, id } from '../../comun/valores.ts';

export const ProductoRespuesta = z
  .object({
    id,
    nombre: z.string(),
    descripcion: z.string().nullable(),
    precio_centavos: z.int().min(0),
    stock: z.int().min(0),
    estado: EstadoProducto,
    creado_en: fecha,
    actualizado_en: fecha,
  })
  .openapi('Producto');

export const PaginaDeProductos = z.object(envoltorio(ProductoRespuesta)).openapi('PaginaDeProductos');

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
