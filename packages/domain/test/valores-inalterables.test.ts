/**
 * What the domain returns cannot be changed from outside: aggregates, their
 * lines and their events are frozen, kept instants are copies, and stored data
 * whose timestamps are not real `Date`s is refused.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Cliente,
  type Confirmacion,
  cambiarDireccionDeEnvio,
  cancelar,
  confirmar,
  crearPedido,
  entregar,
  enviar,
  type Pedido,
  type Producto,
  pagar,
  reconstituirCliente,
  reconstituirPedido,
  reconstituirProducto,
  registrarCliente,
  totalCentavos,
} from '../src/index.ts';
import * as arb from '../src/testing/index.ts';

/** Every object and array reachable from the value is frozen; Dates are not walked into. */
function congeladoHastaElFondo(valor: unknown, camino = 'valor'): string[] {
  if (typeof valor !== 'object' || valor === null || valor instanceof Date) return [];
  const aqui = Object.isFrozen(valor) ? [] : [camino];
  return [
    ...aqui,
    ...Object.entries(valor).flatMap(([clave, hijo]) => congeladoHastaElFondo(hijo, `${camino}.${clave}`)),
  ];
}

/** One value of an arbitrary. */
function valor<T>(arbitrario: fc.Arbitrary<T>): T {
  const [v] = fc.sample(arbitrario, 1);
  if (v === undefined) throw new Error('fc.sample gave no value');
  return v;
}

/** Every Date reachable from the value, with where it was found. */
function instantesDe(valor: unknown, camino = 'valor'): [string, Date][] {
  if (valor instanceof Date) return [[camino, valor]];
  if (typeof valor !== 'object' || valor === null) return [];
  return Object.entries(valor).flatMap(([clave, hijo]) => instantesDe(hijo, `${camino}.${clave}`));
}

describe('operations return values nobody can change', () => {
  test.prop([arb.escenarioDePedido(), arb.instante()])(
    'every pedido, line and event a sequence of commands produces is frozen',
    ({ pedido, productos, comandos }, ahora) => {
      let actual: Pedido = pedido;
      let catalogo: readonly Producto[] = productos;
      expect(congeladoHastaElFondo(actual)).toStrictEqual([]);
      for (const comando of comandos) {
        const resultado = arb.aplicarComando(actual, catalogo, comando, ahora);
        if (resultado.isErr()) continue;
        expect(congeladoHastaElFondo(resultado.value)).toStrictEqual([]);
        actual = resultado.value.pedido;
        if ('productos' in resultado.value) {
          const nuevos = new Map(resultado.value.productos.map((p) => [p.id, p]));
          catalogo = catalogo.map((p) => nuevos.get(p.id) ?? p);
        }
      }
    },
  );

  test.prop([arb.pedido()])('assigning to a pedido or one of its lines throws', (pedido) => {
    expect(() => {
      (pedido as { version: number }).version = 99;
    }).toThrow(TypeError);
    const linea = pedido.lineas[0];
    if (linea !== undefined) {
      expect(() => {
        (linea as { cantidad: number }).cantidad = 0;
      }).toThrow(TypeError);
      expect(() => (pedido.lineas as unknown[]).push(linea)).toThrow(TypeError);
    }
  });

  test.prop([arb.pedidoConProductos()])(
    'a pedido in any state is frozen to the bottom: its pago, envio, cancelacion and direccion too',
    ({ pedido, productos }) => {
      expect(congeladoHastaElFondo(pedido)).toStrictEqual([]);
      expect(productos.flatMap((p) => congeladoHastaElFondo(p))).toStrictEqual([]);
    },
  );

  test.prop([arb.cliente(), arb.producto()])('clientes and productos are frozen too', (cliente, producto) => {
    expect(congeladoHastaElFondo(cliente)).toStrictEqual([]);
    expect(congeladoHastaElFondo(producto)).toStrictEqual([]);
  });
});

