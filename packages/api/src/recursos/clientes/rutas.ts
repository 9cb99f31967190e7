/** The routes of clientes, and of the pedidos of each. */

import { createRoute } from '@hono/zod-openapi';
import { acceso } from '../../comun/actor.ts';
import { CabecerasIdempotentes, idempotente, PROBLEMAS_DE_IDEMPOTENCIA } from '../../comun/idempotencia.ts';
import { cabecerasDeLectura, lecturaCondicional, REVALIDAR_EN_PRIVADO } from '../../comun/if-none-match.ts';
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
import { PaginaDePedidos } from '../pedidos/json.ts';
import {
  CambiosDeCliente,
  ConsultaDeClientes,
  ConsultaDePedidosDeCliente,
  NuevoCliente,
  ParamCliente,
} from './esquemas.ts';
import { ClienteRespuesta, PaginaDeClientes } from './json.ts';

const tags = ['clientes'];

export const crearCliente = createRoute(
  idempotente({
    method: 'post',
    path: '/clientes',
    operationId: 'crearCliente',
    ...acceso('registrarCliente'),
    tags,
    summary: 'Registra un cliente',
    description: 'El email es único entre los clientes sin distinguir mayúsculas, y se guarda en minúsculas.',
    request: { headers: CabecerasIdempotentes, body: cuerpo(NuevoCliente) },
    responses: {
      201: { ...json(ClienteRespuesta, 'El cliente registrado.'), headers: location },
      ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_CUERPO, ...PROBLEMAS_DE_IDEMPOTENCIA, 'EMAIL_DUPLICADO']),
    },
  }),
);

export const obtenerCliente = createRoute({
  method: 'get',
  path: '/clientes/{id}',
  operationId: 'obtenerCliente',
  ...acceso('buscarCliente'),
  tags,
  summary: 'Lee un cliente',
  description: 'El cliente con ese id; 304 si `If-None-Match` nombra su `ETag` actual.',
  request: { params: ParamCliente, headers: cabecerasDeLectura('"Xb2Qm0yEJv8cS1dN4gWfTzA9hLk"') },
  responses: {
    ...lecturaCondicional(ClienteRespuesta, 'El cliente.', {
      etag: 'Una etiqueta del contenido exacto de la respuesta: cambia cuando cambia el cliente.',
      cacheControl: REVALIDAR_EN_PRIVADO,
    }),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE, 'CLIENTE_NO_ENCONTRADO']),
  },
});

export const listarClientes = createRoute({
  method: 'get',
  path: '/clientes',
  operationId: 'listarClientes',
  ...acceso('listarClientes'),
  tags,
  summary: 'Lista clientes, los más recientes primero',
  description: '`nombre` filtra por una subcadena del nombre, sin distinguir mayúsculas ni acentos.',
  request: { query: ConsultaDeClientes },
  responses: {
    200: json(PaginaDeClientes, 'Una página de clientes.'),
    ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_SIEMPRE]),
  },
});

export const modificarCliente = createRoute({
  method: 'patch',
  path: '/clientes/{id}',
  operationId: 'modificarCliente',
  ...acceso('modificarCliente'),
  tags,
  summary: 'Cambia el nombre o el email de un cliente',
  description: 'Solo cambian los campos presentes; el email sigue siendo único.',
  request: { params: ParamCliente, body: cuerpo(CambiosDeCliente) },
  responses: {
    200: json(ClienteRespuesta, 'El cliente cambiado.'),
    ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_CUERPO, 'CLIENTE_NO_ENCONTRADO', 'EMAIL_DUPLICADO']),
  },
});

export const listarPedidosDeCliente = createRoute({
  method: 'get',
  path: '/clientes/{id}/pedidos',
  operationId: 'listarPedidosDeCliente',
  ...acceso('listarPedidosDeCliente'),
  tags,
  summary: 'Lista los pedidos de un cliente, los más recientes primero',
  description:
    'Los mismos filtros y totales que `GET /pedidos`: `total_cantidad` y `total_centavos` suman todos los pedidos que cumplen los filtros.',
  request: { params: ParamCliente, query: ConsultaDePedidosDeCliente },
  responses: {
    200: json(PaginaDePedidos, 'Una página de pedidos, con los totales de todos los que cumplen los filtros.'),
    ...problemas([...PROBLEMAS_DE_FICHA, ...PROBLEMAS_DE_SIEMPRE, 'CLIENTE_NO_ENCONTRADO']),
  },
});
