/**
 * The value objects: what each smart constructor promises, stated as properties
 * over inputs built from the specification (not from the constructors
 * themselves), plus the examples a reader looks for first.
 */
import { fc, test } from '@fast-check/vitest';
import type { Result } from 'neverthrow';
import { describe, expect } from 'vitest';
import * as arb from '../src/testing/index.ts';
import { Actor, LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA } from '../src/valores/actor.ts';
import { Cantidad } from '../src/valores/cantidad.ts';
import { Descripcion } from '../src/valores/descripcion.ts';
import { Dinero } from '../src/valores/dinero.ts';
import { type DatosDeDireccion, Direccion } from '../src/valores/direccion.ts';
import { Email } from '../src/valores/email.ts';
import { ESTADOS_PEDIDO, ESTADOS_PRODUCTO, EstadoPedido, EstadoProducto } from '../src/valores/estados.ts';
import {
  MetodoDePago,
  MotivoDeCancelacion,
  NumeroDeSeguimiento,
  ReferenciaDePago,
  Transportista,
} from '../src/valores/etiquetas.ts';
import { ClienteId, CuentaId, PedidoId, ProductoId } from '../src/valores/id.ts';
import { Nombre } from '../src/valores/nombre.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const MAX_BIG = BigInt(MAX);

/** Length in Unicode code points, computed independently of the domain's helper. */
const puntosDeCodigo = (texto: string): number => Array.from(texto).length;

/** Whitespace that `String.prototype.trim` removes: ASCII, Unicode spaces, line terminators, BOM. */
const espacio = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2003',
  '\u2028',
  '\u3000',
  '\ufeff',
);
const relleno = fc.string({ unit: espacio, maxLength: 4 });

// ---------------------------------------------------------------- ids

const uuidMinusculas = fc.uuid().map((u) => u.toLowerCase());

/** A UUID together with the same UUID in a random mix of upper and lower case. */
const uuidEnCualquierCaja = uuidMinusculas.chain((u) =>
  fc.mixedCase(fc.constant(u)).map((variante) => ({ canonico: u, variante })),
);

const reemplazarEn = (texto: string, i: number, por: string): string => texto.slice(0, i) + por + texto.slice(i + 1);

/** Strings one small step away from a UUID: none of them is a UUID. */
const casiUuid = fc.oneof(
  // one character fewer
  fc.tuple(uuidMinusculas, fc.nat({ max: 35 })).map(([u, i]) => u.slice(0, i) + u.slice(i + 1)),
  // one hex digit more
  fc
    .tuple(uuidMinusculas, fc.nat({ max: 36 }), fc.constantFrom('0', 'a', 'F'))
    .map(([u, i, c]) => u.slice(0, i) + c + u.slice(i)),
  // a character that is not a hex digit (nor an ASCII digit in disguise)
  fc
    .tuple(uuidMinusculas, fc.nat({ max: 35 }), fc.constantFrom('g', 'G', 'z', ' ', '_', 'é', '٣', '０'))
    .map(([u, i, c]) => reemplazarEn(u, i, c)),
  // a hex digit where a hyphen belongs
  fc
    .tuple(uuidMinusculas, fc.constantFrom(8, 13, 18, 23), fc.constantFrom('0', 'a'))
    .map(([u, i, c]) => reemplazarEn(u, i, c)),
  // hyphens dropped, or wrapped in the usual decorations
  uuidMinusculas.map((u) => u.replaceAll('-', '')),
  fc
    .tuple(uuidMinusculas, fc.constantFrom([' ', ''], ['', ' '], ['', '\n'], ['{', '}'], ['urn:uuid:', '']))
    .map(([u, [antes, despues]]) => antes + u + despues),
);

const fabricasDeId = [
  { entidad: 'cliente', crear: (valor: string): Result<string, unknown> => ClienteId.crear(valor) },
  { entidad: 'producto', crear: (valor: string): Result<string, unknown> => ProductoId.crear(valor) },
  { entidad: 'pedido', crear: (valor: string): Result<string, unknown> => PedidoId.crear(valor) },
  { entidad: 'cuenta', crear: (valor: string): Result<string, unknown> => CuentaId.crear(valor) },
] as const;

