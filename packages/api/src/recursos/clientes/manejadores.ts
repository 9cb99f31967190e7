/** The handlers of clientes: each reads its request, calls its use case, and answers its outcome. */
import type { CasosDeUso } from '../../casos-de-uso.ts';
import { paginaPedida, sinIndefinidos } from '../../comun/consultas.ts';
import { conIdempotencia, type EjecutarIdempotente } from '../../comun/idempotencia.ts';
import { REVALIDAR_EN_PRIVADO, responderLectura } from '../../comun/if-none-match.ts';
import { jsonExacto } from '../../comun/json-exacto.ts';
import { paginaJson } from '../../comun/paginas.ts';
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import { filtroDePedidos } from '../pedidos/filtros.ts';
import { paginaDePedidosJson } from '../pedidos/json.ts';
import { clienteJson } from './json.ts';
import * as rutas from './rutas.ts';

export function clientes(casos: CasosDeUso, idempotente: EjecutarIdempotente) {
  const app = enrutador();

  app.openapi(rutas.crearCliente, (c) =>
    conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.registrarCliente(c.var.actor, c.req.valid('json'))).match(
        (cliente) => c.json(clienteJson(cliente), 201, { Location: `/clientes/${cliente.id}` }),
        (error) => responderProblema(c, error),
      ),
    ),
  );

  app.openapi(rutas.obtenerCliente, async (c) =>
    (await casos.buscarCliente(c.var.actor, c.req.valid('param').id)).match(
      (cliente) =>
        responderLectura(c, clienteJson(cliente), {
          cacheControl: REVALIDAR_EN_PRIVADO,
          siNoCoincide: c.req.valid('header')['if-none-match'],
        }),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(rutas.listarClientes, async (c) => {
    const { nombre, page, limit } = c.req.valid('query');
    return (
      await casos.listarClientes(c.var.actor, nombre === undefined ? {} : { nombre }, paginaPedida({ page, limit }))
    ).match(
      (pagina) => c.json(paginaJson(pagina, clienteJson), 200),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(rutas.modificarCliente, async (c) =>
    (await casos.modificarCliente(c.var.actor, c.req.valid('param').id, sinIndefinidos(c.req.valid('json')))).match(
      (cliente) => c.json(clienteJson(cliente), 200),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(rutas.listarPedidosDeCliente, async (c) => {
    const { page, limit, ...filtro } = c.req.valid('query');
    return (
      await casos.listarPedidosDeCliente(
        c.var.actor,
        c.req.valid('param').id,
        filtroDePedidos(filtro),
        paginaPedida({ page, limit }),
      )
    ).match(
      (pagina) => jsonExacto(c, paginaDePedidosJson(pagina), 200),
      (error) => responderProblema(c, error),
    );
  });

  return app;
}
