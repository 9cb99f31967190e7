/** The routes of productos. */

import { createRoute } from '@hono/zod-openapi';
import { acceso } from '../../comun/actor.ts';
import { CabecerasIdempotentes, idempotente, PROBLEMAS_DE_IDEMPOTENCIA } from '../../comun/idempotencia.ts';
import { cabecerasDeLectura, lecturaCondicional, REVALIDAR } from '../../comun/if-none-match.ts';
import {
  cuerpo,
  json,
  location,
  PROBLEMAS_DE_CUERPO,
  PROBLEMAS_DE_FICHA,
  PROBLEMAS_DE_ROL,
  PROBLEMAS_DE_SIEMPRE,
  problemas,
} from '../../comun/respuestas.ts';
import { CambiosDeProducto, ConsultaDeProductos, NuevoProducto, ParamProducto } from './esquemas.ts';
import { PaginaDeProductos, ProductoRespuesta } from './json.ts';

const tags = ['productos'];

export const crearProducto = createRoute(
  idempotente({
    method: 'post',
    path: '/productos',
    operationId: 'crearProducto',
    ...acceso('crearProducto'),
    tags,
    summary: 'Crea un producto (stock 0 y activo si no se indica)',
    description: 'Solo `nombre` y `precio_centavos` son obligatorios.',
    request: { headers: CabecerasIdempotentes, body: cuerpo(NuevoProducto) },
    responses: {
      201: { ...json(ProductoRespuesta, 'El producto creado.'), headers: location },
      ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_CUERPO, ...PROBLEMAS_DE_IDEMPOTENCIA]),
    },
  }),
);

export const obtenerProducto = createRoute({
  method: 'get',
  path: '/productos/{id}',
  operationId: 'obtenerProducto',
  ...acceso('buscarProducto'),
  tags,
  summary: 'Lee un producto',
  description: 'El producto con ese id, activo o inactivo; 304 si `If-None-Match` nombra su `ETag` actual.',
  request: { params: ParamProducto, headers: cabecerasDeLectura('"7k5QENmmw_wJqd5thox4i4XYsAm"') },
  responses: {
    ...lecturaCondicional(ProductoRespuesta, 'El producto.', {
      etag: 'Una etiqueta del contenido exacto de la respuesta: cambia cuando cambia el producto.',
      cacheControl: REVALIDAR,
    }),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE, 'PRODUCTO_NO_ENCONTRADO']),
  },
});

export const listarProductos = createRoute({
  method: 'get',
  path: '/productos',
  operationId: 'listarProductos',
  ...acceso('listarProductos'),
  tags,
  summary: 'Lista productos, los más recientes primero',
  description: '`min_price` y `max_price` son cotas inclusivas en centavos; `min_price > max_price` es 422.',
  request: { query: ConsultaDeProductos },
  responses: {
    200: json(PaginaDeProductos, 'Una página de productos.'),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE]),
  },
});

export const modificarProducto = createRoute({
  method: 'patch',
  path: '/productos/{id}',
  operationId: 'modificarProducto',
  ...acceso('modificarProducto'),
  tags,
  summary: 'Cambia nombre, descripción, precio, stock o estado de un producto',
  description: 'Un cambio de precio no toca los pedidos confirmados, cuyo precio quedó congelado.',
  request: { params: ParamProducto, body: cuerpo(CambiosDeProducto) },
  responses: {
    200: json(ProductoRespuesta, 'El producto cambiado.'),
    ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_CUERPO, 'PRODUCTO_NO_ENCONTRADO']),
  },
});