for (const { entidad, crear } of fabricasDeId) {
  describe(`the id of a ${entidad}`, () => {
    test('accepts a lower-case UUID as it is', () => {
      expect(crear('0f8fad5b-d9cb-469f-a165-70867728950e')._unsafeUnwrap()).toBe(
        '0f8fad5b-d9cb-469f-a165-70867728950e',
      );
    });

    test('accepts an upper-case UUID and returns it in lower case', () => {
      expect(crear('0F8FAD5B-D9CB-469F-A165-70867728950E')._unsafeUnwrap()).toBe(
        '0f8fad5b-d9cb-469f-a165-70867728950e',
      );
    });

    test('refuses text that is not a UUID, saying which entity and what it got', () => {
      expect(crear('no-es-un-uuid')._unsafeUnwrapErr()).toStrictEqual({
        kind: 'IdInvalido',
        entidad,
        valor: 'no-es-un-uuid',
      });
      expect(crear('')._unsafeUnwrapErr()).toStrictEqual({ kind: 'IdInvalido', entidad, valor: '' });
    });

    test.prop([uuidEnCualquierCaja])(
      'accepts any UUID in any case and returns it in lower case',
      ({ canonico, variante }) => {
        expect(crear(variante)._unsafeUnwrap()).toBe(canonico);
      },
    );

    test.prop([fc.string({ unit: 'grapheme' }).filter((s) => s.length !== 36)])(
      'refuses any text of another length than a UUID',
      (texto) => {
        expect(crear(texto)._unsafeUnwrapErr()).toStrictEqual({ kind: 'IdInvalido', entidad, valor: texto });
      },
    );

    test.prop([casiUuid])('refuses anything one step away from a UUID', (texto) => {
      expect(crear(texto)._unsafeUnwrapErr()).toStrictEqual({ kind: 'IdInvalido', entidad, valor: texto });
    });
  });
}

// ---------------------------------------------------------------- Cantidad and Dinero: construction

/** Any double: fractions, negatives, NaN, the infinities, huge and tiny values. */
const cualquierNumero = fc.oneof(
  fc.double(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.maxSafeInteger(),
  fc.integer({ min: -3, max: 3 }).map((d) => MAX + d),
);
/** Integers that are not safe: every double at or beyond 2^53 is an integer. */
const enteroInseguro = fc.double({ min: 2 ** 53, max: Number.MAX_VALUE, noNaN: true });
const fraccion = fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true });
const noFinito = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const enteroNegativo = fc.oneof(
  fc.integer({ min: -MAX, max: -1 }),
  fc.double({ max: -(2 ** 53), min: -Number.MAX_VALUE, noNaN: true }),
);

const esEnteroSeguroNoNegativo = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX;

type Rechazo = { readonly kind: string; readonly valor: number; readonly motivo: string };

const enteros = [
  {
    nombre: 'Cantidad',
    crear: (valor: number): Result<number, Rechazo> => Cantidad.crear(valor),
    kind: 'CantidadInvalida',
    motivos: { fraccion: 'no-es-entera', negativo: 'negativa', excesivo: 'excesiva' },
  },
  {
    nombre: 'Dinero',
    crear: (valor: number): Result<number, Rechazo> => Dinero.crear(valor),
    kind: 'DineroInvalido',
    motivos: { fraccion: 'no-es-entero', negativo: 'negativo', excesivo: 'excesivo' },
  },
] as const;

for (const { nombre, crear, kind, motivos } of enteros) {
  describe(`${nombre}.crear`, () => {
    test('examples', () => {
      expect(crear(0)._unsafeUnwrap()).toBe(0);
      // toBe compares with Object.is, which tells -0 from 0.
      expect(crear(-0)._unsafeUnwrap()).toBe(0);
      expect(crear(1250)._unsafeUnwrap()).toBe(1250);
      expect(crear(MAX)._unsafeUnwrap()).toBe(MAX);
      expect(crear(12.5)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: 12.5, motivo: motivos.fraccion });
      expect(crear(-1)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: -1, motivo: motivos.negativo });
      expect(crear(MAX + 1)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: MAX + 1, motivo: motivos.excesivo });
    });

    test.prop([fc.maxSafeNat()])('accepts every safe non-negative integer, unchanged', (n) => {
      expect(crear(n)._unsafeUnwrap()).toBe(n);
    });

    test.prop([cualquierNumero])('accepts a number exactly when it is a safe non-negative integer', (n) => {
      expect(crear(n).isOk()).toBe(esEnteroSeguroNoNegativo(n));
    });

    test.prop([fraccion])('refuses a fraction, positive or negative, as not an integer', (n) => {
      expect(crear(n)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: n, motivo: motivos.fraccion });
    });

    test.prop([noFinito])('refuses NaN and the infinities as not an integer', (n) => {
      expect(crear(n)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: n, motivo: motivos.fraccion });
    });

    test.prop([enteroNegativo])('refuses a negative integer, however large, as negative', (n) => {
      expect(crear(n)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: n, motivo: motivos.negativo });
    });

    test.prop([enteroInseguro])('refuses an integer beyond Number.MAX_SAFE_INTEGER as excessive', (n) => {
      expect(crear(n)._unsafeUnwrapErr()).toStrictEqual({ kind, valor: n, motivo: motivos.excesivo });
    });
  });
}

