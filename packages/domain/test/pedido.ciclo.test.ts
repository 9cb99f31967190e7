/**
 * The lifecycle past confirmation: the transition table, each transition's
 * rules, the line cap, and the reconstitution of every state.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  agregarItem,
  Cantidad,
  cambiarCantidad,
  cambiarDireccionDeEnvio,
  cancelar,
  confirmadoEn,
  crearPedido,
  crearProducto,
  Dinero,
  Direccion,
  desactivarProducto,
  entregar,
  enviar,
  MAXIMO_DE_LINEAS,
  MetodoDePago,
  Nombre,
  NumeroDeSeguimiento,
  type Pedido,
  type PedidoGuardado,
  type Producto,
  ProductoId,
  pagar,
  ReferenciaDePago,
  reconstituirPedido,
  TRANSICIONES,
  Transportista,
  totalCantidad,
  totalCentavos,
} from '../src/index.ts';
import * as arb from '../src/testing/index.ts';
import { sinMutar } from './inmutabilidad.ts';

const referencia = ReferenciaDePago.crear('op-123')._unsafeUnwrap();
const envio = {
  transportista: Transportista.crear('Correo')._unsafeUnwrap(),
  numeroSeguimiento: NumeroDeSeguimiento.crear('AB123')._unsafeUnwrap(),
};
const madrid = Direccion.crear({
  destinatario: 'Ana',
  linea1: 'Calle Mayor 1',
  linea2: null,
  ciudad: 'Madrid',
  region: null,
  codigoPostal: '28013',
  pais: 'es',
})._unsafeUnwrap();

describe('the transition table', () => {
  it('is the contract: what each state allows and where it leads', () => {
    expect(TRANSICIONES).toStrictEqual({
      carrito: {
        agregarItem: 'carrito',
        cambiarCantidad: 'carrito',
        quitarItem: 'carrito',
        cambiarDireccionDeEnvio: 'carrito',
        confirmar: 'confirmado',
        cancelar: 'cancelado',
      },
      confirmado: { cambiarDireccionDeEnvio: 'confirmado', pagar: 'pagado', cancelar: 'cancelado' },
      pagado: { cambiarDireccionDeEnvio: 'pagado', enviar: 'enviado', cancelar: 'cancelado' },
      enviado: { entregar: 'entregado' },
      entregado: {},
      cancelado: {},
    });
    expect(Object.isFrozen(TRANSICIONES.carrito)).toBe(true);
  });

  test.prop([arb.pedidoConProductos(), arb.instante()])(
    'every allowed command that succeeds ends in the state the table names, one version later',
    ({ pedido, productos }, ahora) => {
      for (const comando of fc.sample(arb.comandoDePedido(productos), 20)) {
        const resultado = arb.aplicarComando(pedido, productos, comando, ahora);
        if (resultado.isErr() || resultado.value.eventos.length === 0) continue;
        const destinos: Readonly<Record<string, string>> = TRANSICIONES[pedido.estado];
        expect(resultado.value.pedido.estado).toBe(destinos[comando.tipo]);
        expect(resultado.value.pedido.version).toBe(pedido.version + 1);
      }
    },
  );
});

describe('pagar', () => {
  test.prop([arb.pedidoEnEstado('confirmado'), arb.referenciaDePago(), arb.instante()])(
    'records a payment of exactly the total, by default manual, and keeps what confirmation froze',
    ({ pedido }, referencia, ahora) => {
      const { pedido: pagado, eventos } = pagar(
        pedido,
        { importeCentavos: totalCentavos(pedido), referencia },
        ahora,
      )._unsafeUnwrap();
      expect(pagado).toStrictEqual({
        ...pedido,
        estado: 'pagado',
        pago: { importeCentavos: totalCentavos(pedido), referencia, metodo: 'manual', pagadoEn: ahora },
        actualizadoEn: ahora,
        version: pedido.version + 1,
      });
      expect(eventos).toStrictEqual([
        {
          tipo: 'PedidoPagado',
          pedidoId: pedido.id,
          importeCentavos: totalCentavos(pedido),
          referencia,
          metodo: 'manual',
          ocurridoEn: ahora,
        },
      ]);
    },
  );

  test.prop([
    arb.pedidoEnEstado('confirmado'),
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).filter((d) => d !== 0n),
    arb.instante(),
  ])('refuses any other amount, saying which was expected', ({ pedido }, diferencia, ahora) => {
    const importeCentavos = totalCentavos(pedido) + diferencia;
    expect(pagar(pedido, { importeCentavos, referencia }, ahora)._unsafeUnwrapErr()).toStrictEqual({
      kind: 'ImporteIncorrecto',
      pedidoId: pedido.id,
      esperadoCentavos: totalCentavos(pedido),
      importeCentavos,
    });
  });

  test.prop([arb.pedidoEnEstado('confirmado'), arb.metodoDePago(), arb.instante()])(
    'records the method given',
    ({ pedido }, metodo, ahora) => {
      const { pedido: pagado } = pagar(
        pedido,
        { importeCentavos: totalCentavos(pedido), referencia, metodo },
        ahora,
      )._unsafeUnwrap();
      expect('pago' in pagado && pagado.pago.metodo).toBe(metodo);
    },
  );

  test.prop([arb.pedidoEnEstado('pagado'), arb.instante()])('a pedido is paid once', ({ pedido }, ahora) => {
    expect(pagar(pedido, { importeCentavos: totalCentavos(pedido), referencia }, ahora)._unsafeUnwrapErr()).toEqual({
      kind: 'TransicionNoPermitida',
      pedidoId: pedido.id,
      estado: 'pagado',
      transicion: 'pagar',
    });
  });
});

describe('enviar and entregar', () => {
  test.prop([arb.pedidoEnEstado('pagado'), arb.instante()])(
    'enviar needs a direccion de envío, and then keeps it with the carrier data',
    ({ pedido }, ahora) => {
      const sinDireccion: Pedido = { ...pedido, direccionEnvio: null };
      expect(enviar(sinDireccion, envio, ahora)._unsafeUnwrapErr()).toStrictEqual({
        kind: 'DireccionDeEnvioFaltante',
        pedidoId: pedido.id,
      });
      const conDireccion = cambiarDireccionDeEnvio(sinDireccion, madrid, ahora)._unsafeUnwrap().pedido;
      const { pedido: enviado, eventos } = enviar(conDireccion, envio, ahora)._unsafeUnwrap();
      expect(enviado).toMatchObject({
        estado: 'enviado',
        direccionEnvio: madrid,
        envio: { ...envio, enviadoEn: ahora },
      });
      expect('pago' in enviado && enviado.pago).toStrictEqual(pedido.pago);
      expect(eventos.map((e) => e.tipo)).toEqual(['PedidoEnviado']);
    },
  );

  test.prop([arb.pedidoEnEstado('enviado'), arb.instante()])(
    'entregar is final and keeps everything the pedido had',
    ({ pedido, productos }, ahora) => {
      const { pedido: entregado, eventos } = entregar(pedido, ahora)._unsafeUnwrap();
      expect(entregado).toStrictEqual({
        ...pedido,
        estado: 'entregado',
        entregadoEn: ahora,
        actualizadoEn: ahora,
        version: pedido.version + 1,
      });
      expect(eventos).toStrictEqual([{ tipo: 'PedidoEntregado', pedidoId: pedido.id, ocurridoEn: ahora }]);
      for (const comando of fc.sample(arb.comandoDePedido(productos), 20)) {
        expect(arb.aplicarComando(entregado, productos, comando, ahora).isErr()).toBe(true);
      }
    },
  );
});

describe('cancelar', () => {
  test.prop([arb.pedidoEnEstado('carrito'), arb.motivoDeCancelacion(), arb.instante()])(
    'a carrito is cancelled without touching stock',
    ({ pedido, productos }, motivo, ahora) => {
      const cancelacion = cancelar(pedido, productos, { motivo }, ahora)._unsafeUnwrap();
      expect(cancelacion.productos).toEqual([]);
      expect(cancelacion.pedido).toMatchObject({
        estado: 'cancelado',
        cancelacion: { motivo, estadoAnterior: 'carrito', reembolsoCentavos: 0n, canceladoEn: ahora },
      });
      expect(confirmadoEn(cancelacion.pedido)).toBeNull();
      expect(cancelacion.eventos.map((e) => e.tipo)).toEqual(['PedidoCancelado']);
    },
  );

  test.prop([fc.oneof(arb.pedidoEnEstado('confirmado'), arb.pedidoEnEstado('pagado')), fc.boolean(), arb.instante()])(
    'a confirmed or paid pedido returns every line to stock, also of inactive productos, and refunds what was paid',
    ({ pedido, productos }, desactivar, ahora) => {
      const actuales = productos.map((p) => (desactivar ? desactivarProducto(p, ahora)._unsafeUnwrap().producto : p));
      const cancelacion = sinMutar({ pedido, actuales }, (entrada) =>
        cancelar(entrada.pedido, entrada.actuales, {}, ahora),
      )._unsafeUnwrap();
      expect(cancelacion.productos.map((p) => p.id)).toEqual(pedido.lineas.map((l) => l.productoId));
      for (const linea of pedido.lineas) {
        const antes = actuales.find((p) => p.id === linea.productoId) as Producto;
        const despues = cancelacion.productos.find((p) => p.id === linea.productoId) as Producto;
        expect(despues.stock).toBe(antes.stock + linea.cantidad);
        expect(despues.estado).toBe(antes.estado);
      }
      const pagado = 'pago' in pedido ? pedido.pago.importeCentavos : 0n;
      expect(cancelacion.pedido).toMatchObject({
        estado: 'cancelado',
        cancelacion: { motivo: null, estadoAnterior: pedido.estado, reembolsoCentavos: pagado },
      });
      expect(cancelacion.eventos.map((e) => e.tipo)).toEqual([
        'PedidoCancelado',
        ...pedido.lineas.map(() => 'StockRepuesto'),
      ]);
      const otraVez = cancelar(cancelacion.pedido, cancelacion.productos, {}, ahora);
      expect(otraVez._unsafeUnwrapErr().kind).toBe('TransicionNoPermitida');
    },
  );

  test.prop([arb.pedidoEnEstado('confirmado'), arb.instante()])(
    'refuses, changing nothing, when the producto of a line is missing',
    ({ pedido, productos }, ahora) => {
      const [primera] = pedido.lineas;
      if (primera === undefined) return;
      const sinUno = productos.filter((p) => p.id !== primera.productoId);
      expect(cancelar(pedido, sinUno, {}, ahora)._unsafeUnwrapErr()).toStrictEqual({
        kind: 'ProductoNoEncontrado',
        productoId: primera.productoId,
      });
    },
  );

  test.prop([arb.pedidoEnEstado('enviado'), arb.instante()])(
    'an enviado pedido cannot be cancelled',
    ({ pedido, productos }, ahora) => {
      expect(cancelar(pedido, productos, {}, ahora)._unsafeUnwrapErr()).toStrictEqual({
        kind: 'TransicionNoPermitida',
        pedidoId: pedido.id,
        estado: 'enviado',
        transicion: 'cancelar',
      });
    },
  );
});

describe('cambiarDireccionDeEnvio', () => {
  test.prop([
    fc.oneof(arb.pedidoEnEstado('carrito'), arb.pedidoEnEstado('confirmado'), arb.pedidoEnEstado('pagado')),
    arb.direccion(),
    arb.instante(),
  ])('sets the direccion while the pedido is not shipped; the same one changes nothing', ({ pedido }, d, ahora) => {
    const { pedido: cambiado, eventos } = cambiarDireccionDeEnvio(pedido, d, ahora)._unsafeUnwrap();
    const igual = pedido.direccionEnvio !== null && Direccion.iguales(pedido.direccionEnvio, d);
    expect(cambiado.direccionEnvio).toStrictEqual(igual ? pedido.direccionEnvio : d);
    expect(cambiado.estado).toBe(pedido.estado);
    expect(eventos).toHaveLength(igual ? 0 : 1);
    const otraVez = cambiarDireccionDeEnvio(cambiado, d, ahora)._unsafeUnwrap();
    expect(otraVez.pedido).toBe(cambiado);
    expect(otraVez.eventos).toEqual([]);
  });

  test.prop([
    fc.oneof(arb.pedidoEnEstado('enviado'), arb.pedidoEnEstado('entregado'), arb.pedidoEnEstado('cancelado')),
    arb.direccion(),
    arb.instante(),
  ])('refuses once the pedido is shipped or final', ({ pedido }, d, ahora) => {
    expect(cambiarDireccionDeEnvio(pedido, d, ahora)._unsafeUnwrapErr()).toStrictEqual({
      kind: 'PedidoNoModificable',
      pedidoId: pedido.id,
      estado: pedido.estado,
      operacion: 'cambiarDireccionDeEnvio',
    });
  });

  test.prop([arb.pedidoId(), arb.clienteId(), arb.direccion(), arb.instante()])(
    'crearPedido takes a direccion and records it after PedidoCreado',
    (id, clienteId, direccionEnvio, ahora) => {
      const { pedido, eventos } = crearPedido({ id, clienteId, direccionEnvio, ahora })._unsafeUnwrap();
      expect(pedido.direccionEnvio).toStrictEqual(direccionEnvio);
      expect(pedido.version).toBe(1);
      expect(eventos.map((e) => e.tipo)).toEqual(['PedidoCreado', 'DireccionDeEnvioCambiada']);
    },
  );
});

describe('the line cap', () => {
  const ahora = new Date('2030-01-01T00:00:00Z');
  const productos = Array.from(
    { length: MAXIMO_DE_LINEAS + 1 },
    (_, i) =>
      crearProducto({
        id: ProductoId.crear(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)._unsafeUnwrap(),
        nombre: Nombre.crear(`producto ${i}`)._unsafeUnwrap(),
        precio: Dinero.crear(100)._unsafeUnwrap(),
        stock: Cantidad.crear(10)._unsafeUnwrap(),
        ahora,
      })._unsafeUnwrap().producto,
  );
  const uno = Cantidad.crear(1)._unsafeUnwrap();
  const ids = fc.sample(fc.tuple(arb.pedidoId(), arb.clienteId()), 1)[0];
  if (ids === undefined) throw new Error('fc.sample gave no value');
  const [id, clienteId] = ids;
  const items = (n: number) => productos.slice(0, n).map((producto) => ({ producto, cantidad: uno }));

  it(`is ${MAXIMO_DE_LINEAS} lines, at creation and after`, () => {
    const lleno = crearPedido({ id, clienteId, items: items(MAXIMO_DE_LINEAS), ahora })._unsafeUnwrap().pedido;
    expect(lleno.lineas).toHaveLength(MAXIMO_DE_LINEAS);
    const demasiadas = { kind: 'DemasiadasLineas', pedidoId: id, maximo: MAXIMO_DE_LINEAS };
    expect(crearPedido({ id, clienteId, items: items(MAXIMO_DE_LINEAS + 1), ahora })._unsafeUnwrapErr()).toEqual(
      demasiadas,
    );
    const otro = productos[MAXIMO_DE_LINEAS] as Producto;
    expect(agregarItem(lleno, otro, uno, ahora)._unsafeUnwrapErr()).toEqual(demasiadas);
    expect(cambiarCantidad(lleno, otro, uno, ahora)._unsafeUnwrapErr()).toEqual(demasiadas);
    // A line the pedido has can still grow.
    const primero = productos[0] as Producto;
    expect(totalCantidad(agregarItem(lleno, primero, uno, ahora)._unsafeUnwrap().pedido)).toBe(MAXIMO_DE_LINEAS + 1);
  });
});

describe('reconstitution of every state', () => {
  test.prop([arb.pedido()])('a stored pedido in any state is rebuilt as it was', (pedido) => {
    expect(reconstituirPedido(pedido)._unsafeUnwrap()).toStrictEqual(pedido);
  });

  const incoherente = (guardado: PedidoGuardado) => reconstituirPedido(guardado)._unsafeUnwrapErr().kind;

  test.prop([arb.pedidoEnEstado('pagado'), fc.bigInt({ min: 1n, max: 1000n })])(
    'a payment that is not the frozen total is incoherent',
    ({ pedido }, diferencia) => {
      const pago = { ...pedido.pago, importeCentavos: pedido.pago.importeCentavos + diferencia };
      expect(incoherente({ ...pedido, pago })).toBe('PedidoIncoherente');
    },
  );

  test.prop([arb.pedidoEnEstado('enviado')])('a shipped pedido without a direccion is incoherent', ({ pedido }) => {
    expect(incoherente({ ...pedido, direccionEnvio: null })).toBe('PedidoIncoherente');
  });

  test.prop([arb.pedidoEnEstado('cancelado'), fc.constantFrom('enviado', 'entregado', 'cancelado')])(
    'a cancellation from a state the table does not cancel from is incoherent',
    ({ pedido }, estadoAnterior) => {
      expect(incoherente({ ...pedido, cancelacion: { ...pedido.cancelacion, estadoAnterior } })).toBe(
        'PedidoIncoherente',
      );
    },
  );

  test.prop([arb.pedidoEnEstado('cancelado'), fc.bigInt({ min: 1n, max: 1000n })])(
    'a refund other than what was paid is incoherent',
    ({ pedido }, diferencia) => {
      const cancelacion = {
        ...pedido.cancelacion,
        reembolsoCentavos: pedido.cancelacion.reembolsoCentavos + diferencia,
      };
      expect(incoherente({ ...pedido, cancelacion })).toBe('PedidoIncoherente');
    },
  );

  test.prop([arb.pedidoEnEstado('carrito'), arb.pedidoEnEstado('pagado')])(
    "a state with another state's fields is incoherent",
    ({ pedido: carrito }, { pedido: pagado }) => {
      expect(incoherente({ ...carrito, pago: pagado.pago })).toBe('PedidoIncoherente');
      expect(incoherente({ ...pagado, estado: 'confirmado' })).toBe('PedidoIncoherente');
      expect(incoherente({ ...pagado, estado: 'enviado' })).toBe('PedidoIncoherente');
      const { pago: _, ...sinPago } = pagado;
      expect(incoherente(sinPago)).toBe('PedidoIncoherente');
    },
  );

  test.prop([arb.pedidoEnEstado('pagado'), fc.constantFrom('', '   ', 'x'.repeat(101), 'a\nb')])(
    'a stored text that its value object refuses is refused',
    ({ pedido }, referencia) => {
      expect(incoherente({ ...pedido, pago: { ...pedido.pago, referencia } })).toBe('TextoInvalido');
    },
  );
});

describe('MetodoDePago', () => {
  it("defaults to 'manual', a valid method", () => {
    expect(MetodoDePago.crear('manual')._unsafeUnwrap()).toBe(MetodoDePago.porDefecto);
  });
});
