/**
 * The consumer that keeps the sales report (eventos.md, "Sales report";
 * decision 0026): from `pedidos.pedido.confirmado` and
 * `pedidos.pedido.cancelado`, the read model of migration 0012.
 *
 * It reads the CloudEvent alone, as a consumer outside the service would:
 * `time` is the confirmation's instant, `data` the event's fields in
 * snake_case with amounts as JSON numbers. An event that is not the shape
 * this version knows throws, and so is dead-lettered (or parked) instead of
 * being half-applied or silently dropped; fields it does not know are
 * ignored, so that a newer writer that adds one does not stop the report.
 */
import { z } from '@hono/zod-openapi';
import { registrarVentaCancelada, registrarVentaConfirmada } from '@pedidos/persistence';
import { CantidadPositiva, CentavosEntrada, PedidoIdEntrada, ProductoIdEntrada } from '../comun/valores.ts';
import type { CloudEvent } from './cloudevents.ts';
import { type Consumidor, EventoInaceptable } from './consumidores.ts';

export const TIPO_CONFIRMADO = 'pedidos.pedido.confirmado';
export const TIPO_CANCELADO = 'pedidos.pedido.cancelado';

const LineaConfirmada = z.object({
  producto_id: ProductoIdEntrada,
  cantidad: CantidadPositiva,
  precio_unitario: CentavosEntrada,
});

/**
 * `PedidoConfirmado`'s data. Its totals are checked against its lines: the
 * report sums the lines by producto and the totals by day, and the two must
 * tell the same sales. A line's subtotal and the total must be exact JSON
 * numbers, which the domain guarantees of a confirmed pedido.
 */
const DatosDeConfirmacion = z
  .object({
    pedido_id: PedidoIdEntrada,
    lineas: z.array(LineaConfirmada).min(1),
    total_cantidad: z.int().min(1),
    total_centavos: z.int().min(0),
  })
  .superRefine((datos, ctx) => {
    const unidades = datos.lineas.reduce((suma, l) => suma + BigInt(l.cantidad), 0n);
    const importe = datos.lineas.reduce((suma, l) => suma + BigInt(l.precio_unitario) * BigInt(l.cantidad), 0n);
    if (unidades !== BigInt(datos.total_cantidad)) {
      ctx.addIssue({ code: 'custom', path: ['total_cantidad'], message: 'no es la suma de las cantidades' });
    }
    if (importe !== BigInt(datos.total_centavos)) {
      ctx.addIssue({ code: 'custom', path: ['total_centavos'], message: 'no es la suma de los subtotales' });
    }
    if (new Set(datos.lineas.map((l) => l.producto_id)).size !== datos.lineas.length) {
      ctx.addIssue({ code: 'custom', path: ['lineas'], message: 'repite un producto' });
    }
  });

/** `PedidoCancelado`'s data: which pedido, and from which state (a `carrito` was never sold). */
const DatosDeCancelacion = z.object({
  pedido_id: PedidoIdEntrada,
  estado_anterior: z.enum(['carrito', 'confirmado', 'pagado']),
});

const Instante = z.iso.datetime({ offset: true }).transform((texto) => new Date(texto));

/** Parses `valor` or throws with what was wrong and which event it was. */
function leer<T extends z.ZodType>(esquema: T, valor: unknown, evento: CloudEvent): z.output<T> {
  const resultado = esquema.safeParse(valor);
  if (!resultado.success) {
    throw new EventoInaceptable(`${evento.type} ${evento.id} no es válido: ${z.prettifyError(resultado.error)}`);
  }
  return resultado.data;
}

/** The event is about its `subject`; one whose data names another pedido is corrupt. */
function delSujeto(evento: CloudEvent, pedidoId: string): void {
  if (evento.agregado !== 'pedido' || evento.subject !== pedidoId) {
    throw new EventoInaceptable(
      `${evento.type} ${evento.id}: su subject ${evento.subject} no es el pedido ${pedidoId}`,
    );
  }
}

export const consumidorDeVentas: Consumidor = {
  nombre: 'ventas',
  tipos: [TIPO_CONFIRMADO, TIPO_CANCELADO],
  // Its effects are upserts of facts, in any order (decision 0026): it need not wait for one to take the next.
  concurrencia: 16,
  async manejar(tx, evento) {
    switch (evento.type) {
      case TIPO_CONFIRMADO: {
        const datos = leer(DatosDeConfirmacion, evento.data, evento);
        delSujeto(evento, datos.pedido_id);
        await registrarVentaConfirmada(tx, {
          pedidoId: datos.pedido_id,
          confirmadoEn: leer(Instante, evento.time, evento),
          lineas: datos.lineas.map((l) => ({
            productoId: l.producto_id,
            unidades: l.cantidad,
            subtotalCentavos: BigInt(l.precio_unitario) * BigInt(l.cantidad),
          })),
        });
        return;
      }
      case TIPO_CANCELADO: {
        const datos = leer(DatosDeCancelacion, evento.data, evento);
        delSujeto(evento, datos.pedido_id);
        // A carrito's cancellation: it was never confirmed, and never will be.
        if (datos.estado_anterior !== 'carrito') await registrarVentaCancelada(tx, datos.pedido_id);
        return;
      }
      default:
        // Bound only to the two types above: another is a wrongly bound queue, not an event to skip.
        throw new EventoInaceptable(`El consumidor ventas no recibe ${evento.type}`);
    }
  },
};