describe('Cantidad.crearPositiva', () => {
  test.prop([fc.integer({ min: 1, max: MAX })])('accepts every safe integer from one up, unchanged', (n) => {
    expect(Cantidad.crearPositiva(n)._unsafeUnwrap()).toBe(n);
  });

  test('refuses zero as not positive', () => {
    expect(Cantidad.crearPositiva(0)._unsafeUnwrapErr()).toStrictEqual({
      kind: 'CantidadInvalida',
      valor: 0,
      motivo: 'debe-ser-positiva',
    });
  });

  test.prop([cualquierNumero])('refuses what Cantidad.crear refuses, with the same error', (n) => {
    const general = Cantidad.crear(n);
    fc.pre(general.isErr());
    expect(Cantidad.crearPositiva(n)._unsafeUnwrapErr()).toStrictEqual(general._unsafeUnwrapErr());
  });
});

// ---------------------------------------------------------------- Cantidad and Dinero: arithmetic

const enteroSeguro = fc.maxSafeNat();

/** Two safe integers, often right at the edge where their sum stops being safe. */
const parParaSumar = fc.oneof(
  fc.tuple(enteroSeguro, enteroSeguro),
  fc.tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 })),
  fc
    .tuple(enteroSeguro, fc.integer({ min: -3, max: 3 }))
    .map(([a, d]): [number, number] => [a, Math.min(MAX, Math.max(0, MAX - a + d))]),
);

/** A price and a quantity, often right at the edge where their product stops being safe. */
const parParaMultiplicar = fc.oneof(
  fc.tuple(enteroSeguro, enteroSeguro),
  fc.tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000 })),
  fc
    .tuple(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: -2, max: 2 }))
    .map(([cantidad, d]): [number, number] => [Math.min(MAX, Math.max(0, Math.floor(MAX / cantidad) + d)), cantidad]),
);

const cantidad = (n: number): Cantidad => Cantidad.crear(n)._unsafeUnwrap();
const dinero = (n: number): Dinero => Dinero.crear(n)._unsafeUnwrap();

describe('Cantidad.sumar', () => {
  test('examples', () => {
    expect(Cantidad.sumar(cantidad(2), cantidad(3))._unsafeUnwrap()).toBe(5);
    expect(Cantidad.sumar(cantidad(MAX - 1), cantidad(1))._unsafeUnwrap()).toBe(MAX);
    expect(Cantidad.sumar(cantidad(MAX), cantidad(1))._unsafeUnwrapErr()).toMatchObject({
      kind: 'CantidadInvalida',
      motivo: 'excesiva',
    });
  });

  test.prop([parParaSumar])('is the exact sum when it is safe, and refuses as excessive otherwise', ([a, b]) => {
    const exacta = BigInt(a) + BigInt(b);
    const suma = Cantidad.sumar(cantidad(a), cantidad(b));
    if (exacta <= MAX_BIG) {
      expect(BigInt(suma._unsafeUnwrap())).toBe(exacta);
    } else {
      const error = suma._unsafeUnwrapErr();
      expect(error.kind).toBe('CantidadInvalida');
      expect(error.motivo).toBe('excesiva');
    }
  });

  test.prop([parParaSumar])('is commutative', ([a, b]) => {
    expect(Cantidad.sumar(cantidad(a), cantidad(b))).toStrictEqual(Cantidad.sumar(cantidad(b), cantidad(a)));
  });
});

describe('Dinero.sumar', () => {
  test('examples', () => {
    expect(Dinero.sumar(dinero(1050), dinero(250))._unsafeUnwrap()).toBe(1300);
    expect(Dinero.sumar(dinero(MAX), Dinero.cero)._unsafeUnwrap()).toBe(MAX);
    expect(Dinero.sumar(dinero(MAX), dinero(1))._unsafeUnwrapErr()).toStrictEqual({ kind: 'ImporteExcesivo' });
  });

  test.prop([parParaSumar])(
    'is the exact sum when it is safe, and refuses with ImporteExcesivo otherwise',
    ([a, b]) => {
      const exacta = BigInt(a) + BigInt(b);
      const suma = Dinero.sumar(dinero(a), dinero(b));
      if (exacta <= MAX_BIG) {
        expect(BigInt(suma._unsafeUnwrap())).toBe(exacta);
      } else {
        expect(suma._unsafeUnwrapErr()).toStrictEqual({ kind: 'ImporteExcesivo' });
      }
    },
  );
});

