/**
 * The sales report's read model (eventos.md, "Sales report"; decision 0026):
 * whatever the order its events are applied in, and however often each is
 * applied, the report is the one computed straight from the pedidos: by day
 * and by producto, over `[desde, hasta)`, without the pedidos cancelled.
 *
 * Each run of the property confirms its pedidos within a window of days of
 * its own, far from any other run's and any other suite's, and asks only
 * about that window: the runs need no cleaning up between them.
 */
import { randomUUID } from 'node:crypto';
import { PedidoId, ProductoId } from '@pedidos/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AgrupacionDeVentas,
  type Consulta,
  type FilaDeVentas,
  leerInformeDeVentas,
  registrarVentaCancelada,
  registrarVentaConfirmada,
  type VentaConfirmada,
} from '../src/index.ts';
import { bases, conBaseDeDatos, valor } from './apoyo.ts';

const DIA = 24 * 60 * 60 * 1000;
/** Each run's window: its pedidos are confirmed within it, and its range falls within it. */
const VENTANA = 20 * DIA;

/**
 * The windows of one database, one after another from past the latest
 * confirmation it holds (an earlier run of this suite on the same server),
 * and never before the year 3000, which no other suite's pedidos reach.
 */
async function ventanas(sql: Consulta): Promise<() => number> {
  const [fila] = await sql<{ ultimo: Date | null }[]>`SELECT max(confirmado_en) AS ultimo FROM ventas_por_pedido`;
  let siguiente = Math.max(Date.parse('3000-01-01T00:00:00Z'), (fila?.ultimo?.getTime() ?? 0) + VENTANA);
  return () => {
    const inicio = siguiente;
    siguiente += VENTANA;
    return inicio;
  };
}

const nuevoPedidoId = () => valor(PedidoId.crear(randomUUID()));
const nuevoProductoId = () => valor(ProductoId.crear(randomUUID()));

/** A pedido as generated: when in its window, its lines (by producto index, distinct), whether it was cancelled. */
type PedidoGenerado = {
  readonly momento: number;
  readonly lineas: readonly { readonly producto: number; readonly unidades: number; readonly precio: number }[];
  readonly cancelado: boolean;
};

const pedidoGenerado: fc.Arbitrary<PedidoGenerado> = fc.record({
  momento: fc.integer({ min: 0, max: VENTANA - 1 }),
  lineas: fc.uniqueArray(
    fc.record({
      producto: fc.integer({ min: 0, max: 4 }),
      unidades: fc.integer({ min: 1, max: 50 }),
      precio: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 10 ** 12 })),
    }),
    { minLength: 1, maxLength: 5, selector: (l) => l.producto },
  ),
  cancelado: fc.boolean(),
});

type Entrega = { readonly pedido: number; readonly tipo: 'confirmado' | 'cancelado' };

/**
 * Pedidos, the deliveries of their events (each event once to three times,
 * in any order: a cancellation may come before its confirmation), and a
 * range within the window, whose ends are sometimes a pedido's very instant.
 */
const escenario = fc.array(pedidoGenerado, { maxLength: 12 }).chain((pedidos) => {
  const eventos: Entrega[] = pedidos.flatMap((p, i): Entrega[] => [
    { pedido: i, tipo: 'confirmado' },
    ...(p.cancelado ? [{ pedido: i, tipo: 'cancelado' } as const] : []),
  ]);
  const momentos = pedidos.map((p) => p.momento);
  const extremo = momentos.length === 0 ? fc.nat(VENTANA) : fc.oneof(fc.nat(VENTANA), fc.constantFrom(...momentos));
  return fc.record({
    pedidos: fc.constant(pedidos),
    entregas: fc
      .array(fc.integer({ min: 1, max: 3 }), { minLength: eventos.length, maxLength: eventos.length })
      .chain((veces) => {
        const todas = eventos.flatMap((e, k) => Array.from({ length: veces[k] ?? 1 }, () => e));
        return fc.shuffledSubarray(todas, { minLength: todas.length, maxLength: todas.length });
      }),
    extremos: fc.tuple(extremo, extremo).filter(([a, b]) => a !== b),
    agrupar: fc.constantFrom<AgrupacionDeVentas>('dia', 'producto'),
  });
});

type Venta = VentaConfirmada & { readonly cancelado: boolean };

/** The report computed from the pedidos themselves: the property's other side. */
function modelo(ventas: readonly Venta[], desde: Date, hasta: Date, agrupar: AgrupacionDeVentas): FilaDeVentas[] {
  const filas = new Map<string, { pedidos: number; unidades: bigint; importeCentavos: bigint }>();
  const sumar = (clave: string, unidades: bigint, importe: bigint) => {
    const fila = filas.get(clave) ?? { pedidos: 0, unidades: 0n, importeCentavos: 0n };
    filas.set(clave, {
      pedidos: fila.pedidos + 1,
      unidades: fila.unidades + unidades,
      importeCentavos: fila.importeCentavos + importe,
    });
  };
  for (const v of ventas) {
    if (v.cancelado || v.confirmadoEn < desde || v.confirmadoEn >= hasta) continue;
    if (agrupar === 'dia') {
      const unidades = v.lineas.reduce((s, l) => s + BigInt(l.unidades), 0n);
      const importe = v.lineas.reduce((s, l) => s + l.subtotalCentavos, 0n);
      sumar(v.confirmadoEn.toISOString().slice(0, 10), unidades, importe);
    } else {
      for (const l of v.lineas) sumar(l.productoId, BigInt(l.unidades), l.subtotalCentavos);
    }
  }
  return [...filas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([clave, fila]) => ({ clave, ...fila }));
}

