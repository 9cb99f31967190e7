/** The handlers of pedidos: each reads its request, calls its use case, and answers its outcome. */
import type { CasosDeUso } from '../../casos-de-uso.ts';
import { paginaPedida } from '../../comun/consultas.ts';
import { cuerpoOpcional } from '../../comun/cuerpo.ts';
import { conIdempotencia, type EjecutarIdempotente } from '../../comun/idempotencia.ts';
import { condicion } from '../../comun/if-match.ts';
import { REVALIDAR_EN_PRIVADO, responderLectura } from '../../comun/if-none-match.ts';
import { jsonExacto } from '../../comun/json-exacto.ts';
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import { filtroDePedidos } from './filtros.ts';
import { etagDe, paginaDeHistorialJson, paginaDePedidosJson, pedidoJson, versionFijaSuJson } from './json.ts';
import * as rutas from './rutas.ts';

export function pedidos(casos: CasosDeUso, idempotente: EjecutarIdempotente) {
  const app = enrutador();

  app.openapi(rutas.crearPedido, (c) => {
    const { cliente_id, items = [], direccion_envio } = c.req.valid('json');
    const solicitados = items.map((item) => ({ productoId: item.producto_id, cantidad: item.cantidad }));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (
        await casos.crearPedido(c.var.actor, {
          clienteId: cliente_id,
          items: solicitados,
          direccionEnvio: direccion_envio,
        })
      ).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 201, { Location: `/pedidos/${pedido.id}`, ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.obtenerPedido, async (c) =>
    (await casos.buscarPedido(c.var.actor, c.req.valid('param').id)).match(
      (pedido) =>
        responderLectura(c, pedidoJson(pedido), {
          etag: etagDe(pedido),
          cacheControl: REVALIDAR_EN_PRIVADO,
          // A carrito's ETag does not tell its lines' current prices: it is always answered in full.
          siNoCoincide: versionFijaSuJson(pedido) ? c.req.valid('header')['if-none-match'] : undefined,
        }),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(rutas.listarPedidos, async (c) => {
    const { page, limit, cliente_id, ...filtro } = c.req.valid('query');
    const conCliente = { ...filtroDePedidos(filtro), ...(cliente_id === undefined ? {} : { clienteId: cliente_id }) };
    return (await casos.listarPedidos(c.var.actor, conCliente, paginaPedida({ page, limit }))).match(
      (pagina) => jsonExacto(c, paginaDePedidosJson(pagina), 200),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(rutas.historialDePedido, async (c) =>
    (await casos.historialDePedido(c.var.actor, c.req.valid('param').id, paginaPedida(c.req.valid('query')))).match(
      (pagina) => jsonExacto(c, paginaDeHistorialJson(pagina), 200),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(rutas.agregarItem, (c) => {
    const { producto_id, cantidad } = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    const { id } = c.req.valid('param');
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.agregarItem(c.var.actor, id, { productoId: producto_id, cantidad }, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 201, { Location: `/pedidos/${pedido.id}`, ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.cambiarCantidad, async (c) => {
    const { producto_id, cantidad } = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    return (
      await casos.cambiarCantidad(c.var.actor, c.req.valid('param').id, { productoId: producto_id, cantidad }, opciones)
    ).match(
      (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(rutas.quitarItem, async (c) => {
    const { id, producto_id } = c.req.valid('param');
    return (await casos.quitarItem(c.var.actor, id, producto_id, condicion(c.req.valid('header')))).match(
      (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(rutas.confirmarPedido, (c) => {
    const { id } = c.req.valid('param');
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.confirmar(c.var.actor, id, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.cambiarDireccionDeEnvio, (c) => {
    const { id } = c.req.valid('param');
    const direccion = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.cambiarDireccionDeEnvio(c.var.actor, id, direccion, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.pagarPedido, (c) => {
    const { id } = c.req.valid('param');
    const { importe_centavos, referencia, metodo } = c.req.valid('json');
    const datos = {
      importeCentavos: BigInt(importe_centavos),
      referencia,
      ...(metodo === undefined ? {} : { metodo }),
    };
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.pagar(c.var.actor, id, datos, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.enviarPedido, (c) => {
    const { id } = c.req.valid('param');
    const { transportista, numero_seguimiento } = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.enviar(c.var.actor, id, { transportista, numeroSeguimiento: numero_seguimiento }, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(rutas.entregarPedido, (c) => {
    const { id } = c.req.valid('param');
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.entregar(c.var.actor, id, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  // The body of a cancelation may be absent; see `cuerpoOpcional`.
  app.use(rutas.cancelarPedido.getRoutingPath(), cuerpoOpcional);
  app.openapi(rutas.cancelarPedido, (c) => {
    const { id } = c.req.valid('param');
    const { motivo } = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.cancelar(c.var.actor, id, motivo === undefined ? {} : { motivo }, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  return app;
}
