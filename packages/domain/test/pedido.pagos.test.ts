/**
 * The payments the provider reports (`recibirPago`): it never fails, since the
 * money has already moved; it pays a pedido exactly as `pagar` does when
 * `pagar` would, and otherwise leaves the pedido as it was, version included,
 * with the one fact that says what to do with the money.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type AvisoDePago,
  agregadoDe,
  MetodoDePago,
  type Pedido,
  pagar,
  ReferenciaDePago,
  recibirPago,
  totalCentavos,
} from '../src/index.ts';
import * as arb from '../src/testing/index.ts';
import { sinMutar } from './inmutabilidad.ts';

const ahora = new Date('2030-01-02T03:04:05.000Z');
const metodo = MetodoDePago.crear('tarjeta')._unsafeUnwrap();
const referencia = ReferenciaDePago.crear('ch_1')._unsafeUnwrap();

const aviso = (pedido: Pedido, cambios: Partial<AvisoDePago> = {}): AvisoDePago => ({
  resultado: 'aprobado',
  pedidoId: pedido.id,
  importeCentavos: totalCentavos(pedido),
  referencia,
  metodo,
  ...cambios,
});
const libre = { referenciaDeOtroPedido: false };

/** Any notice for the pedido: approved or refused, of its total or of another amount, of any referencia. */
const avisoDe = (pedido: Pedido) =>
  fc.record({
    resultado: fc.constantFrom('aprobado' as const, 'rechazado' as const),
    pedidoId: fc.constant(pedido.id),
    importeCentavos: fc.oneof(fc.constant(totalCentavos(pedido)), fc.bigInt({ min: 0n, max: 2n ** 53n - 1n })),
    referencia: arb.referenciaDePago(),
    metodo: arb.metodoDePago(),
  });

describe('recibirPago', () => {
  test.prop([arb.pedido().chain((pedido) => fc.tuple(fc.constant(pedido), avisoDe(pedido), fc.boolean()))])(
    'pays exactly as pagar does when pagar would, and otherwise leaves the pedido as it was, with at most one event of it',
    ([pedido, dado, referenciaDeOtroPedido]) => {
      const recepcion = sinMutar(pedido, () => recibirPago(pedido, dado, { referenciaDeOtroPedido }, ahora));
      const pagado = pagar(pedido, dado, ahora);
      if (dado.resultado === 'aprobado' && !referenciaDeOtroPedido && pagado.isOk()) {
        expect(recepcion).toEqual({ ...pagado.value, desenlace: 'pagado' });
        return;
      }
      expect(recepcion.pedido).toBe(pedido);
      expect(recepcion.eventos.length).toBeLessThanOrEqual(1);
      for (const evento of recepcion.eventos) {
        expect(agregadoDe(evento)).toEqual({ agregado: 'pedido', agregadoId: pedido.id });
        expect(evento).toMatchObject({ importeCentavos: dado.importeCentavos, referencia: dado.referencia });
      }
      expect(recepcion.desenlace).not.toBe('pagado');
    },
  );

  test.prop([arb.pedidoConfirmado()])(
    'approved for a confirmado pedido of its total: paid, with the metodo',
    ({ pedido }) => {
      const { pedido: pagado, desenlace, eventos } = recibirPago(pedido, aviso(pedido), libre, ahora);
      expect(desenlace).toBe('pagado');
      expect(pagado).toMatchObject({ estado: 'pagado', version: pedido.version + 1, pago: { referencia, metodo } });
      expect(eventos.map((e) => e.tipo)).toEqual(['PedidoPagado']);
    },
  );

  test.prop([arb.pedidoConfirmado()])(
    'approved for another amount: a ReembolsoRequerido of importe_incorrecto',
    ({ pedido }) => {
      const dado = aviso(pedido, { importeCentavos: totalCentavos(pedido) + 1n });
      expect(recibirPago(pedido, dado, libre, ahora)).toEqual({
        pedido,
        desenlace: 'reembolso_requerido',
        eventos: [
          {
            tipo: 'ReembolsoRequerido',
            pedidoId: pedido.id,
            importeCentavos: dado.importeCentavos,
            referencia,
            metodo,
            motivo: 'importe_incorrecto',
            estado: 'confirmado',
            ocurridoEn: ahora,
          },
        ],
      });
    },
  );

  test.prop([fc.oneof(arb.pedidoEnCarrito(), arb.pedidoCancelado(), arb.pedidoEnviado(), arb.pedidoEntregado())])(
    'approved for a pedido that is not confirmado, and holds no such payment: a ReembolsoRequerido of estado_no_pagable',
    ({ pedido }) => {
      const { desenlace, eventos } = recibirPago(
        pedido,
        aviso(pedido, { referencia: ReferenciaDePago.crear('otra')._unsafeUnwrap() }),
        libre,
        ahora,
      );
      expect(desenlace).toBe('reembolso_requerido');
      expect(eventos).toMatchObject([
        { tipo: 'ReembolsoRequerido', motivo: 'estado_no_pagable', estado: pedido.estado },
      ]);
    },
  );

  test.prop([arb.pedidoConfirmado()])(
    "approved with a referencia that is another pedido's payment: a ReembolsoRequerido, and no payment",
    ({ pedido }) => {
      const { pedido: despues, eventos } = recibirPago(pedido, aviso(pedido), { referenciaDeOtroPedido: true }, ahora);
      expect(despues).toBe(pedido);
      expect(eventos).toMatchObject([{ tipo: 'ReembolsoRequerido', motivo: 'referencia_de_otro_pedido' }]);
    },
  );

  test.prop([arb.pedidoPagado()])('approved again with the payment the pedido holds: nothing at all', ({ pedido }) => {
    if (pedido.estado !== 'pagado') throw new Error('se esperaba un pedido pagado');
    const { pago } = pedido;
    const dado = aviso(pedido, { referencia: pago.referencia, importeCentavos: pago.importeCentavos });
    expect(recibirPago(pedido, dado, libre, ahora)).toEqual({ pedido, eventos: [], desenlace: 'ya_registrado' });
  });

  test.prop([arb.pedido()])('refused: a PagoRechazado, and the pedido as it was, in any state', (pedido) => {
    const dado = aviso(pedido, { resultado: 'rechazado' });
    expect(recibirPago(pedido, dado, libre, ahora)).toEqual({
      pedido,
      desenlace: 'pago_rechazado',
      eventos: [
        {
          tipo: 'PagoRechazado',
          pedidoId: pedido.id,
          importeCentavos: dado.importeCentavos,
          referencia,
          metodo,
          ocurridoEn: ahora,
        },
      ],
    });
  });

  it('returns frozen values', () => {
    fc.assert(
      fc.property(arb.pedidoConfirmado(), ({ pedido }) => {
        const recepcion = recibirPago(pedido, aviso(pedido, { resultado: 'rechazado' }), libre, ahora);
        expect(Object.isFrozen(recepcion)).toBe(true);
        expect(Object.isFrozen(recepcion.eventos)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});
