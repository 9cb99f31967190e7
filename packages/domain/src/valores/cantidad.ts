import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';

/** A count of units: a safe integer, never negative. */
export type Cantidad = Marca<number, 'Cantidad'>;

export type CantidadInvalida = {
  readonly kind: 'CantidadInvalida';
  readonly valor: number;
  readonly motivo: 'no-es-entera' | 'negativa' | 'debe-ser-positiva' | 'excesiva';
};

function invalida(valor: number, motivo: CantidadInvalida['motivo']): CantidadInvalida {
  return { kind: 'CantidadInvalida', valor, motivo };
}

export const Cantidad = {
  cero: 0 as Cantidad,

  crear(valor: number): Result<Cantidad, CantidadInvalida> {
    if (!Number.isInteger(valor)) return err(invalida(valor, 'no-es-entera'));
    if (valor < 0) return err(invalida(valor, 'negativa'));
    if (!Number.isSafeInteger(valor)) return err(invalida(valor, 'excesiva'));
    // `+ 0` turns -0 into 0, which is what a reader of the value expects.
    return ok((valor + 0) as Cantidad);
  },

  /** A quantity that must be at least one, as when adding units to a line. */
  crearPositiva(valor: number): Result<Cantidad, CantidadInvalida> {
    return Cantidad.crear(valor).andThen((c) => (c === 0 ? err(invalida(valor, 'debe-ser-positiva')) : ok(c)));
  },

  sumar(a: Cantidad, b: Cantidad): Result<Cantidad, CantidadInvalida> {
    const suma = a + b;
    return Number.isSafeInteger(suma) ? ok(suma as Cantidad) : err(invalida(suma, 'excesiva'));
  },
};
