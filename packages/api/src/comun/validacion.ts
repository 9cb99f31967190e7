/**
 * Validation errors: zod's issues as the contract's `errores`, and the one
 * `defaultHook` that answers every refused request with `422 VALIDACION`.
 * Each resource's router is made here, so that none can forget the hook.
 */
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { type ErrorDeCampo, responderProblema } from '../problemas.ts';
import type { ConActor } from './actor.ts';

/** Header names arrive lower-cased; `errores` names them as the documentation does. */
function cabecera(ruta: readonly PropertyKey[]): string {
  return String(ruta[0] ?? '')
    .split('-')
    .map((parte) => parte.charAt(0).toUpperCase() + parte.slice(1))
    .join('-');
}

/** zod issues as the contract's `errores`: a dotted path to the field, and a message. */
export function erroresDeCampo(error: z.ZodError, origen: string): ErrorDeCampo[] {
  const nombreDe = (ruta: readonly PropertyKey[]): string => {
    if (ruta.length > 0) return ruta.map(String).join('.');
    return origen === 'json' ? 'cuerpo' : origen;
  };
  return error.issues.flatMap((issue): ErrorDeCampo[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((clave) => ({ campo: nombreDe([...issue.path, clave]), mensaje: 'campo desconocido' }))
      : [{ campo: origen === 'header' ? cabecera(issue.path) : nombreDe(issue.path), mensaje: issue.message }],
  );
}

/**
 * A router whose refused requests (path, query, headers or body) are answered
 * `422 VALIDACION`, and whose handlers read the request's actor (`c.var.actor`).
 */
export function enrutador() {
  return new OpenAPIHono<ConActor>({
    defaultHook: (resultado, c) => {
      if (!resultado.success) {
        return responderProblema(c, {
          kind: 'Validacion',
          errores: erroresDeCampo(resultado.error, resultado.target),
        });
      }
      return undefined;
    },
  });
}
