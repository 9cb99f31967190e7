import { err, ok, type Result } from 'neverthrow';
import { Dinero, type ImporteExcesivo } from '../valores/dinero.js';
import type { LineaDePedido } from './pedido.js';

// Guards on a pedido's totals, shared by its operations and its reconstitution;
// not part of the package's API.

/**
 * A change or a confirmation whose total in centavos or in units would be
 * past 2^53 - 1 is refused, so that every pedido written has totals that are
 * safe integers.
 */
export function debeTenerImportesExactos(
  lineas: readonly LineaDePedido[],
): Result<readonly LineaDePedido[], ImporteExcesivo> {
  return debeTenerUnidadesExactas(lineas).andThen(debeTenerCentavosExactos);
}

export function debeTenerUnidadesExactas(
  lineas: readonly LineaDePedido[],
): Result<readonly LineaDePedido[], ImporteExcesivo> {
  const unidades = lineas.reduce((suma, linea) => suma + linea.cantidad, 0);
  return Number.isSafeInteger(unidades) ? ok(lineas) : err({ kind: 'ImporteExcesivo' });
}

export function debeTenerCentavosExactos(
  lineas: readonly LineaDePedido[],
): Result<readonly LineaDePedido[], ImporteExcesivo> {
  return lineas
    .reduce<Result<Dinero, ImporteExcesivo>>(
      (total, linea) =>
        total.andThen((t) =>
          Dinero.multiplicar(linea.precioUnitario, linea.cantidad).andThen((s) => Dinero.sumar(t, s)),
        ),
      ok(Dinero.cero),
    )
    .map(() => lineas);
}
