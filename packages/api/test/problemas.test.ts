/** The table of errors: one status and one title per code, and the answer of each kind as its row says. */
import { PedidoId, type ReferenciaDePago } from '@pedidos/domain';
import { describe, expect, test } from 'vitest';
import { aProblema, ERRORES, type ErrorDeApi } from '../src/problemas.ts';

const ID = PedidoId.crear('6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60')._unsafeUnwrap();

describe('the table from error kind to status and code', () => {
  test('kinds that share a code share its row, so a code has one status, one title and one schema', () => {
    const filas = new Map<string, unknown>();
    for (const [kind, fila] of Object.entries(ERRORES)) {
      const otra = filas.get(fila.code);
      if (otra !== undefined) expect(fila, `${kind} (${fila.code})`).toBe(otra);
      filas.set(fila.code, fila);
    }
    expect(filas.size).toBe(31);
  });

  test('each kind is answered with the status, code, title and type of its row, and a body its schema takes', () => {
    const ejemplos: readonly ErrorDeApi[] = [
      { kind: 'Validacion', errores: [{ campo: 'nombre', mensaje: 'no puede estar vacío' }] },
      { kind: 'CantidadInvalida', valor: 2 ** 53, motivo: 'excesiva' },
      { kind: 'MetodoNoPermitido', metodo: 'PUT', ruta: '/pedidos', permitidos: ['GET', 'HEAD', 'POST'] },
      { kind: 'PeticionDemasiadoLenta' },
      { kind: 'TransicionNoPermitida', pedidoId: ID, estado: 'entregado', transicion: 'cancelar' },
      { kind: 'ImporteIncorrecto', pedidoId: ID, esperadoCentavos: 4649n, importeCentavos: 4000n },
      { kind: 'ReferenciaDePagoDuplicada', pedidoId: ID, referencia: 'TRX-1' as ReferenciaDePago },
      { kind: 'DireccionDeEnvioFaltante', pedidoId: ID },
      { kind: 'NoAutenticado', fichaRechazada: true },
      { kind: 'Prohibido' },
      { kind: 'DemasiadasPeticiones', segundos: 42 },
    ];
    for (const error of ejemplos) {
      const { status, code, title, esquema } = ERRORES[error.kind];
      const problema = aProblema(error);
      expect(problema).toMatchObject({ status, code, title, type: `urn:pedidos:problema:${code}` });
      expect(esquema.safeParse(problema).success, error.kind).toBe(true);
    }
  });
});
