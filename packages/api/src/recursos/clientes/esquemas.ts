/** What a request about clientes carries: its bodies, path parameters and query. */
import { z } from '@hono/zod-openapi';
import { paginacion, subcadena } from '../../comun/consultas.ts';
import { alMenosUno, ClienteIdEntrada, EmailEntrada, NombreEntrada } from '../../comun/valores.ts';
import { desdeAntesDeHasta, filtrosDePedido } from '../pedidos/filtros.ts';

export const NuevoCliente = z.strictObject({ nombre: NombreEntrada, email: EmailEntrada }).openapi('NuevoCliente');

export const CambiosDeCliente = z
  .strictObject({ nombre: NombreEntrada.optional(), email: EmailEntrada.optional() })
  .superRefine(alMenosUno)
  .openapi('CambiosDeCliente', { description: 'Al menos uno de los campos.', minProperties: 1 });

export const ParamCliente = z.object({ id: ClienteIdEntrada });

export const ConsultaDeClientes = z.strictObject({ nombre: subcadena.optional(), ...paginacion });

export const ConsultaDePedidosDeCliente = z.strictObject(filtrosDePedido).superRefine(desdeAntesDeHasta);