describe.each(bases())('the sales report on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);
  let nuevaVentana: () => number = () => {
    throw new Error('sin ventanas');
  };
  beforeAll(async () => {
    nuevaVentana = await ventanas(entorno().db.sql);
  });

  it('is the report of the pedidos themselves, whatever the order and the repetitions of their events', async () => {
    const { sql } = entorno().db;
    await fc.assert(
      fc.asyncProperty(escenario, async ({ pedidos, entregas, extremos, agrupar }) => {
        const inicio = nuevaVentana();
        const productos = Array.from({ length: 5 }, nuevoProductoId);
        const ventas: Venta[] = pedidos.map((p) => ({
          pedidoId: nuevoPedidoId(),
          confirmadoEn: new Date(inicio + p.momento),
          lineas: p.lineas.map((l) => ({
            productoId: productos[l.producto] as ProductoId,
            unidades: l.unidades,
            subtotalCentavos: BigInt(l.precio) * BigInt(l.unidades),
          })),
          cancelado: p.cancelado,
        }));
        // Each delivery in a transaction of its own, as the consumer's runtime runs it.
        for (const { pedido, tipo } of entregas) {
          const venta = ventas[pedido] as Venta;
          await sql.begin((tx) =>
            tipo === 'confirmado' ? registrarVentaConfirmada(tx, venta) : registrarVentaCancelada(tx, venta.pedidoId),
          );
        }
        const [a, b] = extremos;
        const desde = new Date(inicio + Math.min(a, b));
        const hasta = new Date(inicio + Math.max(a, b));
        expect(await leerInformeDeVentas(sql, { desde, hasta, agrupar })).toEqual(
          modelo(ventas, desde, hasta, agrupar),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('leaves out a pedido whose cancellation came before its confirmation, and counts it when it came alone', async () => {
    const { sql } = entorno().db;
    const inicio = nuevaVentana();
    const producto = nuevoProductoId();
    const venta = (momento: number): VentaConfirmada => ({
      pedidoId: nuevoPedidoId(),
      confirmadoEn: new Date(inicio + momento),
      lineas: [{ productoId: producto, unidades: 2, subtotalCentavos: 700n }],
    });
    const cancelada = venta(1000);
    const vigente = venta(2000);
    await registrarVentaCancelada(sql, cancelada.pedidoId);
    await registrarVentaConfirmada(sql, cancelada);
    await registrarVentaConfirmada(sql, vigente);
    const consulta = { desde: new Date(inicio), hasta: new Date(inicio + DIA) };
    expect(await leerInformeDeVentas(sql, { ...consulta, agrupar: 'producto' })).toEqual([
      { clave: producto, pedidos: 1, unidades: 2n, importeCentavos: 700n },
    ]);
  });

  it("dates a day by UTC, whatever the session's time zone", async () => {
    const { sql } = entorno().db;
    // 23:30 UTC of the window's first day: already the next day at UTC+14, still that day at UTC-12.
    const dia = new Date(nuevaVentana()).toISOString().slice(0, 10);
    const confirmadoEn = new Date(`${dia}T23:30:00Z`);
    await registrarVentaConfirmada(sql, {
      pedidoId: nuevoPedidoId(),
      confirmadoEn,
      lineas: [{ productoId: nuevoProductoId(), unidades: 3, subtotalCentavos: 30n }],
    });
    const consulta = {
      desde: confirmadoEn,
      hasta: new Date(confirmadoEn.getTime() + 1),
      agrupar: 'dia',
    } as const;
    for (const zona of ['Pacific/Kiritimati', 'Etc/GMT+12', 'UTC']) {
      const filas = await sql.begin(async (tx) => {
        await tx`SELECT set_config('TimeZone', ${zona}, true)`;
        return leerInformeDeVentas(tx, consulta);
      });
      expect(filas, zona).toEqual([{ clave: dia, pedidos: 1, unidades: 3n, importeCentavos: 30n }]);
    }
  });

  it('sums past 2^53 - 1 exactly, where no one pedido can', async () => {
    const { sql } = entorno().db;
    const inicio = nuevaVentana();
    const maximo = BigInt(Number.MAX_SAFE_INTEGER);
    const producto = nuevoProductoId();
    for (const momento of [0, 1]) {
      await registrarVentaConfirmada(sql, {
        pedidoId: nuevoPedidoId(),
        confirmadoEn: new Date(inicio + momento),
        lineas: [{ productoId: producto, unidades: 1, subtotalCentavos: maximo }],
      });
    }
    const consulta = { desde: new Date(inicio), hasta: new Date(inicio + 2) };
    const dia = new Date(inicio).toISOString().slice(0, 10);
    expect(await leerInformeDeVentas(sql, { ...consulta, agrupar: 'dia' })).toEqual([
      { clave: dia, pedidos: 2, unidades: 2n, importeCentavos: 2n * maximo },
    ]);
    expect(await leerInformeDeVentas(sql, { ...consulta, agrupar: 'producto' })).toEqual([
      { clave: producto, pedidos: 2, unidades: 2n, importeCentavos: 2n * maximo },
    ]);
  });
});
