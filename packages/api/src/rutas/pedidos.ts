import { createRoute } from '@hono/zod-openapi';
import {
  CabecerasCondicionales,
  CabecerasIdempotentes,
  CabecerasIdempotentesYCondicionales,
  CantidadDeItem,
  ConsultaDePedidos,
  ItemAAgregar,
  NuevoPedido,
  PaginaDePedidos,
  ParamItem,
  ParamPedido,
  PedidoRespuesta,
} from '../esquemas.ts';
import { conCuerpo, cuerpo, errores, etag, etagYLocation, idempotencia, idempotente, json, siempre } from './comun.ts';

const tags = ['pedidos'];

const conflictosDeItems =
  '`PEDIDO_NO_MODIFICABLE`: el pedido no está en carrito; `PRODUCTO_NO_DISPONIBLE`: el producto está inactivo; `STOCK_INSUFICIENTE`: la cantidad de la línea supera el stock actual.';
const versionDesactualizada = '`VERSION_DESACTUALIZADA`: `If-Match` no es la versión actual del pedido.';

const pedido = (description: string) => ({ ...json(PedidoRespuesta, description), headers: etag });

export const crearPedido = createRoute(
  idempotente({
    method: 'post',
    path: '/pedidos',
    operationId: 'crearPedido',
    tags,
    summary: 'Abre un pedido en carrito, con items o sin ellos',
    request: { headers: CabecerasIdempotentes, body: cuerpo(NuevoPedido) },
    responses: {
      201: { ...json(PedidoRespuesta, 'El pedido creado, en carrito.'), headers: etagYLocation },
      ...errores({
        ...conCuerpo,
        ...idempotencia,
        404: '`CLIENTE_NO_ENCONTRADO` o `PRODUCTO_NO_ENCONTRADO`.',
        409: `\`PRODUCTO_NO_DISPONIBLE\` o \`STOCK_INSUFICIENTE\`; ${idempotencia[409]}`,
      }),
    },
  }),
);

export const obtenerPedido = createRoute({
  method: 'get',
  path: '/pedidos/{id}',
  operationId: 'obtenerPedido',
  tags,
  summary: 'Lee un pedido',
  request: { params: ParamPedido },
  responses: { 200: pedido('El pedido.'), ...errores({ ...siempre, 404: '`PEDIDO_NO_ENCONTRADO`.' }) },
});

export const listarPedidos = createRoute({
  method: 'get',
  path: '/pedidos',
  operationId: 'listarPedidos',
  tags,
  summary: 'Lista pedidos, los más recientes primero, con totales',
  description:
    '`total_cantidad` y `total_centavos` suman todos los pedidos que cumplen los filtros, no solo la página. `desde` es inclusivo y `hasta` exclusivo, sobre `creado_en`.',
  request: { query: ConsultaDePedidos },
  responses: {
    200: json(PaginaDePedidos, 'Una página de pedidos, con los totales de todos los que cumplen los filtros.'),
    ...errores(siempre),
  },
});

export const agregarItem = createRoute(
  idempotente({
    method: 'post',
    path: '/pedidos/{id}/items',
    operationId: 'agregarItem',
    tags,
    summary: 'Suma unidades de un producto al pedido (crea la línea si no existe)',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales, body: cuerpo(ItemAAgregar) },
    responses: {
      201: { ...json(PedidoRespuesta, 'El pedido con la línea sumada.'), headers: etagYLocation },
      ...errores({
        ...conCuerpo,
        ...idempotencia,
        404: '`PEDIDO_NO_ENCONTRADO` o `PRODUCTO_NO_ENCONTRADO`.',
        409: `${conflictosDeItems} ${idempotencia[409]}`,
        412: versionDesactualizada,
      }),
    },
  }),
);

export const cambiarCantidad = createRoute({
  method: 'patch',
  path: '/pedidos/{id}/items',
  operationId: 'cambiarCantidad',
  tags,
  summary: 'Fija la cantidad de una línea; 0 la quita',
  request: { params: ParamPedido, headers: CabecerasCondicionales, body: cuerpo(CantidadDeItem) },
  responses: {
    200: pedido('El pedido con la cantidad fijada.'),
    ...errores({
      ...conCuerpo,
      404: '`PEDIDO_NO_ENCONTRADO` o `PRODUCTO_NO_ENCONTRADO`.',
      409: conflictosDeItems,
      412: versionDesactualizada,
    }),
  },
});

export const quitarItem = createRoute({
  method: 'delete',
  path: '/pedidos/{id}/items/{producto_id}',
  operationId: 'quitarItem',
  tags,
  summary: 'Quita la línea de un producto',
  request: { params: ParamItem, headers: CabecerasCondicionales },
  responses: {
    200: pedido('El pedido sin la línea.'),
    ...errores({
      ...siempre,
      404: '`PEDIDO_NO_ENCONTRADO` o `ITEM_NO_ENCONTRADO`: el pedido no tiene ese producto.',
      409: '`PEDIDO_NO_MODIFICABLE`: el pedido no está en carrito.',
      412: versionDesactualizada,
    }),
  },
});

export const confirmarPedido = createRoute(
  idempotente({
    method: 'patch',
    path: '/pedidos/{id}/confirmar',
    operationId: 'confirmarPedido',
    tags,
    summary: 'Confirma el pedido: descuenta el stock y congela los precios, todo o nada',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales },
    responses: {
      200: pedido('El pedido confirmado.'),
      ...errores({
        ...siempre,
        ...idempotencia,
        404: '`PEDIDO_NO_ENCONTRADO`.',
        409: `\`PEDIDO_VACIO\`, \`PEDIDO_NO_MODIFICABLE\`, \`PRODUCTO_NO_DISPONIBLE\` o \`STOCK_INSUFICIENTE\` (con todos los \`faltantes\`); ${idempotencia[409]}`,
        412: versionDesactualizada,
      }),
    },
  }),
);
