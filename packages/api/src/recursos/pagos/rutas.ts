/** The routes of payments: the provider's webhook. */

import { createRoute } from '@hono/zod-openapi';
import { accesoDelSistema } from '../../comun/actor.ts';
import { cuerpo, json, PROBLEMAS_DE_CUERPO, problemas } from '../../comun/respuestas.ts';
import { AvisoDePago, CabecerasDeFirma } from './esquemas.ts';
import { AvisoRecibido } from './json.ts';

const tags = ['pagos'];

export const recibirAvisoDePago = createRoute({
  method: 'post',
  path: '/pagos/webhook',
  operationId: 'recibirAvisoDePago',
  ...accesoDelSistema('recibirAvisoDePago'),
  tags,
  summary: 'Recibe un aviso de pago del proveedor, firmado',
  description:
    'Sin token: el aviso se autentica con su firma, `Pagos-Firma`, que se comprueba antes de leer nada más (sin ella, 401 `FIRMA_INVALIDA`, también con un cuerpo no válido). ' +
    'Cada `id` tiene efecto una sola vez: repetido, también a la vez, es 200 y no cambia nada. ' +
    '`pago.aprobado` de un pedido confirmado por exactamente su `total_centavos` lo paga, como `PATCH /pedidos/{id}/pagar` con esa `referencia` y ese `metodo`; ' +
    'de cualquier otro pedido (en otro estado, por otro importe, ya pagado con otra referencia, o con una referencia que ya es el pago de otro pedido) no cambia nada y registra `ReembolsoRequerido` en su historial. ' +
    'Si el pedido ya tiene este mismo pago (la misma referencia y el mismo importe), no cambia nada ni se registra nada. ' +
    '`pago.rechazado` no cambia el pedido y registra `PagoRechazado`. ' +
    'Un aviso de un pedido que no existe se guarda y responde 200, sin más efecto. ' +
    'Los campos que el cuerpo traiga de más se ignoran.',
  request: { headers: CabecerasDeFirma, body: cuerpo(AvisoDePago) },
  responses: {
    200: json(AvisoRecibido, 'El aviso se recibió, ahora o antes.'),
    ...problemas(['FIRMA_INVALIDA', ...PROBLEMAS_DE_CUERPO]),
  },
});
