/**
 * The Producto aggregate: stock never goes below zero and is never clamped,
 * each change records what happened, a change to the same value is no change,
 * and nothing it is given is ever touched.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  activarProducto,
  type CambiosDeProducto,
  cambiarDescripcion,
  cambiarEstadoDeProducto,
  cambiarPrecio,
  crearProducto,
  desactivarProducto,
  descontarStock,
  type EventoDeProducto,
  fijarStock,
  modificarProducto,
  type Producto,
  type ProductoGuardado,
  reconstituirProducto,
  renombrarProducto,
  reponerStock,
} from '../src/producto/producto.ts';
import * as arb from '../src/testing/index.ts';
import { Cantidad } from '../src/valores/cantidad.ts';
import { Descripcion } from '../src/valores/descripcion.ts';
import { Dinero } from '../src/valores/dinero.ts';
import { ProductoId } from '../src/valores/id.ts';
import { Nombre } from '../src/valores/nombre.ts';
import { sinMutar } from './inmutabilidad.ts';

const MAX = Number.MAX_SAFE_INTEGER;

const cantidad = (n: number): Cantidad => Cantidad.crear(n)._unsafeUnwrap();
const dinero = (n: number): Dinero => Dinero.crear(n)._unsafeUnwrap();

/** Productos with small stock, so that shortages are common, and some with stock near the limit. */
const producto = fc.oneof(arb.producto(), arb.producto({ stock: { min: 0, max: MAX } }));

/** A producto that was created and then changed, so that creadoEn and actualizadoEn differ. */
const productoConHistoria = fc
  .tuple(producto, fc.option(fc.tuple(arb.nombre(), arb.dinero({ max: 1_000_000 }), arb.instante()), { nil: null }))
  .map(([p, cambio]) =>
    cambio === null
      ? p
      : modificarProducto(p, { nombre: cambio[0], precio: cambio[1] }, cambio[2])._unsafeUnwrap().producto,
  );

/** A producto and an amount: up to a few units beyond its stock, or anything at all. */
const productoYCantidad = producto.chain((p) =>
  fc.tuple(
    fc.constant(p),
    fc.oneof(arb.cantidad({ min: 0, max: Math.min(MAX, p.stock + 3) }), arb.cantidad(), fc.constant(p.stock)),
    arb.instante(),
  ),
);

const cafe = (): Producto =>
  crearProducto({
    id: ProductoId.crear('7a3d2c1b-0e9f-4a8b-8c7d-6e5f4a3b2c1d')._unsafeUnwrap(),
    nombre: Nombre.crear('Café de Colombia')._unsafeUnwrap(),
    precio: dinero(1250),
    stock: cantidad(5),
    ahora: new Date('2024-01-01T10:00:00Z'),
  })._unsafeUnwrap().producto;

const despues = new Date('2024-02-01T10:00:00Z');

describe('crearProducto', () => {
  test('example: stock 0, activo and no description unless given', () => {
    const ahora = new Date('2024-01-01T10:00:00Z');
    const id = ProductoId.crear('7A3D2C1B-0E9F-4A8B-8C7D-6E5F4A3B2C1D')._unsafeUnwrap();
    const { producto, eventos } = crearProducto({
      id,
      nombre: Nombre.crear('Té verde')._unsafeUnwrap(),
      precio: dinero(800),
      ahora,
    })._unsafeUnwrap();
    expect(producto).toStrictEqual({
      id: '7a3d2c1b-0e9f-4a8b-8c7d-6e5f4a3b2c1d',
      nombre: 'Té verde',
      descripcion: null,
      precio: 800,
      stock: 0,
      estado: 'activo',
      creadoEn: ahora,
      actualizadoEn: ahora,
    });
    expect(eventos).toStrictEqual([
      {
        tipo: 'ProductoCreado',
        productoId: id,
        nombre: 'Té verde',
        descripcion: null,
        precio: 800,
        stock: 0,
        estado: 'activo',
        ocurridoEn: ahora,
      },
    ]);
  });

  const datosDeProducto = fc.record(
    {
      id: arb.productoId(),
      nombre: arb.nombre(),
      descripcion: arb.descripcion(),
      precio: arb.dinero(),
      stock: arb.cantidad(),
      estado: arb.estadoProducto(),
      ahora: arb.instante(),
    },
    { requiredKeys: ['id', 'nombre', 'precio', 'ahora'], noNullPrototype: true },
  );

  test.prop([datosDeProducto])(
    'takes what is given, defaults the rest (no description, stock 0, activo) and records ProductoCreado',
    (datos) => {
      const { producto, eventos } = sinMutar(datos, crearProducto)._unsafeUnwrap();
      const esperado: Producto = {
        id: datos.id,
        nombre: datos.nombre,
        descripcion: datos.descripcion === undefined ? null : datos.descripcion,
        precio: datos.precio,
        stock: datos.stock === undefined ? Cantidad.cero : datos.stock,
        estado: datos.estado === undefined ? 'activo' : datos.estado,
        creadoEn: datos.ahora,
        actualizadoEn: datos.ahora,
      };
      expect(producto).toStrictEqual(esperado);
      const { id: productoId, nombre, descripcion, precio, stock, estado } = esperado;
      expect(eventos).toStrictEqual([
        { tipo: 'ProductoCreado', productoId, nombre, descripcion, precio, stock, estado, ocurridoEn: datos.ahora },
      ]);
    },
  );
});

