/**
 * Passwords: kept only as argon2id hashes (`@node-rs/argon2`, its defaults:
 * 19 MiB, 2 passes, one lane, a 16-byte random salt, the PHC string format),
 * and checked by the library's own constant-time comparison.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The argon2id hash of a password, as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export const cifrarClave = (clave: string): Promise<string> => hash(clave);

/** A hash of a password nobody knows, made once: an unknown email is checked against it. */
let hashDeNadie: Promise<string> | undefined;

/**
 * Whether `clave` is the password of `hashGuardado`. Without a hash (the email
 * has no account) the password is still checked, against a hash of a password
 * nobody knows, so that an unknown email costs the same time as a wrong
 * password, and the answer is the same.
 */
export async function comprobarClave(hashGuardado: string | undefined, clave: string): Promise<boolean> {
  hashDeNadie ??= hash(randomBytes(32).toString('base64url'));
  const valida = await verify(hashGuardado ?? (await hashDeNadie), clave);
  return hashGuardado !== undefined && valida;
}