describe('Dinero.multiplicar', () => {
  test('examples', () => {
    expect(Dinero.multiplicar(dinero(1999), cantidad(3))._unsafeUnwrap()).toBe(5997);
    expect(Dinero.multiplicar(dinero(MAX), cantidad(0))._unsafeUnwrap()).toBe(0);
    expect(Dinero.multiplicar(dinero(MAX), cantidad(1))._unsafeUnwrap()).toBe(MAX);
    // 2^53 - 1 = 6361 × 69431 × 20394401: the largest safe total, reached exactly.
    expect(Dinero.multiplicar(dinero(6361 * 69431), cantidad(20394401))._unsafeUnwrap()).toBe(MAX);
    expect(Dinero.multiplicar(dinero(2 ** 26), cantidad(2 ** 27))._unsafeUnwrapErr()).toStrictEqual({
      kind: 'ImporteExcesivo',
    });
  });

  test.prop([parParaMultiplicar])(
    'is the exact product when it is safe, and refuses with ImporteExcesivo otherwise',
    ([precio, unidades]) => {
      const exacto = BigInt(precio) * BigInt(unidades);
      const total = Dinero.multiplicar(dinero(precio), cantidad(unidades));
      if (exacto <= MAX_BIG) {
        expect(BigInt(total._unsafeUnwrap())).toBe(exacto);
      } else {
        expect(total._unsafeUnwrapErr()).toStrictEqual({ kind: 'ImporteExcesivo' });
      }
    },
  );
});

// ---------------------------------------------------------------- Email

/** Valid addresses in normal form, from fast-check's generator, kept if the domain accepts them. */
const emailNormal = fc
  .emailAddress()
  .map((e) => e.toLowerCase())
  .filter((e) => Email.crear(e).isOk());

/** Text that looks like an address more often than not, in any case and with surrounding space. */
const textoDeEmail = fc.oneof(
  fc.tuple(relleno, fc.mixedCase(fc.emailAddress()), relleno).map(([antes, e, despues]) => antes + e + despues),
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', 'B', '@', '.', '-', ' ', '_', '+', 'K') }),
);

describe('Email', () => {
  test('trims and lower-cases', () => {
    expect(Email.crear('ANA@Example.COM ')._unsafeUnwrap()).toBe('ana@example.com');
    expect(Email.crear('\t ana.garcia+pedidos@Correo.Example.ES\n')._unsafeUnwrap()).toBe(
      'ana.garcia+pedidos@correo.example.es',
    );
  });

  test.each([
    'no-es-un-email',
    '',
    '   ',
    '@example.com',
    'ana@',
    'ana@localhost',
    'ana@@example.com',
    'ana@example..com',
    'ana@example.com.',
    'ana@-example.com',
    'ana@example-.com',
    'ana garcia@example.com',
    'ana@exam ple.com',
    'ana@ejemplo_raro.com',
    'ana@ejémplo.com',
    // Lower-casing would make these ASCII: the Kelvin sign U+212A, and a dotted capital I U+0130.
    'ana@\u212Aiosko.com',
    '\u0130nes@example.com',
  ])('refuses %j, keeping what it got', (texto) => {
    expect(Email.crear(texto)._unsafeUnwrapErr()).toStrictEqual({ kind: 'EmailInvalido', valor: texto });
  });

  test('allows 254 characters and refuses 255', () => {
    const dominio = '@example.com';
    const de254 = 'a'.repeat(254 - dominio.length) + dominio;
    expect(Email.crear(de254)._unsafeUnwrap()).toBe(de254);
    expect(Email.crear(`a${de254}`)._unsafeUnwrapErr()).toStrictEqual({ kind: 'EmailInvalido', valor: `a${de254}` });
  });

  test('allows a domain label of 63 characters and refuses one of 64', () => {
    expect(Email.crear(`ana@${'b'.repeat(63)}.com`).isOk()).toBe(true);
    expect(Email.crear(`ana@${'b'.repeat(64)}.com`).isErr()).toBe(true);
  });

  test.prop([emailNormal.chain((e) => fc.tuple(fc.constant(e), fc.mixedCase(fc.constant(e)))), relleno, relleno])(
    'an address in any case, with space around it, becomes its trimmed lower-case form',
    ([email, variante], antes, despues) => {
      expect(Email.crear(antes + variante + despues)._unsafeUnwrap()).toBe(email);
    },
  );

  test.prop([textoDeEmail])('what it accepts is trimmed, lower-case, at most 254 characters, one @', (texto) => {
    const resultado = Email.crear(texto);
    fc.pre(resultado.isOk());
    const email = resultado._unsafeUnwrap();
    expect(email).toBe(texto.trim().toLowerCase());
    expect(email).toBe(email.trim());
    expect(email).toBe(email.toLowerCase());
    expect(email.length).toBeLessThanOrEqual(254);
    expect(email.split('@')).toHaveLength(2);
    expect(email.split('@')[1]).toContain('.');
  });

  test.prop([textoDeEmail])('normalising is idempotent', (texto) => {
    const primera = Email.crear(texto);
    fc.pre(primera.isOk());
    const email = primera._unsafeUnwrap();
    expect(Email.crear(email)._unsafeUnwrap()).toBe(email);
  });

  test.prop([fc.emailAddress().chain((e) => fc.tuple(fc.mixedCase(fc.constant(e)), fc.mixedCase(fc.constant(e))))])(
    'addresses that differ only in case are equal, or both refused',
    ([una, otra]) => {
      const a = Email.crear(una);
      const b = Email.crear(otra);
      expect(a.isOk()).toBe(b.isOk());
      if (a.isOk()) expect(a._unsafeUnwrap()).toBe(b._unsafeUnwrap());
    },
  );

  test.prop([textoDeEmail])('a refusal carries the text as it was given', (texto) => {
    const resultado = Email.crear(texto);
    fc.pre(resultado.isErr());
    expect(resultado._unsafeUnwrapErr()).toStrictEqual({ kind: 'EmailInvalido', valor: texto });
  });

  test.prop([emailNormal])('an address without its @ is refused', (email) => {
    const sinArroba = email.replace('@', '');
    expect(Email.crear(sinArroba)._unsafeUnwrapErr()).toStrictEqual({ kind: 'EmailInvalido', valor: sinArroba });
  });

  test.prop([emailNormal.chain((e) => fc.tuple(fc.constant(e), fc.integer({ min: 1, max: e.length - 1 }), espacio))])(
    'an address with whitespace inside it is refused',
    ([email, i, blanco]) => {
      const partido = email.slice(0, i) + blanco + email.slice(i);
      expect(Email.crear(partido).isErr()).toBe(true);
    },
  );

  test.prop([fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.stringMatching(/^[a-z0-9]{1,20}$/)])(
    'an address whose domain has no dot is refused',
    (local, dominio) => {
      expect(Email.crear(`${local}@${dominio}`).isErr()).toBe(true);
    },
  );
});

