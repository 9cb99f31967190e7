import type { Pagina, Paginacion } from '@pedidos/domain';
import type { Consulta } from './base-de-datos.ts';

/**
 * `nombre` contains `texto`, ignoring case and accents: both sides go through
 * `public.sin_acentos` (migration 0003), and the left side is the expression of
 * the trigram index on `nombre`. The wildcards and the escape character are
 * escaped after removing accents, not before, because unaccent turns some
 * characters into them (`％` into `%`, `＿` into `_`, `＼` into `\`).
 */
export function nombreContiene(sql: Consulta, texto: string): Fragmento {
  const sinAcentos = sql`public.sin_acentos(${texto})`;
  // In SQL: replace(replace(replace(t, '\', '\\'), '%', '\%'), '_', '\_').
  const escapado = sql`replace(replace(replace(${sinAcentos}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
  return sql`public.sin_acentos(nombre) ILIKE ('%' || ${escapado} || '%')`;
}

export function desplazamiento({ pagina, limite }: Paginacion): number {
  return (pagina - 1) * limite;
}

export function pagina<T>(items: readonly T[], total: number, paginacion: Paginacion): Pagina<T> {
  return { items, pagina: paginacion.pagina, limite: paginacion.limite, total };
}

type Fragmento = ReturnType<Consulta>;

/** `WHERE a AND b …` from the conditions that apply, or nothing. */
export function donde(sql: Consulta, condiciones: readonly (Fragmento | false | undefined)[]): Fragmento {
  const aplicables = condiciones.filter((c): c is Fragmento => c !== false && c !== undefined);
  if (aplicables.length === 0) return sql``;
  return sql`WHERE ${aplicables.reduce((a, b) => sql`${a} AND ${b}`)}`;
}
