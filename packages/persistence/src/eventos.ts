import { agregadoDe, type EventoDeDominio } from '@pedidos/domain';
import type { Consulta } from './base-de-datos.ts';

type Fragmento = ReturnType<Consulta>;

/**
 * The INSERT that appends events to the outbox, as a fragment to run alone or
 * as one part of a data-modifying `WITH`; `undefined` when there are none.
 * Run it inside the transaction of the change that produced the events, after
 * the lock that serializes changes to their aggregates. Each event gets a UUID
 * (the column's default) and the next number in its aggregate's history: one
 * past the highest stored, counting the events of this call in their order.
 * Two writers that raced past the lock would compute the same number, and the
 * unique index refuses the second.
 */
export function insercionDeEventos(sql: Consulta, eventos: readonly EventoDeDominio[]): Fragmento | undefined {
  if (eventos.length === 0) return undefined;
  const filas = eventos.map((evento, orden) => {
    const { tipo, ocurridoEn, ...datos } = evento;
    const { agregado, agregadoId } = agregadoDe(evento);
    return { orden, tipo, agregado, agregado_id: agregadoId, datos, ocurrido_en: ocurridoEn };
  });
  // One statement for every event, whatever their number: the rows travel as one JSON parameter.
  return sql`
    INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, datos, ocurrido_en)
    SELECT n.tipo, n.agregado, n.agregado_id,
           coalesce((SELECT max(e.secuencia) FROM eventos e
                     WHERE e.agregado = n.agregado AND e.agregado_id = n.agregado_id), 0)
             + row_number() OVER (PARTITION BY n.agregado, n.agregado_id ORDER BY n.orden),
           n.datos, n.ocurrido_en
    FROM json_to_recordset(${comoJson(filas)}::text::json)
      AS n(orden int, tipo text, agregado text, agregado_id uuid, datos jsonb, ocurrido_en timestamptz)
    ORDER BY n.orden`;
}

/**
 * Rows as one JSON text parameter: dates become ISO strings, as JSON.stringify
 * writes them; bigints, exact JSON numbers.
 */
export function comoJson(valor: unknown): string {
  return JSON.stringify(valor, (clave, v: unknown) => (typeof v === 'bigint' ? numeroExacto(clave, v) : v));
}

/**
 * A bigint (a confirmed pedido's total, a payment) as a JSON number: at most
 * 2^53 - 1 by the domain's rules, so exact; one past that would be a bug, and
 * throws rather than be rounded.
 */
function numeroExacto(clave: string, valor: bigint): number {
  if (valor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${clave} = ${valor} no cabe exacto en JSON`);
  return Number(valor);
}