// ---------------------------------------------------------------- Nombre

/** Characters that are one code point each; the emoji and 𝔸 take two UTF-16 units. */
const letra = fc.constantFrom('a', 'Z', 'ñ', 'é', '字', 'ß', '😀', '𝔸');
const textoDeLetras = (longitud: number): fc.Arbitrary<string> =>
  fc.array(letra, { minLength: longitud, maxLength: longitud }).map((letras) => letras.join(''));

/** A trimmed, non-empty text of at most 200 code points, any script. */
const nucleo = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() === s && s.length > 0 && puntosDeCodigo(s) <= 200);

describe('Nombre', () => {
  test('examples', () => {
    expect(Nombre.crear('  Ana García ')._unsafeUnwrap()).toBe('Ana García');
    expect(Nombre.crear('A')._unsafeUnwrap()).toBe('A');
    expect(Nombre.crear('')._unsafeUnwrapErr()).toStrictEqual({ kind: 'NombreInvalido', valor: '', motivo: 'vacio' });
    expect(Nombre.crear(' \t\n')._unsafeUnwrapErr()).toStrictEqual({
      kind: 'NombreInvalido',
      valor: ' \t\n',
      motivo: 'vacio',
    });
  });

  test.prop([
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\u0007', '\n', '\t', '\u007f', '\u009f', '\ud800', '\udfff'),
    fc.string({ maxLength: 10 }),
  ])('refuses a control character or a lone surrogate inside the name', (antes, malo, despues) => {
    const valor = `x${antes}${malo}${despues}x`;
    expect(Nombre.crear(valor)._unsafeUnwrapErr()).toMatchObject({ kind: 'NombreInvalido', valor });
  });

  test('accepts characters outside the BMP, whose surrogates come in pairs', () => {
    expect(Nombre.crear('Café 😀 字')._unsafeUnwrap()).toBe('Café 😀 字');
  });

  test('allows 200 characters and refuses 201', () => {
    expect(Nombre.crear('a'.repeat(200))._unsafeUnwrap()).toBe('a'.repeat(200));
    expect(Nombre.crear(`  ${'a'.repeat(200)}  `)._unsafeUnwrap()).toBe('a'.repeat(200));
    expect(Nombre.crear('a'.repeat(201))._unsafeUnwrapErr()).toStrictEqual({
      kind: 'NombreInvalido',
      valor: 'a'.repeat(201),
      motivo: 'demasiado-largo',
    });
  });

  test('counts code points, not UTF-16 units: 200 emoji are 200 characters', () => {
    expect(Nombre.crear('😀'.repeat(200))._unsafeUnwrap()).toBe('😀'.repeat(200));
    expect(Nombre.crear('😀'.repeat(201))._unsafeUnwrapErr()).toMatchObject({ motivo: 'demasiado-largo' });
  });

  test.prop([nucleo, relleno, relleno])(
    'trims the space around a name and keeps the rest as written',
    (nombre, antes, despues) => {
      expect(Nombre.crear(antes + nombre + despues)._unsafeUnwrap()).toBe(nombre);
    },
  );

  test.prop([fc.integer({ min: 1, max: 200 }).chain(textoDeLetras)])('accepts 1 to 200 code points', (nombre) => {
    expect(Nombre.crear(nombre)._unsafeUnwrap()).toBe(nombre);
  });

  test.prop([fc.integer({ min: 201, max: 400 }).chain(textoDeLetras)])(
    'refuses more than 200 code points as too long',
    (nombre) => {
      expect(Nombre.crear(nombre)._unsafeUnwrapErr()).toStrictEqual({
        kind: 'NombreInvalido',
        valor: nombre,
        motivo: 'demasiado-largo',
      });
    },
  );

  test.prop([fc.string({ unit: espacio })])('refuses text that is empty or only whitespace', (texto) => {
    expect(Nombre.crear(texto)._unsafeUnwrapErr()).toStrictEqual({
      kind: 'NombreInvalido',
      valor: texto,
      motivo: 'vacio',
    });
  });

  test.prop([fc.oneof(fc.string({ unit: 'grapheme', maxLength: 250 }), fc.string({ unit: espacio }))])(
    'accepts exactly the texts of 1 to 200 code points once trimmed',
    (texto) => {
      const recortado = texto.trim();
      const esperado = recortado.length > 0 && puntosDeCodigo(recortado) <= 200;
      const resultado = Nombre.crear(texto);
      expect(resultado.isOk()).toBe(esperado);
      if (esperado) expect(resultado._unsafeUnwrap()).toBe(recortado);
    },
  );

  test.prop([fc.string({ unit: 'grapheme', maxLength: 60 })])('normalising is idempotent', (texto) => {
    const primera = Nombre.crear(texto);
    fc.pre(primera.isOk());
    const nombre = primera._unsafeUnwrap();
    expect(Nombre.crear(nombre)._unsafeUnwrap()).toBe(nombre);
  });
});