describe('descontarStock', () => {
  test('example: takes units out, and refuses when there are not enough', () => {
    const p = cafe();
    const { producto, eventos } = descontarStock(p, cantidad(3), despues)._unsafeUnwrap();
    expect(producto).toStrictEqual({ ...p, stock: 2, actualizadoEn: despues });
    expect(eventos).toStrictEqual([
      { tipo: 'StockDescontado', productoId: p.id, cantidad: 3, stock: 2, ocurridoEn: despues },
    ]);
    expect(descontarStock(p, cantidad(6), despues)._unsafeUnwrapErr()).toStrictEqual({
      kind: 'StockInsuficiente',
      faltantes: [{ productoId: p.id, solicitado: 6, disponible: 5 }],
    });
  });

  test.prop([productoYCantidad])(
    'refuses, never clamps, when asked for more than there is; otherwise leaves exactly stock - cantidad',
    ([producto, unidades, ahora]) => {
      const resultado = sinMutar(producto, (p) => descontarStock(p, unidades, ahora));
      if (unidades > producto.stock) {
        expect(resultado._unsafeUnwrapErr()).toStrictEqual({
          kind: 'StockInsuficiente',
          faltantes: [{ productoId: producto.id, solicitado: unidades, disponible: producto.stock }],
        });
        return;
      }
      const cambio = resultado._unsafeUnwrap();
      if (unidades === 0) {
        expect(cambio.producto).toBe(producto);
        expect(cambio.eventos).toStrictEqual([]);
        return;
      }
      const stock = producto.stock - unidades;
      expect(stock).toBeGreaterThanOrEqual(0);
      expect(cambio.producto).toStrictEqual({ ...producto, stock, actualizadoEn: ahora });
      expect(cambio.eventos).toStrictEqual([
        { tipo: 'StockDescontado', productoId: producto.id, cantidad: unidades, stock, ocurridoEn: ahora },
      ]);
    },
  );

  test.prop([productoYCantidad])('the stock left is never negative', ([producto, unidades, ahora]) => {
    const resultado = descontarStock(producto, unidades, ahora);
    expect(resultado.isOk()).toBe(unidades <= producto.stock);
    if (resultado.isOk()) expect(resultado.value.producto.stock).toBeGreaterThanOrEqual(0);
  });
});

