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
    // Dates become ISO strings, as JSON.stringify writes them.
    return { tipo, ...agregadoDe(evento), datos: tx.json(datos as unknown as postgres.JSONValue), ocurridoEn };
  });
  await tx`INSERT INTO eventos ${tx(filas, 'tipo', 'agregado', 'agregadoId', 'datos', 'ocurridoEn')}`;
}
