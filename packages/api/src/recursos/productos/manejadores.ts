/** The handlers of productos: each reads its request, calls its use case, and answers its outcome. */
import type { CasosDeUso } from '../../casos-de-uso.ts';
import { paginaPedida, sinIndefinidos } from '../../comun/consultas.ts';
import { conIdempotencia, type EjecutarIdempotente } from '../../comun/idempotencia.ts';
import { REVALIDAR, responderLectura } from '../../comun/if-none-match.ts';
import { paginaJson } from '../../comun/paginas.ts';
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import { productoJson } from './json.ts';
import * as rutas from './rutas.ts';

export function productos(casos: CasosDeUso, idempotente: EjecutarIdempotente) {
  const app = enrutador();

  app.openapi(rutas.crearProducto, (c) => {
    const { precio_centavos, ...resto } = c.req.valid('json');
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.crearProducto(c.var.actor, { ...resto, precio: precio_centavos })).match(
        (producto) => c.json(productoJson(producto), 201, { Location: `/productos/${producto.id}` }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.obtenerProducto, async (c) =>
    (await casos.buscarProducto(c.var.actor, c.req.valid('param').id)).match(
      (producto) =>
        responderLectura(c, productoJson(producto), {
          cacheControl: REVALIDAR,
          siNoCoincide: c.req.valid('header')['if-none-match'],
        }),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(rutas.listarProductos, async (c) => {
    const { page, limit, min_price, max_price, estado, nombre } = c.req.valid('query');
    const filtro = sinIndefinidos({ estado, nombre, precioMinimo: min_price, precioMaximo: max_price });
    return (await casos.listarProductos(c.var.actor, filtro, paginaPedida({ page, limit }))).match(
      (pagina) => c.json(paginaJson(pagina, productoJson), 200),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(rutas.modificarProducto, async (c) => {
    const { precio_centavos, ...resto } = c.req.valid('json');
    return (
      await casos.modificarProducto(
        c.var.actor,
        c.req.valid('param').id,
        sinIndefinidos({ ...resto, precio: precio_centavos }),
      )
    ).match(
      (producto) => c.json(productoJson(producto), 200),
      (error) => responderProblema(c, error),
    );
  });

  return app;
}
