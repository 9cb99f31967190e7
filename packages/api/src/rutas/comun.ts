import { type RouteConfig, z } from '@hono/zod-openapi';
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

const cabeceraRepetida = z.literal('true').optional().openapi({
  description:
    '`true` cuando la respuesta es la guardada para esta `Idempotency-Key`, devuelta otra vez sin repetir su efecto; ausente en cualquier otro caso.',
});

/**
 * What a replay can answer: any answer the route keeps for a key, that is, all
 * below 500 but a body refused before the key is looked at (400 and 413).
 */
const repetible = (estado: number) => estado < 500 && estado !== 400 && estado !== 413;

type Respuestas = RouteConfig['responses'];

/**
 * A route that takes `Idempotency-Key`: its answers that a retry can get back
 * declare `Idempotency-Replayed`, beside the headers they already have.
 */
export function idempotente<R extends RouteConfig>(ruta: R): R {
  const responses: Respuestas = Object.fromEntries(
    Object.entries(ruta.responses).map(([estado, respuesta]) => {
      if (!repetible(Number(estado))) return [estado, respuesta];
      if ('$ref' in respuesta)
        throw new Error(`${ruta.path} ${estado}: una respuesta por referencia no admite cabeceras`);
      const { headers } = respuesta;
      const cabeceras =
        headers === undefined
          ? z.object({ 'Idempotency-Replayed': cabeceraRepetida })
          : headers instanceof z.ZodObject
            ? headers.extend({ 'Idempotency-Replayed': cabeceraRepetida })
            : undefined;
      if (cabeceras === undefined) throw new Error(`${ruta.path} ${estado}: las cabeceras deben ser un objeto de zod`);
      return [estado, { ...respuesta, headers: cabeceras }];
    }),
  );
  // Only the documented headers change, which no handler's type depends on.
  return { ...ruta, responses } as R;
}
