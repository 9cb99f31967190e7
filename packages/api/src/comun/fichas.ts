/**
 * Access tokens (seguridad.md): JWTs signed with HS256 only, by `hono/jwt`,
 * the key being the UTF-8 bytes of the secret. A token carries `sub` (the
 * account), `rol`, `cliente_id` for a cliente, `iat`, `exp`, `iss` and `aud`;
 * a token with another `alg` (`none` included), a bad signature, another
 * `iss` or `aud`, no `exp` or one past, or claims that do not name an actor, is
 * refused.
 */
import { Actor, ClienteId, CuentaId } from '@pedidos/domain';
import { sign, verify } from 'hono/jwt';
import { LRUCache } from 'lru-cache';

export const EMISOR = 'pedidos';
export const AUDIENCIA = 'pedidos-api';

/** What a token is issued for: an account and its role. */
export type Titular =
  | { readonly rol: 'cliente'; readonly cuentaId: CuentaId; readonly clienteId: ClienteId }
  | { readonly rol: 'personal'; readonly cuentaId: CuentaId };

export type Ficha = { readonly token: string; readonly expiraEnSegundos: number };

export type Fichas = {
  emitir(titular: Titular, ahora: Date): Promise<Ficha>;
  /** The actor a token names, or `undefined` when it is refused. */
  verificar(token: string): Promise<Actor | undefined>;
};

/**
 * How many accepted tokens are remembered. A token is checked once; its
 * following requests find its actor here until it expires (checking one costs
 * ~70 µs of WebCrypto and a trip to its thread pool, looking it up well under
 * one). Only accepted tokens are kept, each no longer than its `exp`; a token
 * is looked up by its whole text, so a changed character is a new token,
 * checked in full.
 */
export const FICHAS_RECORDADAS = 10_000;

export function fichas({ secreto, duracionSegundos }: { secreto: string; duracionSegundos: number }): Fichas {
  // The key imported once: given the text, `hono/jwt` imports it anew for every token, a third of the
  // ~110 µs that checking one took (docs/performance.md).
  const clave = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secreto),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const aceptadas = new LRUCache<string, Actor>({ max: FICHAS_RECORDADAS });

  async function comprobar(token: string): Promise<{ actor: Actor; exp: number } | undefined> {
    let carga: Record<string, unknown>;
    try {
      carga = await verify(token, await clave, { alg: 'HS256', iss: EMISOR, aud: AUDIENCIA });
    } catch {
      return undefined;
    }
    // `verify` checks `exp` only when there is one: a token must have it, and `iat`.
    if (typeof carga.exp !== 'number' || typeof carga.iat !== 'number') return undefined;
    const cuentaId = CuentaId.crear(String(carga.sub));
    if (cuentaId.isErr()) return undefined;
    if (carga.rol === 'personal') return { actor: Actor.personal(cuentaId.value), exp: carga.exp };
    if (carga.rol !== 'cliente') return undefined;
    const clienteId = ClienteId.crear(String(carga.cliente_id));
    if (clienteId.isErr()) return undefined;
    return { actor: Actor.cliente({ cuentaId: cuentaId.value, clienteId: clienteId.value }), exp: carga.exp };
  }

  return {
    async emitir(titular, ahora) {
      const iat = Math.floor(ahora.getTime() / 1000);
      const token = await sign(
        {
          sub: titular.cuentaId,
          rol: titular.rol,
          ...(titular.rol === 'cliente' ? { cliente_id: titular.clienteId } : {}),
          iat,
          exp: iat + duracionSegundos,
          iss: EMISOR,
          aud: AUDIENCIA,
        },
        await clave,
        'HS256',
      );
      return { token, expiraEnSegundos: duracionSegundos };
    },

    async verificar(token) {
      const recordada = aceptadas.get(token);
      if (recordada !== undefined) return recordada;
      const comprobada = await comprobar(token);
      if (comprobada === undefined) return undefined;
      // Kept until the second its `exp` names, when `verify` would start refusing it.
      const restanteMs = comprobada.exp * 1000 - Date.now();
      if (restanteMs > 0) aceptadas.set(token, comprobada.actor, { ttl: restanteMs });
      return comprobada.actor;
    },
  };
}
