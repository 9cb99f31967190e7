import { err, ok, type Result } from 'neverthrow';
import { longitudEnCaracteres } from '../compartido/longitud.ts';
import type { Marca } from '../compartido/marca.ts';

/** A producto's free-text description, kept as written, at most 2000 characters; or none. */
export type Descripcion = Marca<string, 'Descripcion'> | null;

export const LONGITUD_MAXIMA_DESCRIPCION = 2000;

export type DescripcionInvalida = {
  readonly kind: 'DescripcionInvalida';
  readonly motivo: 'demasiado-larga';
};

export const Descripcion = {
  crear(valor: string | null): Result<Descripcion, DescripcionInvalida> {
    if (valor === null) return ok(null);
    if (longitudEnCaracteres(valor) > LONGITUD_MAXIMA_DESCRIPCION) {
      return err({ kind: 'DescripcionInvalida', motivo: 'demasiado-larga' });
    }
    return ok(valor as Descripcion);
  },
};
