/**
 * Closes an exhaustive `switch`: if a case is missing, the call does not type-check.
 * Reaching it at run time is a programmer error, so it throws.
 */
export function assertNever(valor: never): never {
  throw new Error(`Caso no contemplado: ${JSON.stringify(valor)}`);
}
