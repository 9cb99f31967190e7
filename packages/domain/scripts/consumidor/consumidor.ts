// A consumer's own code, type-checked against the packed declarations with the
// consumer's own neverthrow: one Result type for the domain's values and theirs.
import { type Cliente, ClienteId, Nombre, ProductoId, totalCentavos } from '@pedidos/domain';
import { err, ok, Result } from 'neverthrow';

const ids = Result.combine([
  ClienteId.crear('9b2f6c1e-3a4d-4e5f-8a7b-1c2d3e4f5a6b'),
  ProductoId.crear('1b2f6c1e-3a4d-4e5f-8a7b-1c2d3e4f5a6b'),
  ok<number, never>(1),
]);
export const mios: Result<string, { kind: string }> = Nombre.crear('Ana').andThen((n) =>
  n.length > 0 ? ok(`${n}`) : err({ kind: 'Vacio' }),
);
export const total: (p: Parameters<typeof totalCentavos>[0]) => bigint = totalCentavos;
export const nombreDe = (c: Cliente): string => c.nombre;
export { ids };
