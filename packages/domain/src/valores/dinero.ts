import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';
import type { Cantidad } from './cantidad.js';

/** An amount of money as a count of centavos: a safe integer, never negative. No floats. */
export type Dinero = Marca<number, 'Dinero'>;

export type DineroInvalido = {
  readonly kind: 'DineroInvalido';
  readonly valor: number;
  readonly motivo: 'no-es-entero' | 'negativo' | 'excesivo';
};

/** An amount that an operation would compute is beyond what can be represented exactly. */
export type ImporteExcesivo = {
  readonly kind: 'ImporteExcesivo';
};

const importeExcesivo: ImporteExcesivo = { kind: 'ImporteExcesivo' };

export const Dinero = {
  cero: 0 as Dinero,

  crear(centavos: number): Result<Dinero, DineroInvalido> {
    if (!Number.isInteger(centavos)) return err({ kind: 'DineroInvalido', valor: centavos, motivo: 'no-es-entero' });
    if (centavos < 0) return err({ kind: 'DineroInvalido', valor: centavos, motivo: 'negativo' });
    if (!Number.isSafeInteger(centavos)) return err({ kind: 'DineroInvalido', valor: centavos, motivo: 'excesivo' });
    // `+ 0` turns -0 into 0, which is what a reader of the value expects.
    return ok((centavos + 0) as Dinero);
  },

  sumar(a: Dinero, b: Dinero): Result<Dinero, ImporteExcesivo> {
    const suma = a + b;
    return Number.isSafeInteger(suma) ? ok(suma as Dinero) : err(importeExcesivo);
  },

  multiplicar(precio: Dinero, cantidad: Cantidad): Result<Dinero, ImporteExcesivo> {
    const producto = precio * cantidad;
    return Number.isSafeInteger(producto) ? ok(producto as Dinero) : err(importeExcesivo);
  },
};
