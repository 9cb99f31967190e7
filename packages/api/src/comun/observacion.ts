/**
 * What is seen of every request: its id, kept from `X-Request-Id` or made, and
 * echoed on the answer; one log line; and its time, route and status in the
 * metrics. On its way out it puts the middleware's headers (`cabeceras.ts`)
 * on an answer that lacks them. The middleware is the first the application installs, so that it
 * wraps everything else, the answers of `notFound` and `onError` included.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '@pedidos/domain';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Metricas } from '../metricas.ts';
import { codigoRespondido } from '../problemas.ts';
import type { Registro } from '../registro.ts';
import { cabecerasDe, completarCabeceras, hechaConCabeceras } from './cabeceras.ts';

/** The context of a request whose id is known. */
export type ConIdDePeticion = { Variables: { idDePeticion: string } };

/** 1 to 200 visible ASCII characters (0x21–0x7E): an id a client sent is kept only so. */
const ID_ACEPTABLE = /^[\x21-\x7e]{1,200}$/;

/**
 * The request's id: the one it brings when acceptable, a new UUID otherwise.
 * (Hono's `requestId` middleware takes only letters, digits, `_`, `-` and `=`,
 * which would replace ids the contract keeps.)
 */
export function idDePeticion(recibido: string | undefined): string {
  return recibido !== undefined && ID_ACEPTABLE.test(recibido) ? recibido : randomUUID();
}

/** The id `observar` gave the request, from anywhere that has its context but not its type (`onError`). */
export function idDe(c: Context): string | undefined {
  // `observar` sets it first thing, for every request; a context of another app has none.
  return (c as Context<ConIdDePeticion>).get('idDePeticion') as string | undefined;
}

/**
 * The template of the route the request asked for (`/pedidos/:id/pagar`), as
 * the router matched it, whoever answered it: a 413 of the body limit is still
 * of its route. Middleware (method `ALL`) is not a route; a path and method no
 * route takes has none.
 */
export function plantillaDeRuta(c: Context): string | undefined {
  return matchedRoutes(c).find((ruta) => ruta.method !== 'ALL')?.path;
}

/** The account that asks, for the log: a cliente's or a staff member's, none for the anonymous or the system. */
function cuentaDe(actor: Actor | undefined): string | null {
  return actor !== undefined && (actor.tipo === 'cliente' || actor.tipo === 'personal') ? actor.cuentaId : null;
}

export function observar({
  registro,
  metricas,
}: {
  readonly registro: Registro;
  readonly metricas: Metricas;
}): MiddlewareHandler<ConIdDePeticion & { Variables: { actor?: Actor } }> {
  return async (c, next) => {
    const inicio = performance.now();
    const id = idDePeticion(c.req.header('x-request-id'));
    c.set('idDePeticion', id);
    cabecerasDe(c)['x-request-id'] = id;
    // Errors thrown below are answered by `onError` before they get here, as `c.res`.
    await next();
    // Outermost, so on every answer: the middleware's headers, where the route's answer did not carry them.
    completarCabeceras(c);
    const segundos = (performance.now() - inicio) / 1000;
    const ruta = plantillaDeRuta(c);
    const { status } = c.res;
    metricas.observar({
      metodo: c.req.method,
      ruta,
      status,
      segundos,
      // An answer `responder` made is never a replay (those are remade from what was kept), and is not to be turned
      // into `Headers` by asking.
      repetida: !hechaConCabeceras(c.res) && c.res.headers.get('idempotency-replayed') === 'true',
      codigo: codigoRespondido(c),
    });
    registro.info('request', {
      request_id: id,
      method: c.req.method,
      route: ruta ?? null,
      path: c.req.path,
      status,
      duration_ms: Math.round(segundos * 10_000) / 10,
      // Unset when the request was answered before its actor was known (a body over the limit, say).
      account_id: cuentaDe(c.get('actor')),
    });
  };
}
