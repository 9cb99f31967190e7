/** The handlers of operations. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { assertNever } from '@pedidos/domain';
import type { Context, MiddlewareHandler } from 'hono';
import { enrutador } from '../../comun/validacion.ts';
import type { Metricas } from '../../metricas.ts';
import { responderProblema } from '../../problemas.ts';
import * as rutas from './rutas.ts';

export function operaciones(baseDeDatosResponde: () => Promise<boolean>, metricas: Metricas) {
  const app = enrutador();

  app.openapi(rutas.salud, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(rutas.preparado, async (c) =>
    (await baseDeDatosResponde())
      ? c.json({ status: 'ok' as const }, 200)
      : responderProblema(c, { kind: 'BaseDeDatosNoDisponible' }),
  );

  // `METRICS_TOKEN` was answered by `metricasPorToken`, before a token refused is answered; this is the actor's turn.
  app.openapi(rutas.metricas, async (c) => {
    const { actor } = c.var;
    switch (actor.tipo) {
      case 'personal':
        return responderMetricas(c, metricas);
      case 'cliente':
        return responderProblema(c, { kind: 'Prohibido' });
      case 'anonimo':
      case 'sistema':
        return responderProblema(c, {
          kind: 'NoAutenticado',
          fichaRechazada: c.req.header('authorization') !== undefined,
        });
      default:
        return assertNever(actor);
    }
  });

  return app;
}

async function responderMetricas(c: Context, metricas: Metricas) {
  return c.text(await metricas.texto(), 200, { 'Content-Type': metricas.tipoDeContenido, 'Cache-Control': 'no-store' });
}

const resumen = (texto: string) => createHash('sha256').update(texto).digest();

/**
 * `GET /metrics` with `Authorization: Bearer <METRICS_TOKEN>`, answered here,
 * after `identificarActor` has refused that token (it is no account's) and
 * the limit has counted the request by its address, but before the refusal
 * is answered. Any other request goes on, to the refusal or the route. The tokens are compared by their SHA-256, in
 * constant time, so that neither their content nor their length shows in the
 * time of a refusal.
 */
export function metricasPorToken(token: string | undefined, metricas: Metricas): MiddlewareHandler {
  if (token === undefined) return (_c, next) => next();
  const esperado = resumen(token);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const presentado = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (presentado !== undefined && timingSafeEqual(resumen(presentado), esperado)) {
      return responderMetricas(c, metricas);
    }
    return next();
  };
}
