/**
 * The sales report's read model (migration 0012; eventos.md, "Sales report";
 * decision 0026): what the `ventas` consumer writes from the stream, and the
 * report read from it.
 *
 * Each write is an idempotent upsert of one fact (a pedido confirmed with
 * these lines at this instant; a pedido cancelled), so that the model is the
 * same whatever the order the events come in and however often each comes:
 * the consumer's inbox already drops a second delivery of one event, but a
 * cancellation may arrive before the confirmation it follows (a redelivered
 * older event), and the model must still leave that pedido out.
 */
import type { BaseDeDatosNoDisponible, PedidoId, ProductoId } from '@pedidos/domain';
import { ok, type ResultAsync } from 'neverthrow';
import type { Consulta } from './base-de-datos.ts';
import { consultar } from './errores.ts';
import { comoJson } from './eventos.ts';

/** A confirmed pedido as the report needs it: when, and each line's units and subtotal at its frozen price. */
export type VentaConfirmada = {
  readonly pedidoId: PedidoId;
  readonly confirmadoEn: Date;
  readonly lineas: readonly {
    readonly productoId: ProductoId;
    readonly unidades: number;
    readonly subtotalCentavos: bigint;
  }[];
};

/**
 * Records a confirmation: the pedido's row, its units and total (the sums of
 * its lines), and its lines. A row a cancellation wrote first keeps its mark;
 * a confirmation recorded already is left as it is (a pedido is confirmed
 * once, so a repetition carries the same facts). One statement: the row and
 * its lines are written together or not at all, in a transaction or outside.
 */
export async function registrarVentaConfirmada(sql: Consulta, venta: VentaConfirmada): Promise<void> {
  const unidades = venta.lineas.reduce((suma, l) => suma + BigInt(l.unidades), 0n);
  const importe = venta.lineas.reduce((suma, l) => suma + l.subtotalCentavos, 0n);
  const lineas = venta.lineas.map((l) => ({
    producto_id: l.productoId,
    unidades: l.unidades,
    subtotal_centavos: l.subtotalCentavos,
  }));
  await sql`
    WITH pedido AS (
      INSERT INTO ventas_por_pedido (pedido_id, confirmado_en, unidades, importe_centavos)
      VALUES (${venta.pedidoId}, ${venta.confirmadoEn}, ${unidades.toString()}::bigint, ${importe.toString()}::bigint)
      ON CONFLICT (pedido_id) DO UPDATE
        SET confirmado_en = EXCLUDED.confirmado_en,
            unidades = EXCLUDED.unidades,
            importe_centavos = EXCLUDED.importe_centavos
        WHERE ventas_por_pedido.confirmado_en IS NULL
    )
    INSERT INTO ventas_por_linea (pedido_id, producto_id, unidades, subtotal_centavos)
    SELECT ${venta.pedidoId}, l.producto_id, l.unidades, l.subtotal_centavos
    FROM json_to_recordset(${comoJson(lineas)}::text::json)
      AS l(producto_id uuid, unidades bigint, subtotal_centavos bigint)
    ON CONFLICT (pedido_id, producto_id) DO NOTHING`;
}

/**
 * Records that a pedido was cancelled: its row is marked, or written with
 * the mark alone when its confirmation has not arrived yet. Only a pedido
 * that was confirmed is worth telling (a carrito's cancellation has no
 * confirmation to come); the consumer leaves the others out.
 */
export async function registrarVentaCancelada(sql: Consulta, pedidoId: PedidoId): Promise<void> {
  await sql`
    INSERT INTO ventas_por_pedido (pedido_id, cancelado) VALUES (${pedidoId}, true)
    ON CONFLICT (pedido_id) DO UPDATE SET cancelado = true WHERE NOT ventas_por_pedido.cancelado`;
}

export type AgrupacionDeVentas = 'dia' | 'producto';

export type ConsultaDeVentas = {
  /** Inclusive bound of `confirmado_en`. */
  readonly desde: Date;
  /** Exclusive bound of `confirmado_en`. */
  readonly hasta: Date;
  readonly agrupar: AgrupacionDeVentas;
};

/**
 * One row of the report. `unidades` and `importeCentavos` are sums over many
 * pedidos, which may pass 2^53 - 1 where one pedido cannot: bigints, exact.
 */
export type FilaDeVentas = {
  /** `YYYY-MM-DD` (UTC) by `dia`; the producto's id by `producto`. */
  readonly clave: string;
  readonly pedidos: number;
  readonly unidades: bigint;
  readonly importeCentavos: bigint;
};

type FilaLeida = { clave: string; pedidos: number; unidades: string; importeCentavos: string };

/**
 * The report over the pedidos confirmed in `[desde, hasta)` and not
 * cancelled since, ordered by `clave`. The order is by the date and by the
 * uuid, not by their text: each sorts as its text does byte by byte, and so
 * the order does not depend on the database's collation. Sums are read as
 * text: `sum` of a bigint is a numeric, which could pass 2^53 - 1.
 */
export async function leerInformeDeVentas(sql: Consulta, consulta: ConsultaDeVentas): Promise<FilaDeVentas[]> {
  const { desde, hasta } = consulta;
  const filas =
    consulta.agrupar === 'dia'
      ? await sql<FilaLeida[]>`
          SELECT to_char(dia::timestamp, 'YYYY-MM-DD') AS clave, pedidos, unidades, importe_centavos
          FROM (
            SELECT (p.confirmado_en AT TIME ZONE 'UTC')::date AS dia, count(*)::int AS pedidos,
                   sum(p.unidades)::text AS unidades, sum(p.importe_centavos)::text AS importe_centavos
            FROM ventas_por_pedido p
            WHERE NOT p.cancelado AND p.confirmado_en >= ${desde} AND p.confirmado_en < ${hasta}
            GROUP BY 1
          ) d
          ORDER BY dia`
      : await sql<FilaLeida[]>`
          SELECT l.producto_id::text AS clave, count(*)::int AS pedidos,
                 sum(l.unidades)::text AS unidades, sum(l.subtotal_centavos)::text AS importe_centavos
          FROM ventas_por_pedido p JOIN ventas_por_linea l ON l.pedido_id = p.pedido_id
          WHERE NOT p.cancelado AND p.confirmado_en >= ${desde} AND p.confirmado_en < ${hasta}
          GROUP BY l.producto_id
          ORDER BY l.producto_id`;
  return filas.map((f) => ({
    clave: f.clave,
    pedidos: f.pedidos,
    unidades: BigInt(f.unidades),
    importeCentavos: BigInt(f.importeCentavos),
  }));
}

/** The report as a port of the use cases: a lost connection is a value, as in the repositories. */
export interface InformeDeVentas {
  leer(consulta: ConsultaDeVentas): ResultAsync<readonly FilaDeVentas[], BaseDeDatosNoDisponible>;
}

export function informeDeVentas(sql: Consulta): InformeDeVentas {
  return { leer: (consulta) => consultar(async () => ok(await leerInformeDeVentas(sql, consulta))) };
}
