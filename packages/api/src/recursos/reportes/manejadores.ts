/** The handler of reports: it reads the query, calls the use case, and answers the report. */
import type { CasosDeUso } from '../../casos-de-uso.ts';
import { jsonExacto } from '../../comun/json-exacto.ts';
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import { informeDeVentasJson } from './json.ts';
import * as rutas from './rutas.ts';

export function reportes(casos: CasosDeUso) {
  const app = enrutador();

  // Sums over many pedidos can pass 2^53 - 1: written exact. No Cache-Control of its own: `no-store`, as a list.
  app.openapi(rutas.informeDeVentas, async (c) =>
    (await casos.informeDeVentas(c.var.actor, c.req.valid('query'))).match(
      (filas) => jsonExacto(c, informeDeVentasJson(filas), 200),
      (error) => responderProblema(c, error),
    ),
  );

  return app;
}
