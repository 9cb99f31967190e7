/**
 * Pieces of route definitions: JSON bodies and responses, the headers answers
 * carry, and the problem+json responses of a route, built from the codes it
 * can answer with.
 */
import { z } from '@hono/zod-openapi';
import {
  type Codigo,
  type CodigosConEstado,
  type EstadoDeCodigo,
  filaDeCodigo,
  type ProblemaDe,
  TIPO_PROBLEMA,
} from '../problemas.ts';

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function cuerpo<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

const cabeceraEtag = z.string().openapi({ description: 'La versión del pedido, entre comillas: `"3"`.' });
const cabeceraLocation = z.string().openapi({ description: 'La ruta del recurso creado.' });

export const etag = z.object({ ETag: cabeceraEtag });
export const location = z.object({ Location: cabeceraLocation });
export const etagYLocation = z.object({ ETag: cabeceraEtag, Location: cabeceraLocation });

// ---------------------------------------------------------------- problems

/** What any route can answer. */
export const PROBLEMAS_DE_SIEMPRE = [
  'VALIDACION',
  'DEMASIADAS_PETICIONES',
  'INTERNO',
  'BASE_DE_DATOS_NO_DISPONIBLE',
] as const;

/** What any route with a JSON body can answer. */
export const PROBLEMAS_DE_CUERPO = [...PROBLEMAS_DE_SIEMPRE, 'JSON_INVALIDO', 'CUERPO_DEMASIADO_GRANDE'] as const;

/** The response of one status: the problem of each of its codes, told apart by `code`. */
type RespuestaDeProblemas<C extends Codigo> = {
  readonly description: string;
  readonly content: { readonly [TIPO_PROBLEMA]: { readonly schema: z.ZodType<ProblemaDe<C>> } };
  readonly headers?: z.ZodObject;
};

/** The headers of every answer, a 429's included, of the limit of requests (`comun/limite-de-peticiones.ts`). */
export const cabecerasDeLimite = {
  'RateLimit-Policy': z.string().openapi({
    description:
      'La política de límite del llamante (draft-ietf-httpapi-ratelimit-headers): `"peticiones";q=600;w=60`.',
  }),
  RateLimit: z.string().openapi({
    description: 'Lo que le queda (`r`) y los segundos hasta que la ventana acaba (`t`): `"peticiones";r=599;t=60`.',
  }),
};

/** The headers of a 429: when to ask again, and the limit's. */
const cabecerasDe429 = z.object({
  'Retry-After': z.string().openapi({ description: 'Segundos hasta poder volver a pedir.', example: '42' }),
  ...cabecerasDeLimite,
});

/**
 * The error responses of a route that can answer with `codigos`: one per
 * status, whose schema is the problem of its one code, or a `oneOf` of the
 * problems of its codes with `code` as discriminator. Each status's
 * description lists its codes and what they mean.
 */
export function problemas<const C extends Codigo>(
  codigos: readonly C[],
): { readonly [S in EstadoDeCodigo<C>]: RespuestaDeProblemas<CodigosConEstado<C, S>> } {
  const porEstado = new Map<number, C[]>();
  for (const code of new Set(codigos)) {
    const { status } = filaDeCodigo(code);
    porEstado.set(status, [...(porEstado.get(status) ?? []), code]);
  }
  const respuestas = [...porEstado].map(([estado, codes]) => {
    const filas = codes.map(filaDeCodigo);
    const [primera, segunda, ...resto] = filas.map((fila) => fila.esquema);
    if (primera === undefined) throw new Error(`${estado}: sin códigos`);
    const schema = segunda === undefined ? primera : z.discriminatedUnion('code', [primera, segunda, ...resto]);
    const description = filas.map((fila) => `\`${fila.code}\`: ${fila.descripcion}`).join(' ');
    const respuesta = { description, content: { [TIPO_PROBLEMA]: { schema } } };
    return [estado, estado === 429 ? { ...respuesta, headers: cabecerasDe429 } : respuesta];
  });
  // One response per status of `codigos`, each with the schemas of the codes of that status.
  return Object.fromEntries(respuestas) as {
    readonly [S in EstadoDeCodigo<C>]: RespuestaDeProblemas<CodigosConEstado<C, S>>;
  };
}

// ---------------------------------------------------------------- access

/** The name of the bearer scheme among the document's security schemes. */
export const ESQUEMA_BEARER = 'bearer';

/** A route anyone may call, with a token or without; one that is sent must be good (`401` otherwise). */
export const seguridadOpcional = [{}, { [ESQUEMA_BEARER]: [] }];
/** A route that needs a token. */
export const seguridadConCuenta = [{ [ESQUEMA_BEARER]: [] }];

/** What a route that reads a token can answer for it: none where one is needed, or one refused. */
export const PROBLEMAS_DE_FICHA = ['NO_AUTENTICADO'] as const;
/** What a route for staff only, or one with rules about what a cliente may do, can answer besides. */
export const PROBLEMAS_DE_ROL = ['NO_AUTENTICADO', 'PROHIBIDO'] as const;
