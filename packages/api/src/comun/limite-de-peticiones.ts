/**
 * The limit of requests per caller (seguridad.md, "Limits"): every request
 * counts, and its answer says where the caller stands in the
 * `RateLimit-Policy` and `RateLimit` headers of
 * draft-ietf-httpapi-ratelimit-headers (revision 11):
 *
 *     RateLimit-Policy: "peticiones";q=600;w=60
 *     RateLimit: "peticiones";r=599;t=60
 *
 * `q` is the quota of a window of `w` seconds, `r` what is left of it and `t`
 * the seconds until it ends. Past the quota the request is `429
 * DEMASIADAS_PETICIONES` with `Retry-After`, answered before any route reads
 * it: it changes nothing.
 *
 * The caller is its account when it brings a token that is accepted, and its
 * address otherwise (anonymous, or a token refused: guessing tokens is
 * limited too). An IPv6 address counts by its /64, the block one subscriber
 * is given, so that walking through one's own addresses does not reset the
 * count. The address is the connection's: behind a proxy every anonymous
 * caller is the proxy (decision 0020).
 */
import { isIPv6 } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { cuentaComoCabecera, type Limitador, politicaComoCabecera } from '../limites.ts';
import { responderProblema } from '../problemas.ts';
import type { ConActor } from './actor.ts';
import { cabecerasDe } from './cabeceras.ts';

/** The group an address counts in: an IPv4 address (mapped into IPv6 or not) itself, an IPv6 one its /64. */
export function grupoDeDireccion(direccion: string): string {
  const mapeada = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(direccion)?.[1];
  if (mapeada !== undefined) return mapeada;
  // With an IPv4 tail (`64:ff9b::192.0.2.1`), or not an address at all, as it is. A zone (`fe80::1%eth0`)
  // is in the half that is dropped.
  if (!isIPv6(direccion) || direccion.includes('.')) return direccion;
  const [cabeza = '', cola] = direccion.split('::');
  const delante = cabeza === '' ? [] : cabeza.split(':');
  const detras = cola === undefined || cola === '' ? [] : cola.split(':');
  const grupos = [...delante, ...Array<string>(8 - delante.length - detras.length).fill('0'), ...detras];
  return `${grupos
    .slice(0, 4)
    .map((grupo) => Number.parseInt(grupo, 16).toString(16))
    .join(':')}::/64`;
}

/** The connection's remote address, when the request came through one (not so in `app.request`). */
export function direccionDe(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** Whom a request is counted for: `cuenta:<id>` or `direccion:<address or /64>`. */
export function llamante(c: Context<ConActor>): string {
  const { actor } = c.var;
  if (actor.tipo === 'cliente' || actor.tipo === 'personal') return `cuenta:${actor.cuentaId}`;
  const direccion = direccionDe(c);
  return `direccion:${direccion === undefined ? 'desconocida' : grupoDeDireccion(direccion)}`;
}

export function limitarPeticiones(limitador: Limitador): MiddlewareHandler<ConActor> {
  const { politica } = limitador;
  const cabeceraDePolitica = politicaComoCabecera(politica);
  return async (c, next) => {
    const cuenta = await limitador.contar(llamante(c));
    // On every answer, whoever makes it (see `cabeceras.ts`); added to the policy of a use case's own limit that
    // refused it, if any (the login throttle's).
    const cabeceras = cabecerasDe(c);
    cabeceras['ratelimit-policy'] = cabeceraDePolitica;
    cabeceras.ratelimit = cuentaComoCabecera(politica, cuenta);
    if (cuenta.permitida) await next();
    else c.res = responderProblema(c, { kind: 'DemasiadasPeticiones', segundos: cuenta.segundosHastaElFin });
  };
}
