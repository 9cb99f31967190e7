// A consumer's property test over the packed arbitraries.
import { subtotal, totalCentavos } from '@pedidos/domain';
import { pedido } from '@pedidos/domain/testing';
import fc from 'fast-check';
import { expect, test } from 'vitest';

test("a pedido's total is the sum of its lines' subtotals", () => {
  fc.assert(
    fc.property(pedido(), (p) => {
      expect(totalCentavos(p)).toBe(p.lineas.reduce((suma, linea) => suma + subtotal(linea), 0n));
      expect(Object.isFrozen(p)).toBe(true);
    }),
  );
});
