/** The handler of the payment webhook: the signature first, then the notice, taken as the system. */
import { Actor, type AvisoDePago } from '@pedidos/domain';
import type { CasosDeUso } from '../../casos-de-uso.ts';
import { exigirFirma } from '../../comun/firmas.ts';
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import * as rutas from './rutas.ts';

/** Who takes a notice: the service itself, once the notice's signature says it is the provider's. */
const WEBHOOK_DE_PAGOS = Actor.sistema('webhook-de-pagos');

/**
 * `secreto` is `PAGOS_WEBHOOK_SECRETO`; without one, every notice is
 * `401 FIRMA_INVALIDA` (see `comprobarFirma`).
 */
export function pagos(casos: CasosDeUso, secreto: string | undefined) {
  const app = enrutador();

  // Before the route's validators: a notice that is not signed is refused whatever its body.
  app.post(
    rutas.recibirAvisoDePago.getRoutingPath(),
    exigirFirma(secreto, () => new Date()),
  );
  app.openapi(rutas.recibirAvisoDePago, async (c) => {
    const { id, tipo, pedido_id, importe_centavos, referencia, metodo } = c.req.valid('json');
    const aviso: AvisoDePago = {
      resultado: tipo === 'pago.aprobado' ? 'aprobado' : 'rechazado',
      pedidoId: pedido_id,
      importeCentavos: BigInt(importe_centavos),
      referencia,
      metodo,
    };
    return (await casos.recibirAvisoDePago(WEBHOOK_DE_PAGOS, id, aviso)).match(
      () => c.json({ recibido: true as const }, 200),
      (error) => responderProblema(c, error),
    );
  });

  return app;
}
