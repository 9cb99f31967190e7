/**
 * The HTTP adapter, mounted: the middleware every request goes through, the
 * router of each resource, the document and its documentation, and the
 * answers for a path or method the service does not have. No business rule
 * lives here; each resource's handlers are in `recursos/`.
 */

import { OpenAPIHono, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { textoAsyncApi } from './asyncapi.ts';
import type { CasosDeUso } from './casos-de-uso.ts';
import { identificarActor, rechazarCredencialesInvalidas } from './comun/actor.ts';
import { permitirOrigenes } from './comun/cors.ts';
import { cuerpoComoJson, leerCuerpoSobrante, limitarCuerpo } from './comun/cuerpo.ts';
import type { Fichas } from './comun/fichas.ts';
import type { EjecutarIdempotente } from './comun/idempotencia.ts';
import { limitarPeticiones } from './comun/limite-de-peticiones.ts';
import { idDe, observar, plantillaDeRuta } from './comun/observacion.ts';
import { documentar } from './documentacion.ts';
import type { Limitador } from './limites.ts';
import { metodosDeLaApp } from './metodos.ts';
import type { Metricas } from './metricas.ts';
import { textoOpenApi } from './openapi.ts';
import { responderProblema } from './problemas.ts';
import {
  clientes,
  cuentas,
  metricasPorToken,
  operaciones,
  pagos,
  pedidos,
  productos,
  reportes,
} from './recursos/index.ts';
import { describirError, type Registro } from './registro.ts';

export type OpcionesDeApp = {
  readonly casos: CasosDeUso;
  /** Runs a request at most once per `Idempotency-Key`, in one transaction with its kept answer. */
  readonly idempotente: EjecutarIdempotente;
  /** Whether the database answers right now; `/ready` reports it. */
  readonly baseDeDatosResponde: () => Promise<boolean>;
  readonly registro: Registro;
  /** Checks the access tokens of requests. */
  readonly fichas: Fichas;
  readonly metricas: Metricas;
  /** A bearer token that may read `/metrics` without an account (`METRICS_TOKEN`). */
  readonly tokenDeMetricas?: string | undefined;
  /** The origins allowed to call the API from a browser (CORS); none when empty or absent. */
  readonly origenesCors?: readonly string[] | undefined;
  /** Counts every caller's requests against its limit. */
  readonly limiteDePeticiones: Limitador;
  /** The key the payment provider signs its notices with (`PAGOS_WEBHOOK_SECRETO`); without one, every notice is 401. */
  readonly secretoDeWebhookDePagos?: string | undefined;
};

/** What `hacer` makes, made at the first call and kept for the next. */
function alPedirlo<T>(hacer: () => T): () => T {
  let hecho: { readonly valor: T } | undefined;
  return () => {
    hecho ??= { valor: hacer() };
    return hecho.valor;
  };
}

export function crearApp({
  casos,
  idempotente,
  baseDeDatosResponde,
  registro,
  fichas,
  metricas,
  tokenDeMetricas,
  origenesCors = [],
  limiteDePeticiones,
  secretoDeWebhookDePagos,
}: OpcionesDeApp) {
  z.config(z.locales.es());
  const app = new OpenAPIHono();

  // First, so that it wraps every other: the request id on every answer, one log line, the metrics; and the security
  // headers and the default Cache-Control (comun/cabeceras.ts) on every answer, a problem or a preflight's included.
  app.use(observar({ registro, metricas }));
  // CORS before anything that could refuse a preflight: a browser sends it without a body or a token.
  const cors = permitirOrigenes(origenesCors);
  if (cors !== undefined) app.use(cors);
  // Around everything that may answer before a route reads the body: a body left unread is read then.
  app.use(leerCuerpoSobrante);
  // Who asks, for every route below; see `comun/actor.ts`.
  app.use(identificarActor(fichas));
  // Every request counts, by the account that asks or by its address, before anything may refuse it.
  app.use(limitarPeticiones(limiteDePeticiones));
  app.use(limitarCuerpo);
  app.use(cuerpoComoJson);
  // Before credentials refused are answered: METRICS_TOKEN is no account's token, and `identificarActor` refused it.
  app.use('/metrics', metricasPorToken(tokenDeMetricas, metricas));
  app.use(rechazarCredencialesInvalidas);

  app.route('/', cuentas(casos));
  app.route('/', clientes(casos, idempotente));
  app.route('/', productos(casos, idempotente));
  app.route('/', pedidos(casos, idempotente));
  app.route('/', pagos(casos, secretoDeWebhookDePagos));
  app.route('/', reportes(casos));
  app.route('/', operaciones(baseDeDatosResponde, metricas));

  // Made at the first request for them, not at start-up, which they took 0.1–0.2 s of (performance.md).
  const documento = alPedirlo(() => JSON.parse(textoOpenApi()));
  app.get('/openapi.json', (c) => c.json(documento()));
  // The stream's document (eventos.md): like /openapi.json, public and not part of API v1, so in neither document.
  const documentoDelStream = alPedirlo(() => JSON.parse(textoAsyncApi()));
  app.get('/asyncapi.json', (c) => c.json(documentoDelStream()));
  documentar(app);

  // A path the service has, asked with another method, is a 405 that says which it takes; any other, a 404.
  const metodosDe = metodosDeLaApp(app);
  app.notFound((c) => {
    const { method: metodo, path: ruta } = c.req;
    const permitidos = metodosDe(ruta);
    // A route that exists for this very method only gets here by calling `c.notFound()`: that is a 404.
    return permitidos.length === 0 || permitidos.includes(metodo)
      ? responderProblema(c, { kind: 'RutaNoEncontrada', metodo, ruta })
      : responderProblema(c, { kind: 'MetodoNoPermitido', metodo, ruta, permitidos });
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 400) return responderProblema(c, { kind: 'JsonInvalido' });
    registro.error('unexpected error', {
      request_id: idDe(c),
      method: c.req.method,
      route: plantillaDeRuta(c) ?? null,
      path: c.req.path,
      ...describirError(error),
    });
    return responderProblema(c, { kind: 'Interno' });
  });

  return app;
}

export type App = ReturnType<typeof crearApp>;
