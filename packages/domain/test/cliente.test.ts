/**
 * The Cliente aggregate: each operation returns the new state and the
 * past-tense events it recorded, never touches what it was given, and a change
 * to the same value is no change at all.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  type Cliente,
  type ClienteGuardado,
  cambiarEmailDeCliente,
  type EventoDeCliente,
  modificarCliente,
  reconstituirCliente,
  registrarCliente,
  renombrarCliente,
} from '../src/cliente/cliente.ts';
import * as arb from '../src/testing/index.ts';
import { Email } from '../src/valores/email.ts';
import { ClienteId } from '../src/valores/id.ts';
import { Nombre } from '../src/valores/nombre.ts';
import { sinMutar } from './inmutabilidad.ts';

/** A cliente created at some instant and, sometimes, renamed later, so that its two dates differ. */
const clienteConHistoria = fc
  .tuple(arb.cliente(), fc.option(fc.tuple(arb.nombre(), arb.instante()), { nil: null }))
  .map(([cliente, renombre]) =>
    renombre === null ? cliente : renombrarCliente(cliente, renombre[0], renombre[1])._unsafeUnwrap().cliente,
  );

/** A nombre that is the cliente's own about half of the time. */
const nombrePara = (cliente: Cliente): fc.Arbitrary<Nombre> => fc.oneof(fc.constant(cliente.nombre), arb.nombre());
const emailPara = (cliente: Cliente): fc.Arbitrary<Email> => fc.oneof(fc.constant(cliente.email), arb.email());

const ana = (): Cliente =>
  registrarCliente({
    id: ClienteId.crear('5b1e7c9a-3f2d-4e8b-9a61-0c7d2e4f8b13')._unsafeUnwrap(),
    nombre: Nombre.crear('Ana García')._unsafeUnwrap(),
    email: Email.crear('ana@example.com')._unsafeUnwrap(),
    ahora: new Date('2024-01-01T10:00:00Z'),
  })._unsafeUnwrap().cliente;

const despues = new Date('2024-02-01T10:00:00Z');

describe('registrarCliente', () => {
  test('example', () => {
    const ahora = new Date('2024-01-01T10:00:00Z');
    const { cliente, eventos } = registrarCliente({
      id: ClienteId.crear('5B1E7C9A-3F2D-4E8B-9A61-0C7D2E4F8B13')._unsafeUnwrap(),
      nombre: Nombre.crear(' Ana García ')._unsafeUnwrap(),
      email: Email.crear('ANA@Example.COM')._unsafeUnwrap(),
      ahora,
    })._unsafeUnwrap();
    expect(cliente).toStrictEqual({
      id: '5b1e7c9a-3f2d-4e8b-9a61-0c7d2e4f8b13',
      nombre: 'Ana García',
      email: 'ana@example.com',
      creadoEn: ahora,
      actualizadoEn: ahora,
    });
    expect(eventos).toStrictEqual([
      {
        tipo: 'ClienteRegistrado',
        clienteId: '5b1e7c9a-3f2d-4e8b-9a61-0c7d2e4f8b13',
        nombre: 'Ana García',
        email: 'ana@example.com',
        ocurridoEn: ahora,
      },
    ]);
  });

  const datosDeRegistro = fc.record(
    { id: arb.clienteId(), nombre: arb.nombre(), email: arb.email(), ahora: arb.instante() },
    { noNullPrototype: true },
  );

  test.prop([datosDeRegistro])(
    'creates the cliente as given, created and updated now, and records that it was registered',
    (datos) => {
      const { cliente, eventos } = sinMutar(datos, registrarCliente)._unsafeUnwrap();
      const { id, nombre, email, ahora } = datos;
      expect(cliente).toStrictEqual({ id, nombre, email, creadoEn: ahora, actualizadoEn: ahora });
      expect(eventos).toStrictEqual([{ tipo: 'ClienteRegistrado', clienteId: id, nombre, email, ocurridoEn: ahora }]);
    },
  );
});

