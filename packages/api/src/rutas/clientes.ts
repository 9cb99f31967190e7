import { createRoute } from '@hono/zod-openapi';
import {
  CabecerasIdempotentes,
  CambiosDeCliente,
  ClienteRespuesta,
  ConsultaDeClientes,
  ConsultaDePedidosDeCliente,
  NuevoCliente,
  PaginaDeClientes,
  PaginaDePedidos,
  ParamCliente,
} from '../esquemas.ts';
import { conCuerpo, cuerpo, errores, idempotencia, idempotente, json, location, siempre } from './comun.ts';

const tags = ['clientes'];

export const crearCliente = createRoute(
  idempotente({
    method: 'post',
    path: '/clientes',
    operationId: 'crearCliente',
    tags,
    summary: 'Registra un cliente',
    request: { headers: CabecerasIdempotentes, body: cuerpo(NuevoCliente) },
    responses: {
      201: { ...json(ClienteRespuesta, 'El cliente registrado.'), headers: location },
      ...errores({
        ...conCuerpo,
        ...idempotencia,
        409: `\`EMAIL_DUPLICADO\`: otro cliente ya tiene ese email; ${idempotencia[409]}`,
      }),
    },
  }),
);

export const obtenerCliente = createRoute({
  method: 'get',
  path: '/clientes/{id}',
  operationId: 'obtenerCliente',
  tags,
  summary: 'Lee un cliente',
  request: { params: ParamCliente },
  responses: {
    200: json(ClienteRespuesta, 'El cliente.'),
    ...errores({ ...siempre, 404: '`CLIENTE_NO_ENCONTRADO`.' }),
  },
});

export const listarClientes = createRoute({
  method: 'get',
  path: '/clientes',
  operationId: 'listarClientes',
  tags,
  summary: 'Lista clientes, los más recientes primero',
  request: { query: ConsultaDeClientes },
  responses: { 200: json(PaginaDeClientes, 'Una página de clientes.'), ...errores(siempre) },
});

export const modificarCliente = createRoute({
  method: 'patch',
  path: '/clientes/{id}',
  operationId: 'modificarCliente',
  tags,
  summary: 'Cambia el nombre o el email de un cliente',
  request: { params: ParamCliente, body: cuerpo(CambiosDeCliente) },
  responses: {
    200: json(ClienteRespuesta, 'El cliente cambiado.'),
    ...errores({
      ...conCuerpo,
      404: '`CLIENTE_NO_ENCONTRADO`.',
      409: '`EMAIL_DUPLICADO`: otro cliente ya tiene ese email.',
    }),
  },
});

export const listarPedidosDeCliente = createRoute({
  method: 'get',
  path: '/clientes/{id}/pedidos',
  operationId: 'listarPedidosDeCliente',
  tags,
  summary: 'Lista los pedidos de un cliente, los más recientes primero',
  request: { params: ParamCliente, query: ConsultaDePedidosDeCliente },
  responses: {
    200: json(PaginaDePedidos, 'Una página de pedidos, con los totales de todos los que cumplen los filtros.'),
    ...errores({ ...siempre, 404: '`CLIENTE_NO_ENCONTRADO`.' }),
  },
});
