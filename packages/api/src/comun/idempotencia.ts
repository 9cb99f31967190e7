/**
 * `Idempotency-Key` for the POSTs and the confirmation: the first answer for a
 * key is kept with a fingerprint of its request, in the transaction of its
 * effect, and replayed to a retry of the same request. Here too is how the
 * header and its replay are documented.
 */
import { createHash } from 'node:crypto';
import { type RouteConfig, z } from '@hono/zod-openapi';
import type { Actor, BaseDeDatosNoDisponible } from '@pedidos/domain';
import type { RespuestaGuardada, ResultadoIdempotente } from '@pedidos/persistence';
import type { Context } from 'hono';
import type { ResultAsync } from 'neverthrow';
import type { CasosDeUso } from '../casos-de-uso.ts';
import { responderProblema } from '../problemas.ts';
import { hechaConCabeceras, hechuraDe } from './cabeceras.ts';
import { traeCuerpo } from './cuerpo.ts';

/**
 * Runs `trabajo` with use cases bound to one transaction, at most once per key;
 * the persistence package's `conClaveDeIdempotencia` is the implementation.
 */
export type EjecutarIdempotente = (
  /** Whose key it is: the account's id, or '' for a caller without one. */
  dueno: string,
  clave: string,
  huella: string,
  trabajo: (casos: CasosDeUso) => Promise<{ readonly respuesta: RespuestaGuardada; readonly guardar: boolean }>,
) => ResultAsync<ResultadoIdempotente, BaseDeDatosNoDisponible>;

/** The headers of an answer that a replay must carry again. */
const CABECERAS_GUARDADAS = ['content-type', 'location', 'etag'];

async function guardable(respuesta: Response): Promise<RespuestaGuardada> {
  // An answer `responder` made is kept from what it was made of, its body left unread to be sent as it is.
  const hechura = hechuraDe(respuesta);
  if (hechura !== undefined) {
    const cabeceras = CABECERAS_GUARDADAS.flatMap((nombre): [string, string][] => {
      const valor = hechura.cabeceras[nombre];
      return valor === undefined ? [] : [[nombre, valor]];
    });
    return { status: respuesta.status, cabeceras, cuerpo: hechura.cuerpo ?? '' };
  }
  const cabeceras = CABECERAS_GUARDADAS.flatMap((nombre): [string, string][] => {
    const valor = respuesta.headers.get(nombre);
    return valor === null ? [] : [[nombre, valor]];
  });
  return { status: respuesta.status, cabeceras, cuerpo: await respuesta.text() };
}

function reconstruida({ status, cabeceras, cuerpo }: RespuestaGuardada, repetida: boolean): Response {
  const headers = new Headers(cabeceras.map(([nombre, valor]) => [nombre, valor]));
  if (repetida) headers.set('Idempotency-Replayed', 'true');
  return new Response(cuerpo, { status, headers });
}

/** JSON with object keys sorted, so that the same request always has the same fingerprint. */
function canonico(valor: unknown): string {
  if (Array.isArray(valor)) return `[${valor.map(canonico).join(',')}]`;
  if (valor !== null && typeof valor === 'object') {
    const entradas = Object.entries(valor).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entradas.map(([k, v]) => `${JSON.stringify(k)}:${canonico(v)}`).join(',')}}`;
  }
  return JSON.stringify(valor) ?? 'null';
}

/** What makes two requests the same: method, path, `If-Match`, and the body as JSON. */
async function huellaDe(c: Context): Promise<string> {
  // From the headers whether there is a body: `c.req.raw.body` would build a `Request` around it (cuerpo.ts).
  const cuerpo = traeCuerpo(c) ? await c.req.json<unknown>().catch(() => null) : null;
  return createHash('sha256')
    .update([c.req.method, c.req.path, c.req.header('if-match') ?? '', canonico(cuerpo)].join('\n'))
    .digest('hex');
}

/**
 * Answers with `responder`, through the key when the request has one. A replay
 * is the kept answer rebuilt, so it is typed as what `responder` returns.
 * Answers of 5xx are not kept: they changed nothing and may be retried.
 */
export async function conIdempotencia<R extends Response>(
  c: Context,
  casos: CasosDeUso,
  ejecutar: EjecutarIdempotente,
  responder: (casos: CasosDeUso) => Promise<R>,
) {
  const clave = c.req.header('idempotency-key');
  if (clave === undefined) return responder(casos);
  const huella = await huellaDe(c);
  const actor: Actor | undefined = c.get('actor');
  const dueno = actor !== undefined && 'cuentaId' in actor ? actor.cuentaId : '';
  // The answer of the run that committed (a retried transaction runs `responder` again), when it can be sent as it
  // was made: its body unread, its headers complete (`responder`'s). Another is sent rebuilt from what was kept.
  let comoSeHizo: R | undefined;
  const resultado = await ejecutar(dueno, clave, huella, async (casosEnTransaccion) => {
    const respuesta = await responder(casosEnTransaccion);
    comoSeHizo = hechaConCabeceras(respuesta) ? respuesta : undefined;
    return { respuesta: await guardable(respuesta), guardar: respuesta.status < 500 };
  });
  return resultado.match(
    (r) => {
      switch (r.kind) {
        case 'Ejecutada':
          return comoSeHizo ?? (reconstruida(r.respuesta, false) as R);
        case 'Repetida':
          return reconstruida(r.respuesta, true) as R;
        case 'ClaveReutilizada':
          return responderProblema(c, r);
        case 'ClaveEnCurso':
          return responderProblema(c, r);
      }
    },
    (error) => responderProblema(c, error),
  );
}

// ---------------------------------------------------------------- in the OpenAPI document

const claveDeIdempotencia = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .openapi({
    type: 'string',
    minLength: 1,
    maxLength: 255,
    description:
      'Hace la petición repetible sin repetir su efecto: la respuesta de la primera petición con esta clave se guarda 24 horas con una huella de la petición. ' +
      'La misma clave con la misma petición devuelve esa respuesta con `Idempotency-Replayed: true`; con otra petición, 422 `CLAVE_IDEMPOTENCIA_REUTILIZADA`; ' +
      'mientras la primera sigue en curso, 409 `CLAVE_IDEMPOTENCIA_EN_CURSO`. Los errores 5xx no se guardan: la petición se puede repetir.',
    example: '5f0c6a2e-pedido-de-ana-1',
  });

export const CabecerasIdempotentes = z.object({ 'idempotency-key': claveDeIdempotencia });

/** The codes an `Idempotency-Key` can add to a route's own. */
export const PROBLEMAS_DE_IDEMPOTENCIA = ['CLAVE_IDEMPOTENCIA_EN_CURSO', 'CLAVE_IDEMPOTENCIA_REUTILIZADA'] as const;

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
