/** What a request about accounts carries: registering, and the credentials that get a token. */
import { z } from '@hono/zod-openapi';
import { EmailEntrada, NombreEntrada } from '../../comun/valores.ts';

/** 12 to 128 characters (UTF-16 code units would let a password of emoji pass; these are code points). */
export const Clave = z
  .string()
  .refine((clave) => [...clave].length >= 12, 'debe tener al menos 12 caracteres')
  .refine((clave) => [...clave].length <= 128, 'debe tener a lo sumo 128 caracteres')
  .openapi({ minLength: 12, maxLength: 128, format: 'password', description: 'De 12 a 128 caracteres.' });

export const NuevaCuenta = z
  .strictObject({ nombre: NombreEntrada, email: EmailEntrada, password: Clave })
  .openapi('NuevaCuenta');

/** Credentials are checked, not validated: any text may be a wrong password, and gets the same 401. */
const texto = z.string().max(1024);

export const CredencialesJson = z.strictObject({ email: texto, password: texto }).openapi('Credenciales');

/** The OAuth 2.0 password grant (RFC 6749, section 4.3), as a form. */
export const CredencialesFormulario = z
  .object({
    grant_type: z.literal('password'),
    username: texto,
    password: texto,
    scope: z.string().optional().openapi({ description: 'Se ignora: un token vale para lo que su rol puede.' }),
  })
  .openapi('CredencialesOAuth');
