import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';
import { esTextoRepresentable, longitudEnCaracteres } from '../compartido/texto.js';

/**
 * A producto's free-text description, kept as written (line breaks included), at
 * most 2000 characters, with no NUL and no lone surrogate; or none.
 */
export type Descripcion = Marca<string, 'Descripcion'> | null;

export const LONGITUD_MAXIMA_DESCRIPCION = 2000;

export type DescripcionInvalida = {
  readonly kind: 'DescripcionInvalida';
  readonly motivo: 'demasiado-larga' | 'caracteres-invalidos';
};

export const Descripcion = {
  crear(valor: string | null): Result<Descripcion, DescripcionInvalida> {
    if (valor === null) return ok(null);
    if (longitudEnCaracteres(valor) > LONGITUD_MAXIMA_DESCRIPCION) {
      return err({ kind: 'DescripcionInvalida', motivo: 'demasiado-larga' });
    }
    if (!esTextoRepresentable(valor)) return err({ kind: 'DescripcionInvalida', motivo: 'caracteres-invalidos' });
    return ok(valor as Descripcion);
  },
};
