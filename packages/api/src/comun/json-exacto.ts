/**
 * JSON with exact integers: a bigint (a total past 2^53 - 1) is written with
 * all its digits, and typed as the number its reader sees.
 */
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { responder } from './cabeceras.ts';

/** A value that can be written as JSON, where a bigint is written as the integer it is. */
export type ValorJson =
  | string
  | number
  | boolean
  | null
  | bigint
  | readonly ValorJson[]
  | { readonly [clave: string]: ValorJson };

/**
 * What a value is to a reader of the JSON: a bigint there is a number like any
 * other. Strings and numbers, branded or literal, stay as they are.
 */
export type ComoJson<T> = T extends string | number | boolean | null
  ? T
  : T extends bigint
    ? number
    : T extends readonly (infer U)[]
      ? ComoJson<U>[]
      : T extends object
        ? { [K in keyof T]: ComoJson<T[K]> }
        : T;

/**
 * JSON text in which every bigint is written as its exact digits. JSON numbers
 * have no size limit (RFC 8259, section 6); `JSON.stringify` refuses bigints,
 * and Node 20 has no `JSON.rawJSON`.
 */
export function textoJson(valor: ValorJson): string {
  if (typeof valor === 'bigint') return valor.toString();
  if (valor === null || typeof valor !== 'object') return JSON.stringify(valor);
  if (Array.isArray(valor)) return `[${valor.map(textoJson).join(',')}]`;
  const campos = Object.entries(valor as { readonly [clave: string]: ValorJson });
  return `{${campos.map(([clave, v]) => `${JSON.stringify(clave)}:${textoJson(v)}`).join(',')}}`;
}

/**
 * Answers with `cuerpo` as JSON, as `c.json` does, but with exact bigints. The
 * response is typed as the JSON its reader sees, which is what the route's
 * schema describes; the cast is to that phantom type only.
 */
export function jsonExacto<T extends ValorJson, S extends ContentfulStatusCode>(
  c: Context,
  cuerpo: T,
  estado: S,
  cabeceras: Readonly<Record<string, string>> = {},
): Response & TypedResponse<ComoJson<T>, S, 'json'> {
  const respuesta = responder(c, textoJson(cuerpo), estado, { ...cabeceras, 'Content-Type': 'application/json' });
  return respuesta as unknown as Response & TypedResponse<ComoJson<T>, S, 'json'>;
}
