/** The routes of reports: the sales report, read from the model the stream keeps. */

import { createRoute } from '@hono/zod-openapi';
import { acceso } from '../../comun/actor.ts';
import { json, PROBLEMAS_DE_ROL, PROBLEMAS_DE_SIEMPRE, problemas } from '../../comun/respuestas.ts';
import { ConsultaDeVentas } from './esquemas.ts';
import { InformeDeVentas } from './json.ts';

const tags = ['reportes'];

export const informeDeVentas = createRoute({
  method: 'get',
  path: '/reportes/ventas',
  operationId: 'informeDeVentas',
  ...acceso('informeDeVentas'),
  tags,
  summary: 'Las ventas de un intervalo, por día o por producto',
  description:
    'Sobre los pedidos cuyo `confirmado_en` cae en `[desde, hasta)`, sin los cancelados después. ' +
    'Por `dia`, una fila por fecha UTC con el número de pedidos, sus unidades y sus totales; ' +
    'por `producto`, una fila por producto con los pedidos que lo tienen, sus unidades en ellos y los subtotales de sus líneas a los precios congelados. ' +
    'Lo mantiene un consumidor del flujo de eventos: refleja un cambio unos segundos después de confirmarse.',
  request: { query: ConsultaDeVentas },
  responses: {
    200: json(InformeDeVentas, 'El informe, ordenado por `clave`.'),
    ...problemas([...PROBLEMAS_DE_ROL, ...PROBLEMAS_DE_SIEMPRE]),
  },
});
