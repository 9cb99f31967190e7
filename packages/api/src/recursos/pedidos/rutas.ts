/** The routes of pedidos: the carrito, its items, its direccion de envío, and every transition of its lifecycle. */

import { createRoute } from '@hono/zod-openapi';
import { acceso } from '../../comun/actor.ts';
import { CabecerasIdempotentes, idempotente, PROBLEMAS_DE_IDEMPOTENCIA } from '../../comun/idempotencia.ts';
import { CabecerasCondicionales } from '../../comun/if-match.ts';
import { cabecerasDeLectura, lecturaCondicional, REVALIDAR_EN_PRIVADO } from '../../comun/if-none-match.ts';
import {
  cuerpo,
  etag,
  etagYLocation,
  json,
  PROBLEMAS_DE_CUERPO,
  PROBLEMAS_DE_FICHA,
  PROBLEMAS_DE_ROL,
  PROBLEMAS_DE_SIEMPRE,
  problemas,
} from '../../comun/respuestas.ts';
import {
  CabecerasIdempotentesYCondicionales,
  Cancelacion,
  CantidadDeItem,
  ConsultaDeHistorial,
  ConsultaDePedidos,
  DireccionDeEnvio,
  Envio,
  ItemAAgregar,
  NuevoPedido,
  Pago,
  ParamItem,
  ParamPedido,
} from './esquemas.ts';
import { PaginaDeHistorial, PaginaDePedidos, PedidoRespuesta } from './json.ts';

const tags = ['pedidos'];

const pedido = (description: string) => ({ ...json(PedidoRespuesta, description), headers: etag });

/** What changing the items of a pedido can meet, beside a missing pedido or producto. */
const CONFLICTOS_DE_ITEMS = ['PEDIDO_NO_MODIFICABLE', 'PRODUCTO_NO_DISPONIBLE', 'STOCK_INSUFICIENTE'] as const;

export const crearPedido = createRoute(
  idempotente({
    method: 'post',
    path: '/pedidos',
    operationId: 'crearPedido',
    ...acceso('crearPedido'),
    tags,
    summary: 'Abre un pedido en carrito, con items o sin ellos',
    description:
      'El pedido nace en carrito, con las líneas de `items` a los precios de ahora; las líneas de un mismo producto se suman.',
    request: { headers: CabecerasIdempotentes, body: cuerpo(NuevoPedido) },
    responses: {
      201: { ...json(PedidoRespuesta, 'El pedido creado, en carrito.'), headers: etagYLocation },
      ...problemas([
        ...PROBLEMAS_DE_ROL,
        ...PROBLEMAS_DE_CUERPO,
        ...PROBLEMAS_DE_IDEMPOTENCIA,
        'CLIENTE_NO_ENCONTRADO',
        'PRODUCTO_NO_ENCONTRADO',
        'PRODUCTO_NO_DISPONIBLE',
        'STOCK_INSUFICIENTE',
      ]),
    },
  }),
);

export const obtenerPedido = createRoute({
  method: 'get',
  path: '/pedidos/{id}',
  operationId: 'obtenerPedido',
  ...acceso('buscarPedido'),
  tags,
  summary: 'Lee un pedido',
  description:
    'El pedido, con su versión en `ETag` para un cambio condicionado con `If-Match`, o 304 si `If-None-Match` ' +
    'nombra esa versión. Un carrito con líneas siempre es 200: sus líneas muestran el nombre y el precio actuales ' +
    'de cada producto, que cambian sin cambiar la versión del pedido.',
  request: { params: ParamPedido, headers: cabecerasDeLectura('"3"') },
  responses: {
    ...lecturaCondicional(PedidoRespuesta, 'El pedido.', {
      etag: 'La versión del pedido, entre comillas: `"3"`.',
      cacheControl: REVALIDAR_EN_PRIVADO,
    }),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE, 'PEDIDO_NO_ENCONTRADO']),
  },
});

export const listarPedidos = createRoute({
  method: 'get',
  path: '/pedidos',
  operationId: 'listarPedidos',
  ...acceso('listarPedidos'),
  tags,
  summary: 'Lista pedidos, los más recientes primero, con totales',
  description:
    '`total_cantidad` y `total_centavos` suman todos los pedidos que cumplen los filtros, no solo la página. `desde` es inclusivo y `hasta` exclusivo, sobre `creado_en`.',
  request: { query: ConsultaDePedidos },
  responses: {
    200: json(PaginaDePedidos, 'Una página de pedidos, con los totales de todos los que cumplen los filtros.'),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE]),
  },
});

