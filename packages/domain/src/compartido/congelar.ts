import { type Ok, ok } from 'neverthrow';

/**
 * Makes what an operation returns impossible to change from outside: every
 * plain object and array it holds is frozen, and every `Date` it holds is
 * replaced by a copy of its own, so that neither the `ahora` a caller passed in
 * nor a `Date` read from one field can change another field or value.
 *
 * What is frozen already was made by the domain and is left as it is, so an
 * operation pays only for the objects it built. Freezing does not stop
 * `Date#setTime`: the copies are what keep instants apart.
 *
 * An invalid `Date` (`new Date(NaN)`) is a programmer error, not a business
 * rule, and throws.
 */
export function congelar<T>(valor: T): T {
  fijar(valor);
  return valor;
}

function fijar(valor: unknown): void {
  if (typeof valor !== 'object' || valor === null || valor instanceof Date || Object.isFrozen(valor)) return;
  const objeto = valor as Record<string, unknown>;
  for (const clave of Object.keys(objeto)) {
    const hijo = objeto[clave];
    if (hijo instanceof Date) objeto[clave] = copiaDeInstante(hijo);
    else fijar(hijo);
  }
  Object.freeze(objeto);
}

/** A copy of a valid instant; throws on an invalid one. */
export function copiaDeInstante(instante: Date): Date {
  const ms = instante.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Un instante no válido (Invalid Date) no es un valor del dominio');
  return new Date(ms);
}

/** `ok` of a frozen value: how an operation that cannot fail answers. */
export function hecho<T>(valor: T): Ok<T, never> {
  return ok(congelar(valor));
}