describe('renombrarCliente', () => {
  test('example: a new name is recorded, the same name once trimmed is not', () => {
    const cliente = ana();
    const renombrado = renombrarCliente(cliente, Nombre.crear('Ana María García')._unsafeUnwrap(), despues);
    expect(renombrado._unsafeUnwrap()).toStrictEqual({
      cliente: { ...cliente, nombre: 'Ana María García', actualizadoEn: despues },
      eventos: [{ tipo: 'ClienteRenombrado', clienteId: cliente.id, nombre: 'Ana María García', ocurridoEn: despues }],
    });

    const igual = renombrarCliente(cliente, Nombre.crear('  Ana García ')._unsafeUnwrap(), despues)._unsafeUnwrap();
    expect(igual.cliente).toBe(cliente);
    expect(igual.eventos).toStrictEqual([]);
  });

  test.prop([arb.cliente().chain((c) => fc.tuple(fc.constant(c), nombrePara(c), arb.instante()))])(
    'records ClienteRenombrado and moves actualizadoEn only when the name changes',
    ([cliente, nombre, ahora]) => {
      const cambio = sinMutar(cliente, (c) => renombrarCliente(c, nombre, ahora))._unsafeUnwrap();
      if (nombre === cliente.nombre) {
        expect(cambio.cliente).toBe(cliente);
        expect(cambio.eventos).toStrictEqual([]);
      } else {
        expect(cambio.cliente).toStrictEqual({ ...cliente, nombre, actualizadoEn: ahora });
        expect(cambio.cliente.creadoEn).toStrictEqual(cliente.creadoEn);
        expect(cambio.eventos).toStrictEqual([
          { tipo: 'ClienteRenombrado', clienteId: cliente.id, nombre, ocurridoEn: ahora },
        ]);
      }
    },
  );

  test.prop([clienteConHistoria, arb.instante()])('renaming to the current name is no change', (cliente, ahora) => {
    const cambio = renombrarCliente(cliente, cliente.nombre, ahora)._unsafeUnwrap();
    expect(cambio.cliente).toBe(cliente);
    expect(cambio.eventos).toHaveLength(0);
  });
});

describe('cambiarEmailDeCliente', () => {
  test('example: a new address is recorded, the same one in other case is not', () => {
    const cliente = ana();
    const cambiado = cambiarEmailDeCliente(cliente, Email.crear('ana.garcia@example.org')._unsafeUnwrap(), despues);
    expect(cambiado._unsafeUnwrap()).toStrictEqual({
      cliente: { ...cliente, email: 'ana.garcia@example.org', actualizadoEn: despues },
      eventos: [
        { tipo: 'EmailDeClienteCambiado', clienteId: cliente.id, email: 'ana.garcia@example.org', ocurridoEn: despues },
      ],
    });

    const igual = cambiarEmailDeCliente(cliente, Email.crear('Ana@EXAMPLE.com')._unsafeUnwrap(), despues);
    expect(igual._unsafeUnwrap().cliente).toBe(cliente);
    expect(igual._unsafeUnwrap().eventos).toStrictEqual([]);
  });

  test.prop([arb.cliente().chain((c) => fc.tuple(fc.constant(c), emailPara(c), arb.instante()))])(
    'records EmailDeClienteCambiado and moves actualizadoEn only when the address changes',
    ([cliente, email, ahora]) => {
      const cambio = sinMutar(cliente, (c) => cambiarEmailDeCliente(c, email, ahora))._unsafeUnwrap();
      if (email === cliente.email) {
        expect(cambio.cliente).toBe(cliente);
        expect(cambio.eventos).toStrictEqual([]);
      } else {
        expect(cambio.cliente).toStrictEqual({ ...cliente, email, actualizadoEn: ahora });
        expect(cambio.eventos).toStrictEqual([
          { tipo: 'EmailDeClienteCambiado', clienteId: cliente.id, email, ocurridoEn: ahora },
        ]);
      }
    },
  );
});

