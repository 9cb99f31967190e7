/** The routes of operations: whether the process, and its database, answer; and the metrics. */
import { createRoute, z } from '@hono/zod-openapi';
import { json, problemas, seguridadConCuenta } from '../../comun/respuestas.ts';
import { Salud } from './json.ts';

const tags = ['operaciones'];

export const salud = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'salud',
  security: [],
  tags,
  summary: 'El proceso está vivo',
  description: 'Responde mientras el proceso atiende peticiones, sin mirar la base de datos.',
  responses: { 200: json(Salud, 'El proceso responde.'), ...problemas(['DEMASIADAS_PETICIONES']) },
});

export const preparado = createRoute({
  method: 'get',
  path: '/ready',
  operationId: 'preparado',
  security: [],
  tags,
  summary: 'La base de datos responde',
  description: '200 solo mientras la base de datos responde; para el chequeo de salud de un orquestador.',
  responses: {
    200: json(Salud, 'La base de datos responde.'),
    ...problemas(['DEMASIADAS_PETICIONES', 'INTERNO', 'BASE_DE_DATOS_NO_DISPONIBLE']),
  },
});

const { 401: noAutenticado, ...otrosProblemas } = problemas([
  'NO_AUTENTICADO',
  'PROHIBIDO',
  'DEMASIADAS_PETICIONES',
  'INTERNO',
]);

export const metricas = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metricas',
  tags,
  // A staff token, or METRICS_TOKEN: both are bearer credentials.
  security: seguridadConCuenta,
  summary: 'Métricas para Prometheus',
  description: [
    'Las métricas en el formato de texto de Prometheus (0.0.4): `http_request_duration_seconds` (histograma por `method`, `route`, la plantilla de la ruta, y `status`),',
    '`pedidos_transiciones_total` (por `transicion`), `pedidos_rechazos_por_stock_total`, `pedidos_base_de_datos_conexiones_max`, `pedidos_redis_disponible` (con `REDIS_URL`), `pedidos_cache_catalogo_total` (por `resultado`), `pedidos_eventos_sin_publicar`, `pedidos_eventos_aparcados` y `pedidos_eventos_retraso_segundos` (donde corre un relay: con `RABBITMQ_URL`, o con `CONSUMIDORES`), `pedidos_eventos_publicados_total`, `pedidos_eventos_fallos_de_publicacion_total`, `pedidos_eventos_aparcamientos_total`, `pedidos_consumidor_entregas_total` (por `consumidor` y `resultado`), `pedidos_consumidor_retraso_segundos` (histograma por `consumidor`), `pedidos_plazos_vencidos_total`, y las del proceso y de Node.js',
    '(`process_*`, `nodejs_*`, `nodejs_eventloop_lag_seconds` entre ellas).',
    'Responde al personal, o a `Authorization: Bearer <METRICS_TOKEN>` cuando el servicio tiene `METRICS_TOKEN`.',
  ].join(' '),
  responses: {
    200: {
      description: 'Las métricas.',
      content: {
        'text/plain': {
          schema: z.string().openapi({
            example:
              '# HELP pedidos_transiciones_total Transitions of pedidos applied.\n# TYPE pedidos_transiciones_total counter\npedidos_transiciones_total{transicion="confirmar"} 3\n',
          }),
        },
      },
    },
    401: {
      ...noAutenticado,
      headers: z.object({
        'WWW-Authenticate': z.string().openapi({
          description: '`Bearer`, y `Bearer error="invalid_token"` cuando la petición traía un token que se rechaza.',
        }),
      }),
    },
    ...otrosProblemas,
  },
});
