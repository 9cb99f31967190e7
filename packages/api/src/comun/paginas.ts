/** A page of a list, as every list answers it: its items, where it is, and how many there are in all. */
import { z } from '@hono/zod-openapi';
import type { Pagina } from '@pedidos/domain';

/** The members of a page's schema, for items of schema `items`. */
export function envoltorio<T extends z.ZodType>(items: T) {
  return {
    items: z.array(items),
    page: z.int().min(1),
    limit: z.int().min(1).max(100),
    total: z.int().min(0),
    total_pages: z.int().min(0),
  };
}

export function paginaJson<T, J>(pagina: Pagina<T>, aJson: (item: T) => J) {
  return {
    items: pagina.items.map(aJson),
    page: pagina.pagina,
    limit: pagina.limite,
    total: pagina.total,
    total_pages: Math.ceil(pagina.total / pagina.limite),
  };
}