// ---------------------------------------------------------------- Descripcion

describe('Descripcion', () => {
  test('keeps line breaks and tabs, refuses NUL and lone surrogates', () => {
    expect(Descripcion.crear('uno\n\tdos')._unsafeUnwrap()).toBe('uno\n\tdos');
    for (const malo of ['a\u0000b', 'a\ud800', '\udc00b']) {
      expect(Descripcion.crear(malo)._unsafeUnwrapErr()).toStrictEqual({
        kind: 'DescripcionInvalida',
        motivo: 'caracteres-invalidos',
      });
    }
  });

  test('examples', () => {
    expect(Descripcion.crear(null)._unsafeUnwrap()).toBeNull();
    expect(Descripcion.crear('')._unsafeUnwrap()).toBe('');
    expect(Descripcion.crear('  Café de Colombia, 500 g\n')._unsafeUnwrap()).toBe('  Café de Colombia, 500 g\n');
    expect(Descripcion.crear('x'.repeat(2000))._unsafeUnwrap()).toBe('x'.repeat(2000));
    expect(Descripcion.crear('x'.repeat(2001))._unsafeUnwrapErr()).toStrictEqual({
      kind: 'DescripcionInvalida',
      motivo: 'demasiado-larga',
    });
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 300 })])(
    'keeps any text of at most 2000 code points exactly as written',
    (texto) => {
      fc.pre(puntosDeCodigo(texto) <= 2000);
      expect(Descripcion.crear(texto)._unsafeUnwrap()).toBe(texto);
    },
  );

  test.prop([fc.integer({ min: 1990, max: 2010 }).chain(textoDeLetras)])(
    'accepts up to 2000 code points and refuses more, counting an emoji as one',
    (texto) => {
      const resultado = Descripcion.crear(texto);
      if (puntosDeCodigo(texto) <= 2000) {
        expect(resultado._unsafeUnwrap()).toBe(texto);
      } else {
        expect(resultado._unsafeUnwrapErr()).toStrictEqual({ kind: 'DescripcionInvalida', motivo: 'demasiado-larga' });
      }
    },
  );
});

// ---------------------------------------------------------------- estados

const textoDeEstado = fc.oneof(
  fc.constantFrom(
    'carrito',
    'confirmado',
    'pagado',
    'cancelado',
    'Entregado',
    'activo',
    'inactivo',
    'Carrito',
    'CONFIRMADO',
    ' activo',
    'inactivo ',
    '',
    'toString',
    'constructor',
    '__proto__',
    'length',
  ),
  fc.string(),
);

describe('EstadoPedido', () => {
  test('the states of a pedido are the six of its lifecycle', () => {
    expect(ESTADOS_PEDIDO).toStrictEqual(['carrito', 'confirmado', 'pagado', 'enviado', 'entregado', 'cancelado']);
  });

  test.prop([textoDeEstado])('accepts exactly those six, as written', (texto) => {
    const resultado = EstadoPedido.crear(texto);
    if ((ESTADOS_PEDIDO as readonly string[]).includes(texto)) {
      expect(resultado._unsafeUnwrap()).toBe(texto);
    } else {
      expect(resultado._unsafeUnwrapErr()).toStrictEqual({ kind: 'EstadoInvalido', de: 'pedido', valor: texto });
    }
  });
});

