import type { Pagina, Paginacion } from '@pedidos/domain';
import type { Consulta } from './base-de-datos.ts';

/** `ILIKE` pattern for a case-insensitive substring, with the wildcards of the input escaped. */
export function patronDeSubcadena(texto: string): string {
  return `%${texto.replace(/[\\%_]/g, '\\$&')}%`;
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
