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
      if (carga.rol === 'personal') return Actor.personal(cuentaId.value);
      if (carga.rol !== 'cliente') return undefined;
      const clienteId = ClienteId.crear(String(carga.cliente_id));
      return clienteId.isErr() ? undefined : Actor.cliente({ cuentaId: cuentaId.value, clienteId: clienteId.value });
    },
  };
}