describe('reponerStock', () => {
  test('example', () => {
    const p = cafe();
    expect(reponerStock(p, cantidad(10), despues)._unsafeUnwrap()).toStrictEqual({
      producto: { ...p, stock: 15, actualizadoEn: despues },
      eventos: [{ tipo: 'StockRepuesto', productoId: p.id, cantidad: 10, stock: 15, ocurridoEn: despues }],
    });
  });

  test.prop([productoYCantidad])(
    'adds exactly the units that arrived, or refuses when the stock would not be safe',
    ([producto, unidades, ahora]) => {
      const resultado = sinMutar(producto, (p) => reponerStock(p, unidades, ahora));
      if (unidades === 0) {
        expect(resultado._unsafeUnwrap().producto).toBe(producto);
        expect(resultado._unsafeUnwrap().eventos).toStrictEqual([]);
        return;
      }
      const exacto = BigInt(producto.stock) + BigInt(unidades);
      if (exacto > BigInt(MAX)) {
        expect(resultado._unsafeUnwrapErr()).toMatchObject({ kind: 'CantidadInvalida', motivo: 'excesiva' });
        return;
      }
      const stock = Number(exacto);
      expect(resultado._unsafeUnwrap()).toStrictEqual({
        producto: { ...producto, stock, actualizadoEn: ahora },
        eventos: [{ tipo: 'StockRepuesto', productoId: producto.id, cantidad: unidades, stock, ocurridoEn: ahora }],
      });
    },
  );

  test.prop([arb.producto(), arb.cantidad({ max: 1_000_000 }), arb.instante(), arb.instante()])(
    'reponer then descontar of the same amount restores the stock',
    (producto, unidades, t1, t2) => {
      const repuesto = reponerStock(producto, unidades, t1)._unsafeUnwrap().producto;
      const descontado = descontarStock(repuesto, unidades, t2)._unsafeUnwrap().producto;
      expect(descontado.stock).toBe(producto.stock);
      expect(descontado).toStrictEqual({
        ...producto,
        actualizadoEn: unidades === 0 ? producto.actualizadoEn : t2,
      });
    },
  );

  test.prop([productoYCantidad, arb.instante()])(
    'descontar then reponer of the same amount restores the stock',
    ([producto, unidades, t1], t2) => {
      fc.pre(unidades <= producto.stock);
      const descontado = descontarStock(producto, unidades, t1)._unsafeUnwrap().producto;
      expect(reponerStock(descontado, unidades, t2)._unsafeUnwrap().producto.stock).toBe(producto.stock);
    },
  );
});

describe('fijarStock', () => {
  test.prop([
    producto.chain((p) => fc.tuple(fc.constant(p), fc.oneof(fc.constant(p.stock), arb.cantidad()), arb.instante())),
  ])('sets the stock to the counted figure and records the one before', ([producto, stock, ahora]) => {
    const cambio = sinMutar(producto, (p) => fijarStock(p, stock, ahora))._unsafeUnwrap();
    if (stock === producto.stock) {
      expect(cambio.producto).toBe(producto);
      expect(cambio.eventos).toStrictEqual([]);
    } else {
      expect(cambio.producto).toStrictEqual({ ...producto, stock, actualizadoEn: ahora });
      expect(cambio.eventos).toStrictEqual([
        { tipo: 'StockFijado', productoId: producto.id, stockAnterior: producto.stock, stock, ocurridoEn: ahora },
      ]);
    }
  });
});

describe('activar, desactivar and cambiarEstadoDeProducto', () => {
  test('example', () => {
    const p = cafe();
    const inactivo = desactivarProducto(p, despues)._unsafeUnwrap();
    expect(inactivo).toStrictEqual({
      producto: { ...p, estado: 'inactivo', actualizadoEn: despues },
      eventos: [{ tipo: 'ProductoDesactivado', productoId: p.id, ocurridoEn: despues }],
    });
    expect(activarProducto(p, despues)._unsafeUnwrap()).toStrictEqual({ producto: p, eventos: [] });
  });

  test.prop([productoConHistoria, arb.instante()])(
    'activar: activo afterwards, an event only if it was not',
    (producto, ahora) => {
      const cambio = sinMutar(producto, (p) => activarProducto(p, ahora))._unsafeUnwrap();
      if (producto.estado === 'activo') {
        expect(cambio.producto).toBe(producto);
        expect(cambio.eventos).toStrictEqual([]);
      } else {
        expect(cambio.producto).toStrictEqual({ ...producto, estado: 'activo', actualizadoEn: ahora });
        expect(cambio.eventos).toStrictEqual([
          { tipo: 'ProductoActivado', productoId: producto.id, ocurridoEn: ahora },
        ]);
      }
    },
  );

  test.prop([productoConHistoria, arb.instante()])(
    'desactivar: inactivo afterwards, an event only if it was not',
    (producto, ahora) => {
      const cambio = sinMutar(producto, (p) => desactivarProducto(p, ahora))._unsafeUnwrap();
      if (producto.estado === 'inactivo') {
        expect(cambio.producto).toBe(producto);
        expect(cambio.eventos).toStrictEqual([]);
      } else {
        expect(cambio.producto).toStrictEqual({ ...producto, estado: 'inactivo', actualizadoEn: ahora });
        expect(cambio.eventos).toStrictEqual([
          { tipo: 'ProductoDesactivado', productoId: producto.id, ocurridoEn: ahora },
        ]);
      }
    },
  );

  test.prop([productoConHistoria, arb.estadoProducto(), arb.instante(), arb.instante()])(
    'cambiarEstadoDeProducto reaches the state asked for, and a second time changes nothing',
    (producto, estado, t1, t2) => {
      const primero = sinMutar(producto, (p) => cambiarEstadoDeProducto(p, estado, t1))._unsafeUnwrap();
      expect(primero.producto.estado).toBe(estado);
      expect(primero.eventos).toHaveLength(estado === producto.estado ? 0 : 1);
      expect(primero.eventos.map((e) => e.tipo)).toStrictEqual(
        estado === producto.estado ? [] : [estado === 'activo' ? 'ProductoActivado' : 'ProductoDesactivado'],
      );
      const segundo = cambiarEstadoDeProducto(primero.producto, estado, t2)._unsafeUnwrap();
      expect(segundo.producto).toBe(primero.producto);
      expect(segundo.eventos).toStrictEqual([]);
    },
  );
});

