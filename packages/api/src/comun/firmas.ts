/**
 * The signature of the payment provider's notices (eventos.md, "The payment
 * webhook"), checked the way public payment providers sign theirs: header
 * `Pagos-Firma: t=<unix seconds>,v1=<hex>`, where `<hex>` is the HMAC-SHA256,
 * keyed with `PAGOS_WEBHOOK_SECRETO`, of `<t>.<raw body>`.
 *
 * The HMAC is over the body's bytes as they arrived, never over a parse of
 * them: JSON read and written again, or text decoded (which drops a BOM and
 * replaces bytes that are not UTF-8), is not what the provider signed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { err, ok, type Result } from 'neverthrow';
import { type FirmaInvalida, responderProblema } from '../problemas.ts';

/** The header that carries the signature. */
export const CABECERA_DE_FIRMA = 'Pagos-Firma';

/**
 * How far `t` may be from now, either way: a notice captured and sent again
 * later is refused after this long, and a clock a little ahead is tolerated.
 */
export const TOLERANCIA_DE_FIRMA_SEGUNDOS = 300;

const firmaInvalida: FirmaInvalida = { kind: 'FirmaInvalida' };

/** The `<hex>` of `cuerpo` signed at `t` (its text as the header carries it). */
export function firmar(secreto: string, t: string, cuerpo: Uint8Array): string {
  return hmac(secreto, t, cuerpo).toString('hex');
}

function hmac(secreto: string, t: string, cuerpo: Uint8Array): Buffer {
  return createHmac('sha256', secreto).update(`${t}.`).update(cuerpo).digest();
}

/** What a `Pagos-Firma` header says: when it was signed, and each signature it brings. */
export type CabeceraDeFirma = { readonly t: string; readonly segundos: number; readonly firmas: readonly Buffer[] };

/**
 * Reads `t=<seconds>,v1=<hex>[,v1=<hex>…]`. Several `v1` are allowed, as
 * public providers send while they roll their key over: one signature per
 * key, and the notice is good if any of them is. Other schemes (`v0=`) are
 * ignored, as are `v1` values that cannot be a SHA-256 (64 hex digits).
 * `undefined` when there is not exactly one `t` of digits, or no usable `v1`.
 */
export function leerCabeceraDeFirma(valor: string): CabeceraDeFirma | undefined {
  const partes = valor.split(',').map((parte): readonly [string, string] => {
    const igual = parte.indexOf('=');
    return igual < 0 ? ['', ''] : [parte.slice(0, igual).trim(), parte.slice(igual + 1).trim()];
  });
  const tiempos = partes.filter(([clave]) => clave === 't').map(([, v]) => v);
  const [t] = tiempos;
  if (tiempos.length !== 1 || t === undefined || !/^\d{1,15}$/.test(t)) return undefined;
  const firmas = partes
    .filter(([clave, v]) => clave === 'v1' && /^[0-9a-f]{64}$/i.test(v))
    .map(([, v]) => Buffer.from(v, 'hex'));
  if (firmas.length === 0) return undefined;
  return { t, segundos: Number(t), firmas };
}

/**
 * Whether `cabecera` signs `cuerpo` with `secreto`, within the tolerance of
 * `ahora`. Without a secret nothing is valid: a service that was given no key
 * cannot tell the provider from anyone else. Each signature is compared in
 * constant time (`timingSafeEqual`), so an answer's timing tells nothing of
 * how much of a guess was right.
 */
export function comprobarFirma(
  secreto: string | undefined,
  cabecera: string | undefined,
  cuerpo: Uint8Array,
  ahora: Date,
): Result<void, FirmaInvalida> {
  if (secreto === undefined || cabecera === undefined) return err(firmaInvalida);
  const leida = leerCabeceraDeFirma(cabecera);
  if (leida === undefined) return err(firmaInvalida);
  if (Math.abs(ahora.getTime() / 1000 - leida.segundos) > TOLERANCIA_DE_FIRMA_SEGUNDOS) return err(firmaInvalida);
  const esperada = hmac(secreto, leida.t, cuerpo);
  return leida.firmas.some((firma) => timingSafeEqual(firma, esperada)) ? ok(undefined) : err(firmaInvalida);
}

/**
 * Refuses with `401 FIRMA_INVALIDA` a request whose body `Pagos-Firma` does
 * not sign, before anything else reads the body: a notice that is not the
 * provider's is not even validated, so its answer tells nothing of its shape.
 * What needs no body is looked at first (a secret, a header that reads, a `t`
 * within the tolerance), so that most forgeries are refused without holding
 * their body; `leerCuerpoSobrante` drains it after the answer. The body is
 * then read as bytes through the request's cache, from which the route's
 * validator parses it afterwards. A body over the limit never gets here: the
 * limit's middleware, before the routes, answers it 413 as on every route.
 */
export function exigirFirma(secreto: string | undefined, reloj: () => Date): MiddlewareHandler {
  return async (c, next) => {
    const cabecera = c.req.header(CABECERA_DE_FIRMA);
    const leida = cabecera === undefined ? undefined : leerCabeceraDeFirma(cabecera);
    const ahora = reloj();
    if (
      secreto === undefined ||
      leida === undefined ||
      Math.abs(ahora.getTime() / 1000 - leida.segundos) > TOLERANCIA_DE_FIRMA_SEGUNDOS
    ) {
      return responderProblema(c, firmaInvalida);
    }
    const cuerpo = new Uint8Array(await c.req.arrayBuffer());
    const firmado = comprobarFirma(secreto, cabecera, cuerpo, ahora);
    if (firmado.isErr()) return responderProblema(c, firmado.error);
    return next();
  };
}
