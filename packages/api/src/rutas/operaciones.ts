import { createRoute } from '@hono/zod-openapi';
import { Salud } from '../esquemas.ts';
import { errores, json } from './comun.ts';

const tags = ['operaciones'];

export const salud = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'salud',
  tags,
  summary: 'El proceso está vivo',
  responses: { 200: json(Salud, 'El proceso responde.') },
});

export const preparado = createRoute({
  method: 'get',
  path: '/ready',
  operationId: 'preparado',
  tags,
  summary: 'La base de datos responde',
  responses: {
    200: json(Salud, 'La base de datos responde.'),
    ...errores({ 500: '`INTERNO`: un error inesperado.', 503: '`BASE_DE_DATOS_NO_DISPONIBLE`.' }),
  },
});
