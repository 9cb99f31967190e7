/**
 * Conditional reads: the entity tag of a representation, `If-None-Match` read
 * as RFC 9110 (section 13.1.2) reads it, and the answer to a GET that has one,
 * `304 Not Modified` when the client's copy is still the current one.
 */
import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import { responder } from './cabeceras.ts';
import { type ComoJson, textoJson, type ValorJson } from './json-exacto.ts';
import { json } from './respuestas.ts';

/**
 * The Cache-Control of a read of one resource: any cache may keep it, and
 * must ask the service again (with `If-None-Match`) before each use, so no
 * one is shown a copy older than the last change.
 */
export const REVALIDAR = 'no-cache';
/** Likewise, but only the client's own cache may keep it: what it shows belongs to one account. */
export const REVALIDAR_EN_PRIVADO = 'private, no-cache';

const DESCRIPCION_DE_CACHE = {
  [REVALIDAR]:
    'Cualquier caché puede guardarla, pero debe preguntar al servicio (con `If-None-Match`) antes de cada uso.',
  [REVALIDAR_EN_PRIVADO]:
    'Solo la caché del propio cliente puede guardarla (no una compartida), y debe preguntar al servicio ' +
    '(con `If-None-Match`) antes de cada uso.',
} as const;

type Politica = keyof typeof DESCRIPCION_DE_CACHE;

/**
 * What an `If-None-Match` asks: `*` (any current representation), or the
 * opaque tags of a list, each with its quotes and without its `W/`: the
 * comparison is weak, so `W/"3"` and `"3"` name the same representation.
 */
export type SiNoCoincide = '*' | readonly string[];

/**
 * One element of the list at the sticky position: an entity tag (its opaque
 * part captured) followed by a comma or the end, an empty element (the list
 * rule of RFC 9110, section 5.6.1, allows them), or trailing whitespace.
 */
const ELEMENTO = /[\t ]*(?:(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")[\t ]*(?:,|$)|,|$)/y;

/** `If-None-Match` as a condition, or `undefined` when it is not `*` nor a list of at least one entity tag. */
export function leerIfNoneMatch(valor: string): SiNoCoincide | undefined {
  if (valor.trim() === '*') return '*';
  const etiquetas: string[] = [];
  ELEMENTO.lastIndex = 0;
  while (ELEMENTO.lastIndex < valor.length) {
    const antes = ELEMENTO.lastIndex;
    const elemento = ELEMENTO.exec(valor);
    if (elemento === null || ELEMENTO.lastIndex === antes) return undefined;
    if (elemento[1] !== undefined) etiquetas.push(elemento[1]);
  }
  return etiquetas.length === 0 ? undefined : etiquetas;
}

/** Whether the condition names the current representation, whose tag is `etag` (weak comparison). */
export function coincide(condicion: SiNoCoincide | undefined, etag: string): boolean {
  if (condicion === undefined) return false;
  return condicion === '*' || condicion.includes(etag.replace(/^W\//, ''));
}

/**
 * A strong entity tag for exactly these bytes: 27 characters of the base64url
 * SHA-256 (162 bits), quoted. Two representations share it only if they are
 * the same octets.
 */
export function etiquetaDeContenido(contenido: string | Uint8Array): string {
  return `"${createHash('sha256').update(contenido).digest('base64url').slice(0, 27)}"`;
}

/** The headers of a read that answers `If-None-Match`; `ejemplo` is a tag such as its `ETag`s. */
export function cabecerasDeLectura(ejemplo: string) {
  return z.object({
    'if-none-match': z
      .string()
      .optional()
      .transform((valor, ctx): SiNoCoincide | undefined => {
        if (valor === undefined) return undefined;
        const leido = leerIfNoneMatch(valor);
        if (leido === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'debe ser * o una lista de etiquetas entre comillas, como las envía ETag',
            input: valor,
          });
          return z.NEVER;
        }
        return leido;
      })
      .openapi({
        type: 'string',
        description:
          'Las etiquetas (`ETag`) de las copias que el cliente ya tiene, separadas por comas. Si una es la actual, ' +
          '304 sin cuerpo. La comparación es débil: `W/"x"` vale como `"x"`. `*` vale cualquier representación ' +
          'actual. Un valor que no sea `*` ni una lista de etiquetas entre comillas es 422.',
        example: ejemplo,
      }),
  });
}

/** How @hono/zod-openapi types the body of a response declared without content (its `{}`). */
type SinCuerpo = Record<never, never>;

export type Lectura = {
  /** The representation's entity tag; without one, that of its exact JSON text. */
  readonly etag?: string;
  readonly cacheControl: Politica;
  /** The request's parsed `If-None-Match`; `undefined` when absent, or when the tag cannot tell copies apart. */
  readonly siNoCoincide: SiNoCoincide | undefined;
};

/**
 * Answers a successful read: `304 Not Modified` with no body when
 * `If-None-Match` names the current representation, else `200` with it as
 * JSON. Both carry the `ETag` and the `Cache-Control`; the headers that the
 * middleware around adds (`Vary`, CORS, security) are added to both alike.
 */
export function responderLectura<T extends ValorJson>(
  c: Context,
  cuerpo: T,
  { etag, cacheControl, siNoCoincide }: Lectura,
): (Response & TypedResponse<ComoJson<T>, 200, 'json'>) | (Response & TypedResponse<SinCuerpo, 304, string>) {
  const texto = textoJson(cuerpo);
  const etiqueta = etag ?? etiquetaDeContenido(texto);
  const cabeceras = { ETag: etiqueta, 'Cache-Control': cacheControl };
  if (coincide(siNoCoincide, etiqueta)) {
    // The casts are to the phantom types of the route's responses only, as `jsonExacto`'s is.
    return responder(c, null, 304, cabeceras) as unknown as Response & TypedResponse<SinCuerpo, 304, string>;
  }
  const respuesta = responder(c, texto, 200, { ...cabeceras, 'Content-Type': 'application/json' });
  return respuesta as unknown as Response & TypedResponse<ComoJson<T>, 200, 'json'>;
}

/**
 * The responses of a read that answers `If-None-Match`: the 200 with the
 * representation, and the 304 without a body; both declare the `ETag`
 * (described by `etag`) and the `Cache-Control` (`cacheControl`, exactly).
 */
export function lecturaCondicional<T extends z.ZodType>(
  schema: T,
  description: string,
  { etag, cacheControl }: { readonly etag: string; readonly cacheControl: Politica },
) {
  const headers = z.object({
    ETag: z.string().openapi({ description: etag }),
    'Cache-Control': z.literal(cacheControl).openapi({ description: DESCRIPCION_DE_CACHE[cacheControl] }),
  });
  return {
    200: { ...json(schema, description), headers },
    304: {
      description:
        'La copia que el cliente tiene (una de las etiquetas de `If-None-Match`) sigue siendo la actual: sin cuerpo, ' +
        'con el mismo `ETag`.',
      headers,
    },
  };
}
