/**
 * The stream's names and envelope (eventos.md, "The stream"), without a
 * broker: every domain event has a `type`, the contract's list is covered,
 * and the envelope is the contract's.
 */
import { agregadoDe, type EventoDeDominio } from '@pedidos/domain';
import { describe, expect, test } from 'vitest';
import { cloudEvent, NOMBRE_EN_EL_STREAM, tipoDeCloudEvent } from '../src/eventos/cloudevents.ts';
import { CLAVES_DE_UN_CLOUDEVENT } from './apoyo.ts';

/** Every domain `tipo`: the table is a `Record` over them, so the compiler holds it complete. */
const TIPOS = Object.keys(NOMBRE_EN_EL_STREAM) as EventoDeDominio['tipo'][];

/** The aggregate of a `tipo`, by the domain's own `agregadoDe`, which reads the `tipo` alone. */
const agregadoDelTipo = (tipo: EventoDeDominio['tipo']) =>
  agregadoDe({ tipo, clienteId: 'c', productoId: 'p', pedidoId: 'x' } as unknown as EventoDeDominio).agregado;

/** The contract's rule: the name in snake_case, without the aggregate's own (`…DeCliente…` too). */
function porLaRegla(tipo: string, agregado: string): string {
  const serpiente = tipo.replaceAll(/(?<!^)[A-Z]/g, (l) => `_${l}`).toLowerCase();
  return serpiente.replace(new RegExp(`^${agregado}_|_${agregado}$|_de_${agregado}(?=_|$)`), '');
}

/** The contract's list ("at least"). */
const DEL_CONTRATO = [
  ...[
    'creado',
    'item_agregado',
    'cantidad_de_item_cambiada',
    'item_quitado',
    'direccion_de_envio_cambiada',
    'confirmado',
    'pagado',
    'enviado',
    'entregado',
    'cancelado',
    'pago_rechazado',
    'reembolso_requerido',
  ].map((n) => `pedidos.pedido.${n}`),
  ...['creado', 'modificado', 'stock_descontado', 'stock_repuesto'].map((n) => `pedidos.producto.${n}`),
  ...['registrado', 'modificado'].map((n) => `pedidos.cliente.${n}`),
];

describe('the type of each domain event', () => {
  test('is pedidos.<its aggregate>.<its name by the rule>, or modificado with the change in data.cambio', () => {
    expect(TIPOS).toHaveLength(24);
    for (const tipo of TIPOS) {
      const agregado = agregadoDelTipo(tipo);
      const { nombre, cambio } = NOMBRE_EN_EL_STREAM[tipo];
      expect(tipoDeCloudEvent(agregado, tipo)).toMatch(new RegExp(`^pedidos\\.${agregado}\\.[a-z]+(_[a-z]+)*$`));
      expect(cambio ?? nombre, tipo).toBe(porLaRegla(tipo, agregado));
      if (cambio !== undefined) expect(nombre, tipo).toBe('modificado');
    }
  });

  test("covers the contract's list, and no two events share a type and a change", () => {
    const tipos = new Set(TIPOS.map((t) => tipoDeCloudEvent(agregadoDelTipo(t), t)));
    for (const delContrato of DEL_CONTRATO) expect(tipos, delContrato).toContain(delContrato);
    const claves = TIPOS.map((t) => `${tipoDeCloudEvent(agregadoDelTipo(t), t)}/${NOMBRE_EN_EL_STREAM[t].cambio}`);
    expect(new Set(claves).size).toBe(TIPOS.length);
  });

  test('a tipo this version does not know throws rather than be published under a guess', () => {
    expect(() => tipoDeCloudEvent('pedido', 'PedidoTeletransportado')).toThrow(/PedidoTeletransportado/);
    expect(() => tipoDeCloudEvent('pedido', 'toString')).toThrow();
  });
});

describe('the envelope', () => {
  const base = {
    id: 7,
    eventoId: '5b0f3b8e-2c4f-4a51-9d2e-6f1d7c1a0b11',
    agregadoId: '0f9a2d4e-1111-4222-8333-944455556666',
    secuencia: 3,
    ocurridoEn: new Date('2026-12-01T10:00:00.000Z'),
    intentos: 1,
    fallos: 0,
  } as const;

  test("has the contract's keys in its order, and data's keys in snake_case at any depth", () => {
    const evento = cloudEvent({
      ...base,
      tipo: 'DireccionDeEnvioCambiada',
      agregado: 'pedido',
      datos: {
        pedidoId: base.agregadoId,
        direccion: { codigoPostal: '28001', linea1: 'Calle' },
        lineas: [{ productoId: 'p' }],
      },
    });
    expect(Object.keys(evento)).toEqual(CLAVES_DE_UN_CLOUDEVENT);
    expect(evento).toEqual({
      specversion: '1.0',
      id: base.eventoId,
      source: 'urn:pedidos',
      type: 'pedidos.pedido.direccion_de_envio_cambiada',
      subject: base.agregadoId,
      time: '2026-12-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      agregado: 'pedido',
      secuencia: 3,
      data: {
        pedido_id: base.agregadoId,
        direccion: { codigo_postal: '28001', linea1: 'Calle' },
        lineas: [{ producto_id: 'p' }],
      },
    });
  });

  test('a fine-grained change is modificado, and says which in data.cambio', () => {
    const evento = cloudEvent({
      ...base,
      tipo: 'PrecioCambiado',
      agregado: 'producto',
      datos: { productoId: base.agregadoId, precioAnterior: 1250, precio: 1500 },
    });
    expect([evento.type, evento.data]).toEqual([
      'pedidos.producto.modificado',
      { cambio: 'precio_cambiado', producto_id: base.agregadoId, precio_anterior: 1250, precio: 1500 },
    ]);
  });
});