describe('cambiarPrecio', () => {
  test('example', () => {
    const p = cafe();
    expect(cambiarPrecio(p, dinero(1400), despues)._unsafeUnwrap()).toStrictEqual({
      producto: { ...p, precio: 1400, actualizadoEn: despues },
      eventos: [{ tipo: 'PrecioCambiado', productoId: p.id, precioAnterior: 1250, precio: 1400, ocurridoEn: despues }],
    });
  });

  test.prop([
    productoConHistoria.chain((p) =>
      fc.tuple(fc.constant(p), fc.oneof(fc.constant(p.precio), arb.dinero()), arb.instante()),
    ),
  ])('sets the new price and records the one before', ([producto, precio, ahora]) => {
    const cambio = sinMutar(producto, (p) => cambiarPrecio(p, precio, ahora))._unsafeUnwrap();
    if (precio === producto.precio) {
      expect(cambio.producto).toBe(producto);
      expect(cambio.eventos).toStrictEqual([]);
    } else {
      expect(cambio.producto).toStrictEqual({ ...producto, precio, actualizadoEn: ahora });
      expect(cambio.eventos).toStrictEqual([
        { tipo: 'PrecioCambiado', productoId: producto.id, precioAnterior: producto.precio, precio, ocurridoEn: ahora },
      ]);
    }
  });
});

describe('renombrarProducto and cambiarDescripcion', () => {
  test.prop([
    productoConHistoria.chain((p) =>
      fc.tuple(fc.constant(p), fc.oneof(fc.constant(p.nombre), arb.nombre()), arb.instante()),
    ),
  ])('renombrar records ProductoRenombrado only when the name changes', ([producto, nombre, ahora]) => {
    const cambio = sinMutar(producto, (p) => renombrarProducto(p, nombre, ahora))._unsafeUnwrap();
    if (nombre === producto.nombre) {
      expect(cambio.producto).toBe(producto);
      expect(cambio.eventos).toStrictEqual([]);
    } else {
      expect(cambio.producto).toStrictEqual({ ...producto, nombre, actualizadoEn: ahora });
      expect(cambio.eventos).toStrictEqual([
        { tipo: 'ProductoRenombrado', productoId: producto.id, nombre, ocurridoEn: ahora },
      ]);
    }
  });

  test.prop([
    productoConHistoria.chain((p) =>
      fc.tuple(fc.constant(p), fc.oneof(fc.constant(p.descripcion), arb.descripcion()), arb.instante()),
    ),
  ])(
    'cambiarDescripcion records the new description, or none, only when it changes',
    ([producto, descripcion, ahora]) => {
      const cambio = sinMutar(producto, (p) => cambiarDescripcion(p, descripcion, ahora))._unsafeUnwrap();
      if (descripcion === producto.descripcion) {
        expect(cambio.producto).toBe(producto);
        expect(cambio.eventos).toStrictEqual([]);
      } else {
        expect(cambio.producto).toStrictEqual({ ...producto, descripcion, actualizadoEn: ahora });
        expect(cambio.eventos).toStrictEqual([
          { tipo: 'DescripcionDeProductoCambiada', productoId: producto.id, descripcion, ocurridoEn: ahora },
        ]);
      }
    },
  );
});