describe('EstadoProducto', () => {
  test('the states of a producto are activo and inactivo', () => {
    expect(ESTADOS_PRODUCTO).toStrictEqual(['activo', 'inactivo']);
  });

  test.prop([textoDeEstado])('accepts exactly activo and inactivo, as written', (texto) => {
    const resultado = EstadoProducto.crear(texto);
    if (texto === 'activo' || texto === 'inactivo') {
      expect(resultado._unsafeUnwrap()).toBe(texto);
    } else {
      expect(resultado._unsafeUnwrapErr()).toStrictEqual({ kind: 'EstadoInvalido', de: 'producto', valor: texto });
    }
  });
});

describe('Direccion', () => {
  const valida: DatosDeDireccion = {
    destinatario: '  Ana Pérez ',
    linea1: 'Calle Mayor 1',
    linea2: null,
    ciudad: 'Madrid',
    region: null,
    codigoPostal: ' 28013 ',
    pais: 'es',
  };

  test('trims every line and upper-cases the country code', () => {
    expect(Direccion.crear(valida)._unsafeUnwrap()).toStrictEqual({
      ...valida,
      destinatario: 'Ana Pérez',
      codigoPostal: '28013',
      pais: 'ES',
    });
  });

  test('refuses each field by its own rule, naming it', () => {
    const motivo = (cambio: Partial<DatosDeDireccion>) => {
      const error = Direccion.crear({ ...valida, ...cambio })._unsafeUnwrapErr();
      return [error.campo, error.motivo];
    };
    expect(motivo({ destinatario: '   ' })).toEqual(['destinatario', 'vacio']);
    expect(motivo({ linea1: 'x'.repeat(201) })).toEqual(['linea1', 'demasiado-largo']);
    expect(motivo({ linea2: '' })).toEqual(['linea2', 'vacio']);
    expect(motivo({ ciudad: 'a\nb' })).toEqual(['ciudad', 'caracteres-invalidos']);
    expect(motivo({ region: 'x'.repeat(201) })).toEqual(['region', 'demasiado-largo']);
    expect(motivo({ codigoPostal: '1'.repeat(21) })).toEqual(['codigoPostal', 'demasiado-largo']);
    for (const pais of ['', 'E', 'ESP', 'e1', 'ñe', 'É', '  '])
      expect(motivo({ pais })).toEqual(['pais', 'no-es-un-codigo-de-pais']);
  });

  test('allows 200 characters in a line and 20 in a postal code', () => {
    const d = Direccion.crear({ ...valida, linea1: '字'.repeat(200), codigoPostal: '9'.repeat(20) });
    expect(d.isOk()).toBe(true);
  });

  test.prop([
    fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
      minLength: 2,
      maxLength: 2,
    }),
  ])('accepts any two ASCII letters as a country, in any case, and stores them upper-case', (pais) => {
    expect(Direccion.crear({ ...valida, pais })._unsafeUnwrap().pais).toBe(pais.toUpperCase());
  });

  test.prop([fc.string({ maxLength: 4 }).filter((s) => !/^\s*[A-Za-z]{2}\s*$/.test(s))])(
    'refuses anything else as a country',
    (pais) => {
      expect(Direccion.crear({ ...valida, pais })._unsafeUnwrapErr().campo).toBe('pais');
    },
  );

  test('iguales compares field by field', () => {
    const a = Direccion.crear(valida)._unsafeUnwrap();
    const b = Direccion.crear({ ...valida, destinatario: 'Ana Pérez' })._unsafeUnwrap();
    const c = Direccion.crear({ ...valida, linea2: 'Piso 2' })._unsafeUnwrap();
    expect(Direccion.iguales(a, b)).toBe(true);
    expect(Direccion.iguales(a, c)).toBe(false);
  });
});

describe('the short texts of the lifecycle', () => {
  const constructores = [
    ['referencia', ReferenciaDePago.crear],
    ['metodo', MetodoDePago.crear],
    ['transportista', Transportista.crear],
    ['numeroSeguimiento', NumeroDeSeguimiento.crear],
  ] as const;

  test('each is 1 to 100 characters once trimmed, with no control character', () => {
    for (const [campo, crear] of constructores) {
      expect(crear('  AB-12 ')._unsafeUnwrap()).toBe('AB-12');
      expect(crear('😀'.repeat(100)).isOk()).toBe(true);
      expect(crear('x'.repeat(101))._unsafeUnwrapErr()).toStrictEqual({
        kind: 'TextoInvalido',
        campo,
        valor: 'x'.repeat(101),
        motivo: 'demasiado-largo',
      });
      expect(crear(' ')._unsafeUnwrapErr().motivo).toBe('vacio');
      expect(crear('a\tb')._unsafeUnwrapErr().motivo).toBe('caracteres-invalidos');
    }
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 120 })])(
    'what they accept is trimmed and within its limit',
    (texto) => {
      for (const [, crear] of constructores) {
        const r = crear(texto);
        if (r.isOk()) {
          expect(r.value).toBe(r.value.trim());
          expect(puntosDeCodigo(r.value)).toBeGreaterThanOrEqual(1);
          expect(puntosDeCodigo(r.value)).toBeLessThanOrEqual(100);
        }
      }
    },
  );
});

