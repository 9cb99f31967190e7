import type { EventoDeDominio } from '@pedidos/domain';
import type postgres from 'postgres';
import type { Consulta } from './base-de-datos.ts';

type Agregado = 'cliente' | 'producto' | 'pedido';

function agregadoDe(evento: EventoDeDominio): { agregado: Agregado; agregadoId: string } {
  if ('pedidoId' in evento) return { agregado: 'pedido', agregadoId: evento.pedidoId };
  if ('productoId' in evento) return { agregado: 'producto', agregadoId: evento.productoId };
  return { agregado: 'cliente', agregadoId: evento.clienteId };
}

/** Appends events to the outbox; call it inside the transaction of the change that produced them. */
export async function guardarEventos(tx: Consulta, eventos: readonly EventoDeDominio[]): Promise<void> {
  if (eventos.length === 0) return;
  const filas = eventos.map((evento) => {
    const { tipo, ocurridoEn, ...datos } = evento;
    // Dates become ISO strings, as JSON.stringify writes them; bigints, JSON numbers.
    return { tipo, ...agregadoDe(evento), datos: tx.json(comoJson(datos)), ocurridoEn };
  });
  await tx`INSERT INTO eventos ${tx(filas, 'tipo', 'agregado', 'agregadoId', 'datos', 'ocurridoEn')}`;
}

/**
 * The event's fields as JSON. An event's bigint (a confirmed pedido's total) is
 * at most 2^53 - 1 by the domain's rules, so a JSON number holds it exactly;
 * one past that would be a bug, and throws rather than be rounded.
 */
function comoJson(datos: object): postgres.JSONValue {
  const campos = Object.entries(datos).map(([clave, valor]: [string, unknown]) => {
    if (typeof valor !== 'bigint') return [clave, valor];
    if (valor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${clave} = ${valor} no cabe exacto en JSON`);
    return [clave, Number(valor)];
  });
  return Object.fromEntries(campos) as postgres.JSONValue;
}
