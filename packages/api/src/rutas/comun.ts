import { z } from '@hono/zod-openapi';
import { Problema } from '../esquemas.ts';
import { TIPO_PROBLEMA } from '../problemas.ts';

type RespuestaDeProblema = {
  readonly description: string;
  readonly content: { readonly [TIPO_PROBLEMA]: { readonly schema: typeof Problema } };
};

/** Error responses for a route, each documented with its codes, all as problem+json. */
export function errores<const T extends Readonly<Record<number, string>>>(
  descripciones: T,
): { readonly [K in keyof T]: RespuestaDeProblema } {
  return Object.fromEntries(
    Object.entries(descripciones).map(([estado, description]) => [
      estado,
      { description, content: { [TIPO_PROBLEMA]: { schema: Problema } } },
    ]),
  ) as { readonly [K in keyof T]: RespuestaDeProblema };
}

/** What any route can answer. */
export const siempre = {
  422: '`VALIDACION`: un parámetro de ruta o de consulta, o el cuerpo, no es válido; vea `errores`.',
  500: '`INTERNO`: un error inesperado.',
  503: '`BASE_DE_DATOS_NO_DISPONIBLE`: la base de datos no responde; la petición no cambió nada.',
} as const;

/** The answers of an `Idempotency-Key`, beside the route's own. */
export const idempotencia = {
  409: '`CLAVE_IDEMPOTENCIA_EN_CURSO`: una petición con la misma `Idempotency-Key` sigue en curso.',
  422: '`VALIDACION`, o `CLAVE_IDEMPOTENCIA_REUTILIZADA`: la `Idempotency-Key` ya se usó para otra petición.',
} as const;

/** What any route with a JSON body can also answer. */
export const conCuerpo = {
  ...siempre,
  400: '`JSON_INVALIDO`: el cuerpo no es JSON.',
  413: '`CUERPO_DEMASIADO_GRANDE`: el cuerpo supera 1 MiB.',
} as const;

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
