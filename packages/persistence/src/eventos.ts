import { agregadoDe, type EventoDeDominio } from '@pedidos/domain';
import type { Consulta } from './base-de-datos.ts';

/**
 * Appends events to the outbox; call it inside the transaction of the change
 * that produced them, after the lock that serializes changes to their
 * aggregates. Each event gets a UUID (the column's default) and the next
 * number in its aggregate's history: one past the highest stored, counting the
 * events of this call in their order. Two writers that raced past the lock
 * would compute the same number, and the unique index refuses the second.
 */
export async function guardarEventos(tx: Consulta, eventos: readonly EventoDeDominio[]): Promise<void> {
  if (eventos.length === 0) return;
  const filas = eventos.map((evento, orden) => {
    const { tipo, ocurridoEn, ...datos } = evento;
    const { agregado, agregadoId } = agregadoDe(evento);
    return { orden, tipo, agregado, agregado_id: agregadoId, datos, ocurrido_en: ocurridoEn };
  });
  // One statement for every event, whatever their number: the rows travel as one JSON parameter.
  // Dates become ISO strings, as JSON.stringify writes them; bigints, exact JSON numbers.
  const json = JSON.stringify(filas, (clave, valor: unknown) =>
    typeof valor === 'bigint' ? numeroExacto(clave, valor) : valor,
  );
  await tx`
    INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, datos, ocurrido_en)
    SELECT n.tipo, n.agregado, n.agregado_id,
           coalesce((SELECT max(e.secuencia) FROM eventos e
                     WHERE e.agregado = n.agregado AND e.agregado_id = n.agregado_id), 0)
             + row_number() OVER (PARTITION BY n.agregado, n.agregado_id ORDER BY n.orden),
           n.datos, n.ocurrido_en
    FROM json_to_recordset(${json}::text::json)
      AS n(orden int, tipo text, agregado text, agregado_id uuid, datos jsonb, ocurrido_en timestamptz)
    ORDER BY n.orden`;
}

/**
 * A bigint of an event (a confirmed pedido's total) as a JSON number: at most
 * 2^53 - 1 by the domain's rules, so exact; one past that would be a bug, and
 * throws rather than be rounded.
 */
function numeroExacto(clave: string, valor: bigint): number {
  if (valor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${clave} = ${valor} no cabe exacto en JSON`);
  return Number(valor);
}