describe('kept instants are copies', () => {
  test.prop([arb.pedidoId(), arb.clienteId(), arb.instante()])(
    'changing the Date passed as ahora changes nothing the domain returned',
    (id, clienteId, instante) => {
      const ahora = new Date(instante.getTime());
      const { pedido, eventos } = crearPedido({ id, clienteId, ahora })._unsafeUnwrap();
      ahora.setUTCFullYear(1999);
      for (const [, fecha] of instantesDe({ pedido, eventos })) expect(fecha.getTime()).toBe(instante.getTime());
    },
  );

  test.prop([arb.clienteId(), arb.nombre(), arb.email(), arb.instante()])(
    'no two fields share one Date, so changing one leaves the others',
    (id, nombre, email, ahora) => {
      const cambio = registrarCliente({ id, nombre, email, ahora })._unsafeUnwrap();
      const fechas = instantesDe(cambio).map(([, fecha]) => fecha);
      expect(fechas).toHaveLength(3);
      expect(new Set(fechas).size).toBe(3);
      expect(fechas).not.toContain(ahora);
    },
  );

  test.prop([arb.pedidoEnEstado('confirmado'), arb.instante()])(
    'the instants of every transition are copies: changing ahora afterwards changes nothing',
    ({ pedido, productos }, instante) => {
      const ahora = new Date(instante.getTime());
      const referencia = valor(arb.referenciaDePago());
      const envio = { transportista: valor(arb.transportista()), numeroSeguimiento: valor(arb.numeroDeSeguimiento()) };
      const conDireccion = cambiarDireccionDeEnvio(pedido, valor(arb.direccion()), ahora)._unsafeUnwrap();
      const pagado = pagar(
        conDireccion.pedido,
        { importeCentavos: totalCentavos(pedido), referencia },
        ahora,
      )._unsafeUnwrap();
      const enviado = enviar(pagado.pedido, envio, ahora)._unsafeUnwrap();
      const entregado = entregar(enviado.pedido, ahora)._unsafeUnwrap();
      const cancelado = cancelar(pagado.pedido, productos, {}, ahora)._unsafeUnwrap();
      const todo = { conDireccion, pagado, enviado, entregado, cancelado };
      ahora.setUTCFullYear(1999);
      const permitidos = [instante, ...instantesDe(pedido).map(([, f]) => f)].map((f) => f.getTime());
      const deLosPedidos = Object.values(todo).flatMap(({ pedido, eventos }) => instantesDe({ pedido, eventos }));
      for (const [, fecha] of deLosPedidos) expect(permitidos).toContain(fecha.getTime());
      expect(instantesDe(todo).map(([, f]) => f)).not.toContain(ahora);
      expect(Object.values(todo).flatMap((v) => congeladoHastaElFondo(v))).toStrictEqual([]);
    },
  );

  it('an invalid Date as ahora is a programmer error and throws', () => {
    const ids = fc.sample(fc.tuple(arb.pedidoId(), arb.clienteId()), 1)[0];
    if (ids === undefined) throw new Error('fc.sample gave no value');
    const [id, clienteId] = ids;
    expect(() => crearPedido({ id, clienteId, ahora: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('reconstitution refuses timestamps that are not valid Dates', () => {
  const noFechas = fc.constantFrom<unknown>('2026-01-01T00:00:00.000Z', 0, null, undefined, {}, new Date(Number.NaN));
  const campos = fc.constantFrom('creadoEn', 'actualizadoEn');

  test.prop([arb.pedido(), campos, noFechas])('a pedido', (pedido, campo, valor) => {
    const error = reconstituirPedido({ ...pedido, [campo]: valor as Date })._unsafeUnwrapErr();
    expect(error).toStrictEqual({ kind: 'InstanteInvalido', campo });
  });

  test.prop([arb.pedidoConfirmado(), noFechas.filter((v) => v !== null && v !== undefined)])(
    "a confirmed pedido's confirmadoEn",
    ({ pedido }, valor) => {
      const error = reconstituirPedido({ ...pedido, confirmadoEn: valor as Date })._unsafeUnwrapErr();
      expect(error).toStrictEqual({ kind: 'InstanteInvalido', campo: 'confirmadoEn' });
    },
  );

  test.prop([arb.cliente(), campos, noFechas])('a cliente', (cliente, campo, valor) => {
    const error = reconstituirCliente({ ...cliente, [campo]: valor as Date })._unsafeUnwrapErr();
    expect(error).toStrictEqual({ kind: 'InstanteInvalido', campo });
  });

  test.prop([arb.producto(), campos, noFechas])('a producto', (producto, campo, valor) => {
    const error = reconstituirProducto({ ...producto, [campo]: valor as Date })._unsafeUnwrapErr();
    expect(error).toStrictEqual({ kind: 'InstanteInvalido', campo });
  });

  test.prop([arb.pedido(), arb.cliente()])(
    'a JSON round trip, which turns Dates into strings, is refused',
    (pedido, cliente) => {
      const viaje = <T>(valor: T): T =>
        JSON.parse(JSON.stringify(valor, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as T;
      expect(reconstituirPedido(viaje(pedido))._unsafeUnwrapErr().kind).toBe('InstanteInvalido');
      expect(reconstituirCliente(viaje<Cliente>(cliente))._unsafeUnwrapErr().kind).toBe('InstanteInvalido');
    },
  );

  test.prop([arb.pedido()])('what it rebuilds holds copies of the stored Dates, and is frozen', (pedido) => {
    const guardado = { ...pedido, creadoEn: new Date(pedido.creadoEn.getTime()) };
    const releido = reconstituirPedido(guardado)._unsafeUnwrap();
    guardado.creadoEn.setUTCFullYear(1999);
    expect(releido.creadoEn.getTime()).toBe(pedido.creadoEn.getTime());
    expect(congeladoHastaElFondo(releido)).toStrictEqual([]);
  });
});

describe("a pedido's total has one type", () => {
  test.prop([arb.pedidoEnCarrito().filter(({ pedido }) => pedido.lineas.length > 0), arb.instante()])(
    'PedidoConfirmado carries the bigint that totalCentavos returns',
    ({ pedido, productos }, ahora) => {
      const resultado = confirmar(pedido, productos, ahora);
      fc.pre(resultado.isOk());
      if (resultado.isErr()) return;
      const { pedido: confirmado, eventos }: Confirmacion = resultado.value;
      const evento = eventos.find((e) => e.tipo === 'PedidoConfirmado');
      expect(evento?.totalCentavos).toBe(totalCentavos(confirmado));
      expect(typeof evento?.totalCentavos).toBe('bigint');
    },
  );
});
