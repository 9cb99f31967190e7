/** What a request about pedidos carries: its bodies, path parameters, query and headers. */
import { z } from '@hono/zod-openapi';
import { MAXIMO_DE_LINEAS } from '@pedidos/domain';
import { CabecerasIdempotentes } from '../../comun/idempotencia.ts';
import { CabecerasCondicionales } from '../../comun/if-match.ts';
import {
  CantidadNoNegativa,
  CantidadPositiva,
  ClienteIdEntrada,
  PedidoIdEntrada,
  ProductoIdEntrada,
} from '../../comun/valores.ts';
import { desdeAntesDeHasta, filtrosDePedido } from './filtros.ts';

const ItemPedido = z.strictObject({ producto_id: ProductoIdEntrada, cantidad: CantidadPositiva }).openapi('ItemPedido');

export const NuevoPedido = z
  .strictObject({
    cliente_id: ClienteIdEntrada,
    items: z
      .array(ItemPedido)
      .max(MAXIMO_DE_LINEAS)
      .optional()
      .openapi({ description: 'Las líneas de un mismo producto se suman.' }),
  })
  .openapi('NuevoPedido');

export const ItemAAgregar = ItemPedido;

export const CantidadDeItem = z
  .strictObject({ producto_id: ProductoIdEntrada, cantidad: CantidadNoNegativa })
  .openapi('CantidadDeItem', { description: '`cantidad` 0 quita la línea; si no hay línea, no cambia nada.' });

export const ParamPedido = z.object({ id: PedidoIdEntrada });
export const ParamItem = z.object({ id: PedidoIdEntrada, producto_id: ProductoIdEntrada });

export const ConsultaDePedidos = z
  .strictObject({ cliente_id: ClienteIdEntrada.optional(), ...filtrosDePedido })
  .superRefine(desdeAntesDeHasta);

export const CabecerasIdempotentesYCondicionales = CabecerasCondicionales.extend(CabecerasIdempotentes.shape);