describe('modificarProducto', () => {
  /** A producto and a set of changes: each field absent, the same as now, or new. */
  const productoYCambios = productoConHistoria.chain((p) =>
    fc.tuple(
      fc.constant(p),
      fc.record(
        {
          nombre: fc.oneof(fc.constant(p.nombre), arb.nombre()),
          descripcion: fc.oneof(fc.constant(p.descripcion), arb.descripcion()),
          precio: fc.oneof(fc.constant(p.precio), arb.dinero({ max: 1_000_000 })),
          stock: fc.oneof(fc.constant(p.stock), arb.cantidad({ max: 30 })),
          estado: arb.estadoProducto(),
        },
        { requiredKeys: [], noNullPrototype: true },
      ),
      arb.instante(),
    ),
  );

  /** The events each given field should record, built field by field in the documented order. */
  function eventosEsperados(p: Producto, cambios: CambiosDeProducto, ocurridoEn: Date): EventoDeProducto[] {
    const productoId = p.id;
    const eventos: EventoDeProducto[] = [];
    const { nombre, descripcion, precio, stock, estado } = cambios;
    if (nombre !== undefined && nombre !== p.nombre) {
      eventos.push({ tipo: 'ProductoRenombrado', productoId, nombre, ocurridoEn });
    }
    if (descripcion !== undefined && descripcion !== p.descripcion) {
      eventos.push({ tipo: 'DescripcionDeProductoCambiada', productoId, descripcion, ocurridoEn });
    }
    if (precio !== undefined && precio !== p.precio) {
      eventos.push({ tipo: 'PrecioCambiado', productoId, precioAnterior: p.precio, precio, ocurridoEn });
    }
    if (stock !== undefined && stock !== p.stock) {
      eventos.push({ tipo: 'StockFijado', productoId, stockAnterior: p.stock, stock, ocurridoEn });
    }
    if (estado !== undefined && estado !== p.estado) {
      eventos.push({ tipo: estado === 'activo' ? 'ProductoActivado' : 'ProductoDesactivado', productoId, ocurridoEn });
    }
    return eventos;
  }

  test('example: several changes at once, one event each, in the fixed order', () => {
    const p = cafe();
    const cambios: CambiosDeProducto = {
      estado: 'inactivo',
      stock: cantidad(9),
      precio: dinero(1300),
      descripcion: Descripcion.crear('Tueste medio')._unsafeUnwrap(),
      nombre: Nombre.crear('Café colombiano')._unsafeUnwrap(),
    };
    const { producto, eventos } = modificarProducto(p, cambios, despues)._unsafeUnwrap();
    expect(producto).toStrictEqual({
      ...p,
      nombre: 'Café colombiano',
      descripcion: 'Tueste medio',
      precio: 1300,
      stock: 9,
      estado: 'inactivo',
      actualizadoEn: despues,
    });
    expect(eventos.map((e) => e.tipo)).toStrictEqual([
      'ProductoRenombrado',
      'DescripcionDeProductoCambiada',
      'PrecioCambiado',
      'StockFijado',
      'ProductoDesactivado',
    ]);
  });

  test('example: changes to the current values record nothing', () => {
    const p = cafe();
    const cambio = modificarProducto(
      p,
      { nombre: p.nombre, descripcion: null, precio: dinero(1250), stock: cantidad(5), estado: 'activo' },
      despues,
    )._unsafeUnwrap();
    expect(cambio.producto).toBe(p);
    expect(cambio.eventos).toStrictEqual([]);
  });

  test.prop([productoYCambios])(
    'applies every change given and records one event per actual change, in the fixed order',
    ([producto, cambios, ahora]) => {
      const cambio = sinMutar({ producto, cambios }, (e) =>
        modificarProducto(e.producto, e.cambios, ahora),
      )._unsafeUnwrap();
      const esperados = eventosEsperados(producto, cambios, ahora);
      expect(cambio.eventos).toStrictEqual(esperados);
      if (esperados.length === 0) {
        expect(cambio.producto).toBe(producto);
      } else {
        expect(cambio.producto).toStrictEqual({
          id: producto.id,
          nombre: cambios.nombre ?? producto.nombre,
          descripcion: cambios.descripcion === undefined ? producto.descripcion : cambios.descripcion,
          precio: cambios.precio ?? producto.precio,
          stock: cambios.stock ?? producto.stock,
          estado: cambios.estado ?? producto.estado,
          creadoEn: producto.creadoEn,
          actualizadoEn: ahora,
        });
      }
    },
  );

  test.prop([productoYCambios])(
    'the order in which the caller lists the changes does not matter',
    ([producto, cambios, ahora]) => {
      const { nombre, descripcion, precio, stock, estado } = cambios;
      const alReves: CambiosDeProducto = {
        ...(estado === undefined ? {} : { estado }),
        ...(stock === undefined ? {} : { stock }),
        ...(precio === undefined ? {} : { precio }),
        ...(descripcion === undefined ? {} : { descripcion }),
        ...(nombre === undefined ? {} : { nombre }),
      };
      expect(modificarProducto(producto, alReves, ahora)._unsafeUnwrap()).toStrictEqual(
        modificarProducto(producto, cambios, ahora)._unsafeUnwrap(),
      );
    },
  );
});