export const historialDePedido = createRoute({
  method: 'get',
  path: '/pedidos/{id}/historial',
  operationId: 'historialDePedido',
  ...acceso('historialDePedido'),
  tags,
  summary: 'Lista cada cambio del pedido, el más antiguo primero',
  description:
    'Una entrada por evento de dominio, con `version` la del pedido tras el cambio que lo registró: los eventos de un mismo cambio (una creación con items) comparten versión. `datos` son los campos del evento en snake_case.',
  request: { params: ParamPedido, query: ConsultaDeHistorial },
  responses: {
    200: json(PaginaDeHistorial, 'Una página del historial, el evento más antiguo primero.'),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE, 'PEDIDO_NO_ENCONTRADO']),
  },
});

export const agregarItem = createRoute(
  idempotente({
    method: 'post',
    path: '/pedidos/{id}/items',
    operationId: 'agregarItem',
    ...acceso('agregarItem'),
    tags,
    summary: 'Suma unidades de un producto al pedido (crea la línea si no existe)',
    description: 'Solo en carrito; la cantidad de la línea resultante no puede superar el stock del producto.',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales, body: cuerpo(ItemAAgregar) },
    responses: {
      201: { ...json(PedidoRespuesta, 'El pedido con la línea sumada.'), headers: etagYLocation },
      ...problemas([
        ...PROBLEMAS_DE_FICHA,
        ...PROBLEMAS_DE_CUERPO,
        ...PROBLEMAS_DE_IDEMPOTENCIA,
        'PEDIDO_NO_ENCONTRADO',
        'PRODUCTO_NO_ENCONTRADO',
        ...CONFLICTOS_DE_ITEMS,
        'VERSION_DESACTUALIZADA',
      ]),
    },
  }),
);

export const cambiarCantidad = createRoute({
  method: 'patch',
  path: '/pedidos/{id}/items',
  operationId: 'cambiarCantidad',
  ...acceso('cambiarCantidad'),
  tags,
  summary: 'Fija la cantidad de una línea; 0 la quita',
  description: 'Solo en carrito; la nueva cantidad no puede superar el stock del producto.',
  request: { params: ParamPedido, headers: CabecerasCondicionales, body: cuerpo(CantidadDeItem) },
  responses: {
    200: pedido('El pedido con la cantidad fijada.'),
    ...problemas([
      ...PROBLEMAS_DE_FICHA,
      ...PROBLEMAS_DE_CUERPO,
      'PEDIDO_NO_ENCONTRADO',
      'PRODUCTO_NO_ENCONTRADO',
      ...CONFLICTOS_DE_ITEMS,
      'VERSION_DESACTUALIZADA',
    ]),
  },
});

export const quitarItem = createRoute({
  method: 'delete',
  path: '/pedidos/{id}/items/{producto_id}',
  operationId: 'quitarItem',
  ...acceso('quitarItem'),
  tags,
  summary: 'Quita la línea de un producto',
  description: 'Solo en carrito.',
  request: { params: ParamItem, headers: CabecerasCondicionales },
  responses: {
    200: pedido('El pedido sin la línea.'),
    ...problemas([
      ...PROBLEMAS_DE_FICHA,
      ...PROBLEMAS_DE_SIEMPRE,
      'PEDIDO_NO_ENCONTRADO',
      'ITEM_NO_ENCONTRADO',
      'PEDIDO_NO_MODIFICABLE',
      'VERSION_DESACTUALIZADA',
    ]),
  },
});

export const confirmarPedido = createRoute(
  idempotente({
    method: 'patch',
    path: '/pedidos/{id}/confirmar',
    operationId: 'confirmarPedido',
    ...acceso('confirmar'),
    tags,
    summary: 'Confirma el pedido: descuenta el stock y congela los precios, todo o nada',
    description:
      'Si falta stock para alguna línea, nada cambia y `STOCK_INSUFICIENTE` trae en `faltantes` todos los productos sin stock suficiente.',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales },
    responses: {
      200: pedido('El pedido confirmado.'),
      ...problemas([
        ...PROBLEMAS_DE_FICHA,
        ...PROBLEMAS_DE_SIEMPRE,
        ...PROBLEMAS_DE_IDEMPOTENCIA,
        'PEDIDO_NO_ENCONTRADO',
        'PRODUCTO_NO_ENCONTRADO',
        'PEDIDO_VACIO',
        ...CONFLICTOS_DE_ITEMS,
        'VERSION_DESACTUALIZADA',
      ]),
    },
  }),
);

