/**
 * Which methods a path takes, asked of the application's own router: the
 * routes registered on it are the one list of what the service answers, so
 * the `Allow` of a 405 cannot drift from it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';

/**
 * A function from a path to the methods it takes, sorted; empty when no route
 * has that path. It is to be called once every route is registered (from the
 * not-found handler, say): the methods are read from the routes on first use.
 *
 * `ALL` entries are the middleware of `app.use`, not routes, and are left
 * out. HEAD is there wherever GET is, because Hono answers a HEAD with the GET
 * route, without the body.
 */
export function metodosDeLaApp(app: OpenAPIHono): (camino: string) => readonly string[] {
  let metodos: readonly string[] | undefined;
  return (camino) => {
    metodos ??= [...new Set(app.routes.map((ruta) => ruta.method).filter((metodo) => metodo !== 'ALL'))];
    const admitidos = new Set(
      metodos.filter((metodo) => app.router.match(metodo, camino)[0].some(([[, ruta]]) => ruta.method === metodo)),
    );
    if (admitidos.has('GET')) admitidos.add('HEAD');
    return [...admitidos].sort();
  };
}