describe('MotivoDeCancelacion', () => {
  test('is up to 500 characters, line breaks allowed; blank or absent is no reason', () => {
    expect(MotivoDeCancelacion.crear(null)._unsafeUnwrap()).toBeNull();
    expect(MotivoDeCancelacion.crear('   ')._unsafeUnwrap()).toBeNull();
    expect(MotivoDeCancelacion.crear(' no lo quiero\nya ')._unsafeUnwrap()).toBe('no lo quiero\nya');
    expect(MotivoDeCancelacion.crear('x'.repeat(500)).isOk()).toBe(true);
    expect(MotivoDeCancelacion.crear('x'.repeat(501))._unsafeUnwrapErr()).toMatchObject({
      kind: 'TextoInvalido',
      campo: 'motivo',
      motivo: 'demasiado-largo',
    });
    expect(MotivoDeCancelacion.crear('a\u0000b')._unsafeUnwrapErr().motivo).toBe('caracteres-invalidos');
  });
});

// ---------------------------------------------------------------- Actor

/** The rule of a system name, written without a regular expression: hyphen-separated words of a–z and 0–9. */
function esNombreDeSistema(texto: string): boolean {
  return (
    texto.length <= LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA &&
    texto
      .split('-')
      .every(
        (palabra) =>
          palabra.length > 0 && [...palabra].every((c) => 'abcdefghijklmnopqrstuvwxyz0123456789'.includes(c)),
      )
  );
}

const minusculaODigito = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
/** Text made mostly of what a system name is made of, so that both sides of the rule are reached. */
const casiNombreDeSistema = fc.string({
  unit: fc.oneof({ weight: 6, arbitrary: minusculaODigito }, fc.constantFrom('-', '-', 'A', 'ñ', ' ', '_', '\n')),
  maxLength: LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA + 2,
});

describe('Actor', () => {
  const cuentaId = CuentaId.crear('6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f')._unsafeUnwrap();
  const clienteId = ClienteId.crear('5b1e7c9a-3f2d-4e8b-9a61-0c7d2e4f8b13')._unsafeUnwrap();

  test('has one value for anonymous, and one constructor for each kind of account and for the system', () => {
    expect(Actor.anonimo).toStrictEqual({ tipo: 'anonimo' });
    expect(Actor.cliente({ cuentaId, clienteId })).toStrictEqual({ tipo: 'cliente', cuentaId, clienteId });
    expect(Actor.personal(cuentaId)).toStrictEqual({ tipo: 'personal', cuentaId });
    expect(Actor.sistema('webhook-de-pagos')).toStrictEqual({ tipo: 'sistema', nombre: 'webhook-de-pagos' });
  });

  test('system names are lower-case ASCII words joined by hyphens, up to the limit', () => {
    expect(Actor.sistema('a').nombre).toBe('a');
    expect(Actor.sistema('plazo-de-pago-2').nombre).toBe('plazo-de-pago-2');
    expect(Actor.sistema('x'.repeat(LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA)).nombre).toHaveLength(
      LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA,
    );
    for (const mal of ['', 'Webhook', 'webhook de pagos', '-webhook', 'webhook-', 'web--hook', 'pagos_2', 'señal']) {
      expect(() => Actor.sistema(mal), mal).toThrow(RangeError);
    }
    expect(() => Actor.sistema('x'.repeat(LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA + 1))).toThrow(RangeError);
  });

  test.prop([casiNombreDeSistema])('a system name is accepted, as it is, exactly when it follows the rule', (texto) => {
    if (esNombreDeSistema(texto)) expect(Actor.sistema(texto).nombre).toBe(texto);
    else expect(() => Actor.sistema(texto)).toThrow(RangeError);
  });

  test.prop([arb.actor()])('every actor is frozen', (actor) => {
    expect(Object.isFrozen(actor)).toBe(true);
    expect(() => {
      (actor as { tipo: string }).tipo = 'personal';
    }).toThrow(TypeError);
  });

  test('the arbitrary reaches every kind of actor', () => {
    const tipos = new Set(fc.sample(arb.actor(), 200).map((actor) => actor.tipo));
    expect([...tipos].sort()).toStrictEqual(['anonimo', 'cliente', 'personal', 'sistema']);
  });
});
