/** The routes of operations: whether the process, and its database, answer. */
import { createRoute } from '@hono/zod-openapi';
import { json, problemas } from '../../comun/respuestas.ts';
import { Salud } from './json.ts';

const tags = ['operaciones'];

export const salud = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'salud',
  tags,
  summary: 'El proceso está vivo',
  description: 'Responde mientras el proceso atiende peticiones, sin mirar la base de datos.',
  responses: { 200: json(Salud, 'El proceso responde.') },
});

export const preparado = createRoute({
  method: 'get',
  path: '/ready',
  operationId: 'preparado',
  tags,
  summary: 'La base de datos responde',
  description: '200 solo mientras la base de datos responde; para el chequeo de salud de un orquestador.',
  responses: {
    200: json(Salud, 'La base de datos responde.'),
    ...problemas(['INTERNO', 'BASE_DE_DATOS_NO_DISPONIBLE']),
  },
});
