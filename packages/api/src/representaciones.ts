/** Domain values into the JSON of API v1: snake_case, ISO 8601 instants, integer centavos. */
import {
  type Cliente,
  type Pagina,
  type PaginaDePedidos,
  type Pedido,
  type Producto,
  subtotal,
  totalCantidad,
  totalCentavos,
} from '@pedidos/domain';

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
    estado: pedido.estado,
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
    confirmado_en: pedido.confirmadoEn?.toISOString() ?? null,
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
