/** What a request about productos carries: its bodies, path parameters and query. */
import { z } from '@hono/zod-openapi';
import { centavosEnConsulta, paginacion, subcadena } from '../../comun/consultas.ts';
import {
  alMenosUno,
  CentavosEntrada,
  DescripcionEntrada,
  EstadoProducto,
  NombreEntrada,
  ProductoIdEntrada,
  StockEntrada,
} from '../../comun/valores.ts';

/**
 * `stock` and `estado` have defaults, which the use case applies: they are
 * optional in the schema rather than zod `.default()`s, which would make them
 * required in the document's schema, as they are in zod's output. The schema
 * is written inline in the request body, not as a named component:
 * openapi-typescript takes a property with a `default` as always present
 * (`defaultNonNullable`, on by default) except under a request body or a
 * parameter, and cannot tell that a component is only ever a request body.
 */
export const NuevoProducto = z
  .strictObject({
    nombre: NombreEntrada,
    descripcion: DescripcionEntrada.optional(),
    precio_centavos: CentavosEntrada,
    stock: StockEntrada.optional().openapi({ default: 0 }),
    estado: EstadoProducto.optional().openapi({ default: 'activo' }),
  })
  .openapi({ title: 'NuevoProducto' });

export const CambiosDeProducto = z
  .strictObject({
    nombre: NombreEntrada.optional(),
    descripcion: DescripcionEntrada.optional(),
    precio_centavos: CentavosEntrada.optional(),
    stock: StockEntrada.optional(),
    estado: EstadoProducto.optional(),
  })
  .superRefine(alMenosUno)
  .openapi('CambiosDeProducto', { description: 'Al menos uno de los campos.', minProperties: 1 });

export const ParamProducto = z.object({ id: ProductoIdEntrada });

export const ConsultaDeProductos = z
  .strictObject({
    estado: EstadoProducto.optional(),
    min_price: centavosEnConsulta.optional(),
    max_price: centavosEnConsulta.optional(),
    nombre: subcadena.optional(),
    ...paginacion,
  })
  .superRefine(({ min_price, max_price }, ctx) => {
    if (min_price !== undefined && max_price !== undefined && min_price > max_price) {
      ctx.addIssue({
        code: 'custom',
        message: 'no puede ser mayor que max_price',
        path: ['min_price'],
        input: min_price,
      });
    }
  });