/** What every transition can meet, beside its own conflicts. */
const PROBLEMAS_DE_TRANSICION = [
  ...PROBLEMAS_DE_IDEMPOTENCIA,
  'PEDIDO_NO_ENCONTRADO',
  'TRANSICION_NO_PERMITIDA',
  'VERSION_DESACTUALIZADA',
] as const;

export const cambiarDireccionDeEnvio = createRoute(
  idempotente({
    method: 'put',
    path: '/pedidos/{id}/direccion-envio',
    operationId: 'cambiarDireccionDeEnvio',
    ...acceso('cambiarDireccionDeEnvio'),
    tags,
    summary: 'Fija la dirección de envío del pedido',
    description: 'En carrito, confirmado o pagado. La misma dirección que ya tiene no cambia nada, ni la versión.',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales, body: cuerpo(DireccionDeEnvio) },
    responses: {
      200: pedido('El pedido con su dirección de envío.'),
      ...problemas([
        ...PROBLEMAS_DE_FICHA,
        ...PROBLEMAS_DE_CUERPO,
        ...PROBLEMAS_DE_IDEMPOTENCIA,
        'PEDIDO_NO_ENCONTRADO',
        'PEDIDO_NO_MODIFICABLE',
        'VERSION_DESACTUALIZADA',
      ]),
    },
  }),
);

export const pagarPedido = createRoute(
  idempotente({
    method: 'patch',
    path: '/pedidos/{id}/pagar',
    operationId: 'pagarPedido',
    ...acceso('pagar'),
    tags,
    summary: 'Registra el pago del pedido confirmado: exactamente su total, una vez',
    description:
      'Solo desde confirmado. `importe_centavos` debe ser el `total_centavos` del pedido; la `referencia` no puede estar registrada para otro pedido.',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales, body: cuerpo(Pago) },
    responses: {
      200: pedido('El pedido pagado.'),
      ...problemas([
        ...PROBLEMAS_DE_ROL,
        ...PROBLEMAS_DE_CUERPO,
        ...PROBLEMAS_DE_TRANSICION,
        'IMPORTE_INCORRECTO',
        'REFERENCIA_DE_PAGO_DUPLICADA',
      ]),
    },
  }),
);

export const enviarPedido = createRoute(
  idempotente({
    method: 'patch',
    path: '/pedidos/{id}/enviar',
    operationId: 'enviarPedido',
    ...acceso('enviar'),
    tags,
    summary: 'Entrega el pedido pagado al transportista',
    description: 'Solo desde pagado, y con `direccion_envio`.',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales, body: cuerpo(Envio) },
    responses: {
      200: pedido('El pedido enviado.'),
      ...problemas([
        ...PROBLEMAS_DE_ROL,
        ...PROBLEMAS_DE_CUERPO,
        ...PROBLEMAS_DE_TRANSICION,
        'DIRECCION_DE_ENVIO_FALTANTE',
      ]),
    },
  }),
);

export const entregarPedido = createRoute(
  idempotente({
    method: 'patch',
    path: '/pedidos/{id}/entregar',
    operationId: 'entregarPedido',
    ...acceso('entregar'),
    tags,
    summary: 'Registra que el pedido enviado llegó a su destinatario',
    description: 'Solo desde enviado. Sin cuerpo. Entregado es un estado final.',
    request: { params: ParamPedido, headers: CabecerasIdempotentesYCondicionales },
    responses: {
      200: pedido('El pedido entregado.'),
      ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_SIEMPRE, ...PROBLEMAS_DE_TRANSICION]),
    },
  }),
);

export const cancelarPedido = createRoute(
  idempotente({
    method: 'patch',
    path: '/pedidos/{id}/cancelar',
    operationId: 'cancelarPedido',
    ...acceso('cancelar'),
    tags,
    summary: 'Cancela el pedido; desde confirmado o pagado devuelve su stock',
    description:
      'Desde carrito, confirmado o pagado; el cuerpo puede faltar. Desde confirmado o pagado, en el mismo paso atómico, la cantidad de cada línea vuelve al stock de su producto, también si está inactivo. Desde pagado, `cancelacion.reembolso_centavos` es lo pagado. Cancelado es un estado final.',
    request: {
      params: ParamPedido,
      headers: CabecerasIdempotentesYCondicionales,
      body: { ...cuerpo(Cancelacion), required: false },
    },
    responses: {
      200: pedido('El pedido cancelado.'),
      ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_CUERPO, ...PROBLEMAS_DE_TRANSICION]),
    },
  }),
);
