import { createRoute } from '@hono/zod-openapi';
import {
  CabecerasIdempotentes,
  CambiosDeProducto,
  ConsultaDeProductos,
  NuevoProducto,
  PaginaDeProductos,
  ParamProducto,
  ProductoRespuesta,
} from '../esquemas.ts';
import { conCuerpo, cuerpo, errores, idempotencia, idempotente, json, location, siempre } from './comun.ts';

const tags = ['productos'];

export const crearProducto = createRoute(
  idempotente({
    method: 'post',
    path: '/productos',
    operationId: 'crearProducto',
    tags,
    summary: 'Crea un producto (stock 0 y activo si no se indica)',
    request: { headers: CabecerasIdempotentes, body: cuerpo(NuevoProducto) },
    responses: {
      201: { ...json(ProductoRespuesta, 'El producto creado.'), headers: location },
      ...errores({ ...conCuerpo, ...idempotencia }),
    },
  }),
);

export const obtenerProducto = createRoute({
  method: 'get',
  path: '/productos/{id}',
  operationId: 'obtenerProducto',
  tags,
  summary: 'Lee un producto',
  request: { params: ParamProducto },
  responses: {
    200: json(ProductoRespuesta, 'El producto.'),
    ...errores({ ...siempre, 404: '`PRODUCTO_NO_ENCONTRADO`.' }),
  },
});

export const listarProductos = createRoute({
  method: 'get',
  path: '/productos',
  operationId: 'listarProductos',
  tags,
  summary: 'Lista productos, los más recientes primero',
  description: '`min_price` y `max_price` son cotas inclusivas en centavos; `min_price > max_price` es 422.',
  request: { query: ConsultaDeProductos },
  responses: { 200: json(PaginaDeProductos, 'Una página de productos.'), ...errores(siempre) },
});

export const modificarProducto = createRoute({
  method: 'patch',
  path: '/productos/{id}',
  operationId: 'modificarProducto',
  tags,
  summary: 'Cambia nombre, descripción, precio, stock o estado de un producto',
  description: 'Un cambio de precio no toca los pedidos confirmados, cuyo precio quedó congelado.',
  request: { params: ParamProducto, body: cuerpo(CambiosDeProducto) },
  responses: {
    200: json(ProductoRespuesta, 'El producto cambiado.'),
    ...errores({ ...conCuerpo, 404: '`PRODUCTO_NO_ENCONTRADO`.' }),
  },
});
