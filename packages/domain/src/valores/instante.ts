import { err, ok, Result } from 'neverthrow';

/** A stored timestamp that is not a valid `Date`: a string, a number, `null` or `new Date(NaN)`. */
export type InstanteInvalido = {
  readonly kind: 'InstanteInvalido';
  readonly campo: string;
};

export const Instante = {
  /**
   * Checks a timestamp read back from storage. Only a `Date` holding a real
   * instant passes: a JSON round trip's ISO string does not, so that a value
   * that merely looks like a domain value cannot become one.
   */
  crear(valor: unknown, campo: string): Result<Date, InstanteInvalido> {
    return valor instanceof Date && !Number.isNaN(valor.getTime())
      ? ok(valor)
      : err({ kind: 'InstanteInvalido', campo });
  },
};

/**
 * The creation and last-change instants of a stored aggregate, both valid.
 * Their order is not checked: operations take the caller's clock as it is, and
 * clocks of different processes may disagree, so a later change may carry an
 * earlier instant.
 */
export function instantesGuardados(guardado: {
  readonly creadoEn: unknown;
  readonly actualizadoEn: unknown;
}): Result<{ creadoEn: Date; actualizadoEn: Date }, InstanteInvalido> {
  return Result.combine([
    Instante.crear(guardado.creadoEn, 'creadoEn'),
    Instante.crear(guardado.actualizadoEn, 'actualizadoEn'),
  ]).map(([creadoEn, actualizadoEn]) => ({ creadoEn, actualizadoEn }));
}
