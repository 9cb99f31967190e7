import { agregadoDe, type EventoDeDominio, type EventoDePedido } from '@pedidos/domain';
import type { Consulta } from './base-de-datos.ts';
import { donde } from './paginas.ts';

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
 *
 * `versionDelPedido` is the version of the pedido after the change, which its
 * events record (the history reads it); a change that records a pedido's
 * events without it is a bug, and throws.
 */
export function insercionDeEventos(
  sql: Consulta,
  eventos: readonly EventoDeDominio[],
  versionDelPedido?: number,
  /** A condition the rows are written under, such as another CTE having written its row. */
  cuando?: Fragmento,
): Fragmento | undefined {
  if (eventos.length === 0) return undefined;
  const filas = eventos.map((evento, orden) => {
    const { tipo, ocurridoEn, ...datos } = evento;
    const { agregado, agregadoId } = agregadoDe(evento);
    if (agregado === 'pedido' && versionDelPedido === undefined) {
      throw new Error(`${tipo} sin la versión del pedido ${agregadoId}`);
    }
    const version = agregado === 'pedido' ? versionDelPedido : null;
    return { orden, tipo, agregado, agregado_id: agregadoId, version, datos, ocurrido_en: ocurridoEn };
  });
  // One statement for every event, whatever their number: the rows travel as one JSON parameter.
  return sql`
    INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, version, datos, ocurrido_en)
    SELECT n.tipo, n.agregado, n.agregado_id,
           coalesce((SELECT max(e.secuencia) FROM eventos e
                     WHERE e.agregado = n.agregado AND e.agregado_id = n.agregado_id), 0)
             + row_number() OVER (PARTITION BY n.agregado, n.agregado_id ORDER BY n.orden),
           n.version, n.datos, n.ocurrido_en
    FROM json_to_recordset(${comoJson(filas)}::text::json)
      AS n(orden int, tipo text, agregado text, agregado_id uuid, version int, datos jsonb, ocurrido_en timestamptz)
    ${donde(sql, [cuando])}
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

/** A stored event of a pedido as the history reads it, its keys in camelCase and its instant as text. */
export type FilaDeEventoDePedido = {
  readonly tipo: string;
  readonly version: number;
  readonly ocurridoEn: string;
  readonly datos: Readonly<Record<string, unknown>>;
};

/**
 * A stored event of a pedido as the domain's, from the row `insercionDeEventos`
 * wrote: its instant a `Date` again, and its amounts the `bigint`s they were.
 * A type this version does not know means a newer writer or a corrupt row, and
 * throws rather than pass on something no consumer can read.
 */
export function eventoDePedido(fila: FilaDeEventoDePedido): EventoDePedido {
  const comun = { ...fila.datos, tipo: fila.tipo, ocurridoEn: new Date(fila.ocurridoEn) };
  const importe = (campo: string) => ({ [campo]: BigInt(entero(fila, campo)) });
  // The rows were written from domain values by `insercionDeEventos`; their shapes are the events'.
  switch (fila.tipo as EventoDePedido['tipo']) {
    case 'PedidoCreado':
    case 'ItemAgregado':
    case 'CantidadDeItemCambiada':
    case 'ItemQuitado':
    case 'DireccionDeEnvioCambiada':
    case 'PedidoEnviado':
    case 'PedidoEntregado':
      return comun as unknown as EventoDePedido;
    case 'PedidoConfirmado':
      return { ...comun, ...importe('totalCentavos') } as unknown as EventoDePedido;
    case 'PedidoPagado':
    case 'PagoRechazado':
    case 'ReembolsoRequerido':
      return { ...comun, ...importe('importeCentavos') } as unknown as EventoDePedido;
    case 'PedidoCancelado':
      return { ...comun, ...importe('reembolsoCentavos') } as unknown as EventoDePedido;
    default:
      throw new Error(`Evento de pedido desconocido: ${fila.tipo}`);
  }
}

function entero(fila: FilaDeEventoDePedido, campo: string): number {
  const valor = fila.datos[campo];
  if (typeof valor !== 'number' || !Number.isSafeInteger(valor)) {
    throw new Error(`${fila.tipo}.${campo} guardado como ${JSON.stringify(valor)}`);
  }
  return valor;
}
