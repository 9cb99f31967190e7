import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';

/** An email address, trimmed and lower-cased, so that equality is case-insensitive. */
export type Email = Marca<string, 'Email'>;

export type EmailInvalido = {
  readonly kind: 'EmailInvalido';
  readonly valor: string;
};

/** RFC 5321 limits a path to 254 characters. */
export const LONGITUD_MAXIMA_EMAIL = 254;

// The WHATWG "valid e-mail address" grammar, with a dot required in the domain:
// an address a person types into a form, not every string RFC 5322 allows.
const LOCAL = "[a-z0-9.!#$%&'*+/=?^_`{|}~-]+";
const ETIQUETA = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// Checked before lower-casing, without regard to case: lower-casing turns some
// non-ASCII characters into ASCII ones (the Kelvin sign U+212A into "k").
const FORMA = new RegExp(`^${LOCAL}@${ETIQUETA}(?:\\.${ETIQUETA})+$`, 'i');

export const Email = {
  crear(valor: string): Result<Email, EmailInvalido> {
    const recortado = valor.trim();
    if (recortado.length > LONGITUD_MAXIMA_EMAIL || !FORMA.test(recortado)) {
      return err({ kind: 'EmailInvalido', valor });
    }
    return ok(recortado.toLowerCase() as Email);
  },
};