describe('modificarCliente', () => {
  /** A cliente and a set of changes: each field absent, the same as now, or new. */
  const clienteYCambios = clienteConHistoria.chain((cliente) =>
    fc.tuple(
      fc.constant(cliente),
      fc.record(
        { nombre: nombrePara(cliente), email: emailPara(cliente) },
        { requiredKeys: [], noNullPrototype: true },
      ),
      arb.instante(),
    ),
  );

  test('example: both fields at once, name first', () => {
    const cliente = ana();
    const nombre = Nombre.crear('Ana María')._unsafeUnwrap();
    const email = Email.crear('ana.maria@example.com')._unsafeUnwrap();
    // keys given in the other order: the order of the events is fixed, not the caller's
    const { cliente: modificado, eventos } = modificarCliente(cliente, { email, nombre }, despues)._unsafeUnwrap();
    expect(modificado).toStrictEqual({ ...cliente, nombre, email, actualizadoEn: despues });
    expect(eventos.map((e) => e.tipo)).toStrictEqual(['ClienteRenombrado', 'EmailDeClienteCambiado']);
  });

  test.prop([clienteConHistoria, arb.instante()])('no changes: the same cliente and no events', (cliente, ahora) => {
    const cambio = modificarCliente(cliente, {}, ahora)._unsafeUnwrap();
    expect(cambio.cliente).toBe(cliente);
    expect(cambio.eventos).toStrictEqual([]);
  });

  test.prop([clienteYCambios])(
    'applies every change given and records one event per actual change, name before email',
    ([cliente, cambios, ahora]) => {
      const cambio = sinMutar({ cliente, cambios }, (e) =>
        modificarCliente(e.cliente, e.cambios, ahora),
      )._unsafeUnwrap();

      const esperados: EventoDeCliente[] = [];
      if (cambios.nombre !== undefined && cambios.nombre !== cliente.nombre) {
        esperados.push({ tipo: 'ClienteRenombrado', clienteId: cliente.id, nombre: cambios.nombre, ocurridoEn: ahora });
      }
      if (cambios.email !== undefined && cambios.email !== cliente.email) {
        esperados.push({
          tipo: 'EmailDeClienteCambiado',
          clienteId: cliente.id,
          email: cambios.email,
          ocurridoEn: ahora,
        });
      }
      expect(cambio.eventos).toStrictEqual(esperados);

      if (esperados.length === 0) {
        expect(cambio.cliente).toBe(cliente);
      } else {
        expect(cambio.cliente).toStrictEqual({
          ...cliente,
          nombre: cambios.nombre ?? cliente.nombre,
          email: cambios.email ?? cliente.email,
          actualizadoEn: ahora,
        });
      }
    },
  );

  test.prop([clienteYCambios])(
    'is renaming then changing the email, one after the other',
    ([cliente, cambios, ahora]) => {
      const trasNombre =
        cambios.nombre === undefined
          ? { cliente, eventos: [] }
          : renombrarCliente(cliente, cambios.nombre, ahora)._unsafeUnwrap();
      const trasEmail =
        cambios.email === undefined
          ? { cliente: trasNombre.cliente, eventos: [] }
          : cambiarEmailDeCliente(trasNombre.cliente, cambios.email, ahora)._unsafeUnwrap();
      expect(modificarCliente(cliente, cambios, ahora)._unsafeUnwrap()).toStrictEqual({
        cliente: trasEmail.cliente,
        eventos: [...trasNombre.eventos, ...trasEmail.eventos],
      });
    },
  );
});

describe('reconstituirCliente', () => {
  const guardar = (cliente: Cliente): ClienteGuardado => ({
    id: cliente.id,
    nombre: cliente.nombre,
    email: cliente.email,
    creadoEn: cliente.creadoEn,
    actualizadoEn: cliente.actualizadoEn,
  });

  test.prop([clienteConHistoria])('rebuilds any cliente from what was stored', (cliente) => {
    const guardado = guardar(cliente);
    expect(sinMutar(guardado, reconstituirCliente)._unsafeUnwrap()).toStrictEqual(cliente);
  });

  test.prop([
    clienteConHistoria.chain((c) =>
      fc.record({
        cliente: fc.constant(c),
        id: fc.mixedCase(fc.constant(c.id)),
        email: fc.mixedCase(fc.constant(c.email)),
        antes: fc.constantFrom('', ' ', '\t'),
        despues: fc.constantFrom('', ' ', '\n'),
      }),
    ),
  ])('normalises stored values as the constructors do', ({ cliente, id, email, antes, despues }) => {
    const guardado: ClienteGuardado = {
      ...guardar(cliente),
      id,
      nombre: antes + cliente.nombre + despues,
      email: ` ${email} `,
    };
    expect(reconstituirCliente(guardado)._unsafeUnwrap()).toStrictEqual(cliente);
  });

  const idCorrupto = fc.oneof(
    fc.constantFrom(
      '',
      'no-es-un-uuid',
      '42',
      '5b1e7c9a3f2d4e8b9a610c7d2e4f8b13',
      ' 5b1e7c9a-3f2d-4e8b-9a61-0c7d2e4f8b13',
    ),
    fc.string().filter((s) => s.length !== 36),
  );
  const nombreCorrupto = fc.oneof(
    fc.string({ unit: fc.constantFrom(' ', '\t', '\n') }),
    fc.integer({ min: 201, max: 300 }).map((n) => 'n'.repeat(n)),
  );
  const emailCorrupto = fc.constantFrom('', 'no-es-un-email', 'ana@localhost', 'ana@@example.com', 'ana @example.com');

  test.prop([clienteConHistoria, idCorrupto])('refuses a corrupt id', (cliente, id) => {
    expect(reconstituirCliente({ ...guardar(cliente), id })._unsafeUnwrapErr()).toStrictEqual({
      kind: 'IdInvalido',
      entidad: 'cliente',
      valor: id,
    });
  });

  test.prop([clienteConHistoria, nombreCorrupto])('refuses a corrupt nombre', (cliente, nombre) => {
    const error = reconstituirCliente({ ...guardar(cliente), nombre })._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: 'NombreInvalido', valor: nombre });
  });

  test.prop([clienteConHistoria, emailCorrupto])('refuses a corrupt email', (cliente, email) => {
    expect(reconstituirCliente({ ...guardar(cliente), email })._unsafeUnwrapErr()).toStrictEqual({
      kind: 'EmailInvalido',
      valor: email,
    });
  });
});
