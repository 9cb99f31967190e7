import { ok, type Result } from 'neverthrow';
import { congelar } from './congelar.js';

/**
 * Applies `pasos` one after another, each to the state the one before produced,
 * and gathers their events in order. A step that changes nothing adds no event.
 */
export function encadenarCambios<C extends { readonly eventos: readonly unknown[] }>(
  inicial: C,
  pasos: readonly ((anterior: C) => Result<C, never>)[],
): Result<C, never> {
  return pasos
    .reduce<Result<C, never>>(
      (acumulado, paso) =>
        acumulado.andThen((anterior) =>
          paso(anterior).map((siguiente) => ({ ...siguiente, eventos: [...anterior.eventos, ...siguiente.eventos] })),
        ),
      ok(inicial),
    )
    .map(congelar);
}
