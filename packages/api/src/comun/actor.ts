/**
 * Who asks: the actor of a request, found once, before any handler runs, and
 * kept in the context as `actor` (`c.var.actor`), which each handler hands to
 * its use case. This is the one place that derives it.
 *
 * Without `Authorization` the request is anonymous; the use case then answers
 * 401 where an account is needed. A bearer token that `fichas` refuses, or
 * credentials of another scheme, are `401 NO_AUTENTICADO`, on any route that
 * reads them (RFC 6750, section 3.1: a client that sent a token learns it is
 * no good rather than being served as anonymous). That answer is
 * `rechazarCredencialesInvalidas`'s, a middleware of its own, so that what
 * goes between the two (the rate limit) counts such a request by its address
 * before it is refused. The routes in `SIN_FICHA` (health, the document, the
 * docs, logging in and registering, the payment webhook) do not read the
 * header at all.
 */
import { Actor } from '@pedidos/domain';
import type { MiddlewareHandler } from 'hono';
import { autorizar, esDelSistema, esPublica, type Operacion } from '../autorizacion.ts';
import { responderProblema } from '../problemas.ts';
import type { Fichas } from './fichas.ts';
import { seguridadConCuenta, seguridadOpcional } from './respuestas.ts';

/** The context of a request whose actor is known; `credencialesRechazadas` when it brought some that were refused. */
export type ConActor = { Variables: { actor: Actor; credencialesRechazadas?: true } };

/**
 * Paths where a token means nothing: they are the same for everyone, or (the
 * payment webhook) their caller proves who it is by other means.
 */
const SIN_FICHA = new Set(['/health', '/ready', '/openapi.json', '/auth/registro', '/auth/token', '/pagos/webhook']);
const esSinFicha = (ruta: string) => SIN_FICHA.has(ruta) || ruta === '/docs' || ruta.startsWith('/docs/');

/** Finds the actor; a request with credentials refused goes on as anonymous, marked for `rechazarCredencialesInvalidas`. */
export function identificarActor(fichas: Fichas): MiddlewareHandler<ConActor> {
  return async (c, next) => {
    const autorizacion = c.req.header('authorization');
    if (autorizacion === undefined || esSinFicha(c.req.path)) {
      c.set('actor', Actor.anonimo);
      return next();
    }
    const token = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(autorizacion)?.[1];
    const actor = token === undefined ? undefined : await fichas.verificar(token);
    c.set('actor', actor ?? Actor.anonimo);
    if (actor === undefined) c.set('credencialesRechazadas', true);
    return next();
  };
}

/** `401 NO_AUTENTICADO` with `error="invalid_token"` for a request whose credentials `identificarActor` refused. */
export const rechazarCredencialesInvalidas: MiddlewareHandler<ConActor> = async (c, next) => {
  if (c.var.credencialesRechazadas === true) {
    return responderProblema(c, { kind: 'NoAutenticado', fichaRechazada: true });
  }
  return next();
};

/**
 * The policy of `autorizar` for the operation a route serves, asked before the
 * route reads its request: without a token where one is needed, a request is
 * 401 whatever its body; with the wrong role, 403. The use case asks the same
 * policy again, so a caller that does not come through HTTP meets it too.
 */
export function exigir(operacion: Operacion): MiddlewareHandler<ConActor> {
  return async (c, next) => {
    const permitido = autorizar(c.var.actor, operacion);
    if (permitido.isErr()) return responderProblema(c, permitido.error);
    return next();
  };
}

/**
 * What a route that serves `operacion` declares of its access, from the one
 * policy: the middleware that asks it first, and the security the OpenAPI
 * document shows (a token optional where anyone may ask, needed elsewhere).
 */
export function acceso(operacion: Operacion): {
  middleware: [MiddlewareHandler<ConActor>];
  security: Record<string, string[]>[];
} {
  if (esDelSistema(operacion)) throw new Error(`${operacion} es del sistema: su ruta declara accesoDelSistema`);
  return {
    middleware: [exigir(operacion)],
    security: esPublica(operacion) ? seguridadOpcional : seguridadConCuenta,
  };
}

/**
 * What a route that serves an operation of the system alone declares: no
 * security scheme, since no token gives access to it. Such a route proves its
 * caller itself (the payment webhook, by the notice's signature) before it
 * reads the request, and asks the use case as the system.
 */
export function accesoDelSistema(operacion: Operacion): { security: Record<string, string[]>[] } {
  if (!esDelSistema(operacion)) throw new Error(`${operacion} no es del sistema: su ruta declara acceso`);
  return { security: [] };
}
