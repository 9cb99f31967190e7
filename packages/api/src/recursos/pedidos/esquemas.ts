/** What a request about pedidos carries: its bodies, path parameters, query and headers. */
import { z } from '@hono/zod-openapi';
import { MAXIMO_DE_LINEAS } from '@pedidos/domain';
import { paginacion } from '../../comun/consultas.ts';
import { CabecerasIdempotentes } from '../../comun/idempotencia.ts';
import { CabecerasCondicionales } from '../../comun/if-match.ts';
import {
  CantidadNoNegativa,
  CantidadPositiva,
  CentavosEntrada,
  ClienteIdEntrada,
  DireccionEntrada,
  MetodoEntrada,
  MotivoEntrada,
  NumeroSeguimientoEntrada,
  PedidoIdEntrada,
  ProductoIdEntrada,
  ReferenciaEntrada,
  TransportistaEntrada,
} from '../../comun/valores.ts';
import { desdeAntesDeHasta, filtrosDePedido } from './filtros.ts';

const ItemPedido = z.strictObject({ producto_id: ProductoIdEntrada, cantidad: CantidadPositiva }).openapi('ItemPedido');

export const NuevoPedido = z
  .strictObject({
    cliente_id: ClienteIdEntrada.optional().openapi({
      description: 'De quién es el pedido. Un cliente lo deja fuera (o pone el suyo); el personal lo dice siempre.',
    }),
    items: z
      .array(ItemPedido)
      .max(MAXIMO_DE_LINEAS)
      .optional()
      .openapi({ description: 'Las líneas de un mismo producto se suman.' }),
    direccion_envio: DireccionEntrada.optional(),
  })
  .openapi('NuevoPedido');

export const DireccionDeEnvio = DireccionEntrada.openapi('NuevaDireccion');

export const Pago = z
  .strictObject({
    importe_centavos: CentavosEntrada.openapi({ description: 'Exactamente el `total_centavos` del pedido.' }),
    referencia: ReferenciaEntrada.openapi({ description: 'Única entre los pagos de todos los pedidos.' }),
    metodo: MetodoEntrada.optional().openapi({ description: 'Por omisión, `manual`.' }),
  })
  .openapi('NuevoPago');

export const Envio = z
  .strictObject({ transportista: TransportistaEntrada, numero_seguimiento: NumeroSeguimientoEntrada })
  .openapi('NuevoEnvio');

export const Cancelacion = z.strictObject({ motivo: MotivoEntrada.optional() }).openapi('NuevaCancelacion');

export const ItemAAgregar = ItemPedido;

export const CantidadDeItem = z
  .strictObject({ producto_id: ProductoIdEntrada, cantidad: CantidadNoNegativa })
  .openapi('CantidadDeItem', { description: '`cantidad` 0 quita la línea; si no hay línea, no cambia nada.' });

export const ParamPedido = z.object({ id: PedidoIdEntrada });
export const ParamItem = z.object({ id: PedidoIdEntrada, producto_id: ProductoIdEntrada });

export const ConsultaDePedidos = z
  .strictObject({ cliente_id: ClienteIdEntrada.optional(), ...filtrosDePedido })
  .superRefine(desdeAntesDeHasta);

export const ConsultaDeHistorial = z.strictObject(paginacion);

export const CabecerasIdempotentesYCondicionales = CabecerasCondicionales.extend(CabecerasIdempotentes.shape);
