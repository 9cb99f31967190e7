/** `If-Match` on a pedido: the header's schema, its RFC 9110 reading, and what it asks of a use case. */
import { z } from '@hono/zod-openapi';

/**
 * `If-Match` as RFC 9110 reads it, for a resource whose entity tag is its
 * version: `*` matches any version; otherwise a list of entity tags, compared
 * strongly, so a weak tag (`W/"3"`) or a tag that is not a version (`"abc"`)
 * never matches and the request is answered 412. A bare number is taken as if
 * it were quoted. Text that is not a list of entity tags is a 422, and so is a
 * list of more than one version, which the service does not evaluate.
 * The result is the version to require: `undefined` for none, `0` for "matches
 * nothing" (versions start at 1).
 */
export function versionDeIfMatch(valor: string): { readonly version: number | undefined } | { readonly error: string } {
  if (valor.trim() === '*') return { version: undefined };
  const etiquetas = valor.split(',').map((parte) => parte.trim());
  const versiones: number[] = [];
  for (const etiqueta of etiquetas) {
    const partes = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$|^([0-9]+)$/.exec(etiqueta);
    if (partes === null) return { error: 'debe ser la versión del pedido entre comillas, como la envía ETag: "3"' };
    const [, debil, entreComillas, desnuda] = partes;
    const texto = entreComillas ?? desnuda ?? '';
    const version = Number(texto);
    if (debil === undefined && /^[0-9]{1,15}$/.test(texto) && Number.isSafeInteger(version) && version >= 1) {
      versiones.push(version);
    }
  }
  if (versiones.length > 1) return { error: 'indique una sola versión del pedido' };
  return { version: versiones[0] ?? 0 };
}

export const CabecerasCondicionales = z.object({
  'if-match': z
    .string()
    .optional()
    .transform((valor, ctx): number | undefined => {
      if (valor === undefined) return undefined;
      const leido = versionDeIfMatch(valor);
      if ('error' in leido) {
        ctx.addIssue({ code: 'custom', message: leido.error, input: valor });
        return z.NEVER;
      }
      return leido.version;
    })
    .openapi({
      type: 'string',
      description:
        'La versión esperada del pedido, como la envía `ETag` (`"3"`). Si no es la actual, 412 y nada cambia. ' +
        '`*` vale cualquier versión; una etiqueta débil o que no sea una versión nunca coincide.',
      example: '"3"',
    }),
});

/** The use case's options for a parsed `If-Match`: a version to require, or none. */
export function condicion({ 'if-match': versionEsperada }: { readonly 'if-match'?: number | undefined }) {
  return versionEsperada === undefined ? {} : { versionEsperada };
}
