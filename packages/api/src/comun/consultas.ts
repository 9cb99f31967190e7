/**
 * Query strings: the schemas of the parameters several lists share (pages,
 * name substrings, amounts, instants), and the mappers from a parsed query to
 * what a use case takes.
 */
import { z } from '@hono/zod-openapi';
import { Dinero, LONGITUD_MAXIMA_NOMBRE, type Paginacion } from '@pedidos/domain';
import { segun } from './valores.ts';

/** A whole number written with digits only: `1e1`, `+5` or `0x10` are not page numbers. */
function enteroEnConsulta(minimo: number, maximo: number) {
  return z
    .string()
    .regex(/^[0-9]+$/, 'debe ser un número entero escrito con cifras')
    .transform(Number)
    .pipe(z.number().int().min(minimo).max(maximo));
}

export const paginacion = {
  limit: enteroEnConsulta(1, 100)
    .default(20)
    .openapi({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Tamaño de la página.' }),
  page: enteroEnConsulta(1, Number.MAX_SAFE_INTEGER)
    .default(1)
    .openapi({ type: 'integer', minimum: 1, default: 1, description: 'Página, empezando por 1.' }),
};

export const subcadena = z
  .string()
  .max(LONGITUD_MAXIMA_NOMBRE)
  .refine((texto) => !/[\p{Cc}\p{Cs}]/u.test(texto), 'no puede contener caracteres de control')
  .openapi({ description: 'Subcadena del nombre, sin distinguir mayúsculas ni acentos (ñ cuenta como n).' });

export const centavosEnConsulta = enteroEnConsulta(0, Number.MAX_SAFE_INTEGER)
  .transform(segun(Dinero.crear, () => 'debe ser un número entero de centavos, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, description: 'Cota inclusiva, en centavos.' });

/**
 * An ISO 8601 date-time with a zone (`Z` or an offset), or a bare date taken
 * as UTC midnight, within the years 1 to 9999 in UTC: year 0 and the years an
 * offset carries past 9999 have no ISO 8601 form that PostgreSQL reads.
 */
export const instante = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((texto) => new Date(texto.length === 10 ? `${texto}T00:00:00Z` : texto))
  .refine((fecha) => fecha.getUTCFullYear() >= 1 && fecha.getUTCFullYear() <= 9999, {
    message: 'debe caer entre los años 1 y 9999, en UTC',
  })
  .openapi({ type: 'string', format: 'date-time', example: '2026-01-31T00:00:00Z' });

// ---------------------------------------------------------------- mappers

/** The page a parsed query asks for. */
export function paginaPedida({ page, limit }: { readonly page: number; readonly limit: number }): Paginacion {
  return { pagina: page, limite: limit };
}

export type SinIndefinidos<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops the keys whose value is `undefined`: an absent field means "no change" or "no filter". */
export function sinIndefinidos<T extends object>(objeto: T): SinIndefinidos<T> {
  return Object.fromEntries(Object.entries(objeto).filter(([, valor]) => valor !== undefined)) as SinIndefinidos<T>;
}