describe('reconstituirProducto', () => {
  const guardar = (p: Producto): ProductoGuardado => ({
    id: p.id,
    nombre: p.nombre,
    descripcion: p.descripcion,
    precio: p.precio,
    stock: p.stock,
    estado: p.estado,
    creadoEn: p.creadoEn,
    actualizadoEn: p.actualizadoEn,
  });

  test.prop([productoConHistoria])('rebuilds any producto from what was stored', (producto) => {
    expect(sinMutar(guardar(producto), reconstituirProducto)._unsafeUnwrap()).toStrictEqual(producto);
  });

  test.prop([productoConHistoria.chain((p) => fc.tuple(fc.constant(p), fc.mixedCase(fc.constant(p.id))))])(
    'normalises stored values as the constructors do',
    ([producto, id]) => {
      const guardado: ProductoGuardado = { ...guardar(producto), id, nombre: `  ${producto.nombre}\t` };
      expect(reconstituirProducto(guardado)._unsafeUnwrap()).toStrictEqual(producto);
    },
  );

  test.prop([productoConHistoria, fc.constantFrom('', 'no-es-un-uuid', '7a3d2c1b0e9f4a8b8c7d6e5f4a3b2c1d')])(
    'refuses a corrupt id',
    (producto, id) => {
      expect(reconstituirProducto({ ...guardar(producto), id })._unsafeUnwrapErr()).toStrictEqual({
        kind: 'IdInvalido',
        entidad: 'producto',
        valor: id,
      });
    },
  );

  test.prop([productoConHistoria, fc.constantFrom('', '   ', 'n'.repeat(201))])(
    'refuses a corrupt nombre',
    (producto, nombre) => {
      expect(reconstituirProducto({ ...guardar(producto), nombre })._unsafeUnwrapErr()).toMatchObject({
        kind: 'NombreInvalido',
        valor: nombre,
      });
    },
  );

  test.prop([productoConHistoria, fc.integer({ min: 2001, max: 2100 })])(
    'refuses a corrupt descripcion',
    (producto, longitud) => {
      expect(
        reconstituirProducto({ ...guardar(producto), descripcion: 'd'.repeat(longitud) })._unsafeUnwrapErr(),
      ).toStrictEqual({ kind: 'DescripcionInvalida', motivo: 'demasiado-larga' });
    },
  );

  const numeroCorrupto = fc.constantFrom(
    { valor: -1, dinero: 'negativo', cantidad: 'negativa' },
    { valor: 0.5, dinero: 'no-es-entero', cantidad: 'no-es-entera' },
    { valor: Number.NaN, dinero: 'no-es-entero', cantidad: 'no-es-entera' },
    { valor: Number.POSITIVE_INFINITY, dinero: 'no-es-entero', cantidad: 'no-es-entera' },
    { valor: 2 ** 53, dinero: 'excesivo', cantidad: 'excesiva' },
  );

  test.prop([productoConHistoria, numeroCorrupto])('refuses a corrupt precio', (producto, corrupto) => {
    expect(reconstituirProducto({ ...guardar(producto), precio: corrupto.valor })._unsafeUnwrapErr()).toStrictEqual({
      kind: 'DineroInvalido',
      valor: corrupto.valor,
      motivo: corrupto.dinero,
    });
  });

  test.prop([productoConHistoria, numeroCorrupto])('refuses a corrupt stock', (producto, corrupto) => {
    expect(reconstituirProducto({ ...guardar(producto), stock: corrupto.valor })._unsafeUnwrapErr()).toStrictEqual({
      kind: 'CantidadInvalida',
      valor: corrupto.valor,
      motivo: corrupto.cantidad,
    });
  });

  test.prop([productoConHistoria, fc.string().filter((s) => s !== 'activo' && s !== 'inactivo')])(
    'refuses a corrupt estado',
    (producto, estado) => {
      expect(reconstituirProducto({ ...guardar(producto), estado })._unsafeUnwrapErr()).toStrictEqual({
        kind: 'EstadoInvalido',
        de: 'producto',
        valor: estado,
      });
    },
  );
});
