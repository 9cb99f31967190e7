/** What the payment provider's notice carries: its body and its signature header. */
import { z } from '@hono/zod-openapi';
import { TOLERANCIA_DE_FIRMA_SEGUNDOS } from '../../comun/firmas.ts';
import {
  CentavosEntrada,
  IdDeAvisoEntrada,
  MetodoEntrada,
  PedidoIdEntrada,
  ReferenciaEntrada,
} from '../../comun/valores.ts';

/**
 * A notice of the provider. Fields it may add later are ignored rather than
 * refused: the body is signed, so it is the provider's, and refusing what it
 * adds would leave every payment unanswered until this service learnt it.
 */
export const AvisoDePago = z
  .object({
    id: IdDeAvisoEntrada.openapi({
      description: 'El id del aviso en el proveedor: un mismo `id` tiene efecto una sola vez.',
    }),
    tipo: z.enum(['pago.aprobado', 'pago.rechazado']),
    pedido_id: PedidoIdEntrada,
    importe_centavos: CentavosEntrada,
    referencia: ReferenciaEntrada.openapi({ description: 'La referencia del pago en el proveedor (`ch_…`).' }),
    metodo: MetodoEntrada,
  })
  .openapi('AvisoDePago');

export const CabecerasDeFirma = z.object({
  // Lower-case, as headers arrive (and as the document names every header); headers are case-insensitive.
  'pagos-firma': z.string().openapi({
    description:
      `\`t=<segundos Unix>,v1=<hex>\`: \`<hex>\` es el HMAC-SHA256, con la clave \`PAGOS_WEBHOOK_SECRETO\`, de \`<t>.<cuerpo tal cual llegó>\`. ` +
      `Puede traer varias \`v1\` (una por clave, mientras el proveedor cambia la suya); basta con que una sea buena. ` +
      `\`t\` no puede distar más de ${TOLERANCIA_DE_FIRMA_SEGUNDOS} s de ahora.`,
    example: 't=1767268800,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  }),
});
