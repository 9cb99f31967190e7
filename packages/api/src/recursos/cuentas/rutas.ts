/** The routes of accounts: registering a cliente, getting a token, and who the caller is. */

import { createRoute, z } from '@hono/zod-openapi';
import { acceso } from '../../comun/actor.ts';
import {
  json,
  location,
  PROBLEMAS_DE_CUERPO,
  PROBLEMAS_DE_FICHA,
  PROBLEMAS_DE_SIEMPRE,
  problemas,
} from '../../comun/respuestas.ts';
import { ClienteRespuesta } from '../clientes/json.ts';
import { CredencialesFormulario, CredencialesJson, NuevaCuenta } from './esquemas.ts';
import { CuentaRespuesta, FichaRespuesta } from './json.ts';

const tags = ['cuentas'];

export const registrarCuenta = createRoute({
  method: 'post',
  path: '/auth/registro',
  operationId: 'registrarCuenta',
  tags,
  security: [],
  summary: 'Registra un cliente con su cuenta',
  description: 'Crea el cliente y la cuenta con la que entra: su email y su contraseña.',
  request: { body: { required: true, content: { 'application/json': { schema: NuevaCuenta } } } },
  responses: {
    201: { ...json(z.object({ cliente: ClienteRespuesta }), 'El cliente registrado.'), headers: location },
    ...problemas([...PROBLEMAS_DE_CUERPO, 'EMAIL_DUPLICADO']),
  },
});

export const emitirFicha = createRoute({
  method: 'post',
  path: '/auth/token',
  operationId: 'emitirFicha',
  tags,
  security: [],
  summary: 'Da un token de acceso por email y contraseña',
  description:
    'JSON `{ email, password }`, o el formulario de la concesión por contraseña de OAuth 2.0 (RFC 6749, §4.3). Un email sin cuenta y una contraseña equivocada reciben la misma respuesta.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: CredencialesJson },
        'application/x-www-form-urlencoded': { schema: CredencialesFormulario },
      },
    },
  },
  responses: {
    200: {
      ...json(FichaRespuesta, 'El token, y cuántos segundos vale.'),
      headers: z.object({ 'Cache-Control': z.literal('no-store') }),
    },
    ...problemas([...PROBLEMAS_DE_CUERPO, 'CREDENCIALES_INVALIDAS']),
  },
});

export const miCuenta = createRoute({
  method: 'get',
  path: '/auth/yo',
  operationId: 'miCuenta',
  ...acceso('miCuenta'),
  tags,
  summary: 'La cuenta del token',
  description: 'Quién llama: su cuenta, su rol y, si es un cliente, qué cliente es.',
  responses: {
    200: json(CuentaRespuesta, 'La cuenta que llama.'),
    ...problemas([...PROBLEMAS_DE_FICHA, 'PROHIBIDO', ...PROBLEMAS_DE_SIEMPRE]),
  },
});
