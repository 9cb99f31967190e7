import { expect } from 'vitest';

/** Freezes a value and everything it holds, so that any assignment to it throws. */
export function congelar<T>(valor: T): T {
  if (typeof valor === 'object' && valor !== null && !Object.isFrozen(valor)) {
    Object.freeze(valor);
    for (const hijo of Object.values(valor)) congelar(hijo);
  }
  return valor;
}

/**
 * Runs `operacion` on a deeply frozen input and checks that the input still
 * equals a deep copy taken before (which also catches `Date#setTime`, which
 * freezing does not prevent).
 */
export function sinMutar<T, R>(entrada: T, operacion: (entrada: T) => R): R {
  const copia = structuredClone(entrada);
  const resultado = operacion(congelar(entrada));
  expect(entrada).toStrictEqual(copia);
  return resultado;
}
