import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { agregadoDe, type EventoDeDominio } from '../src/index.ts';
import * as arb from '../src/testing/index.ts';
import { recorrer } from './recorrido.ts';

describe('agregadoDe', () => {
  test.prop([arb.escenarioDePedido()])(
    "files every event a pedido's commands produce under the aggregate its tipo names",
    (escenario) => {
      const eventos = recorrer(escenario).flatMap((paso): readonly EventoDeDominio[] =>
        paso.resultado.isOk() ? paso.resultado.value.eventos : [],
      );
      for (const evento of eventos) {
        const esperado =
          evento.tipo === 'StockDescontado' || evento.tipo === 'StockRepuesto'
            ? { agregado: 'producto', agregadoId: evento.productoId }
            : { agregado: 'pedido', agregadoId: 'pedidoId' in evento ? evento.pedidoId : 'sin pedidoId' };
        expect(agregadoDe(evento)).toEqual(esperado);
      }
    },
  );

  test.prop([arb.producto(), arb.pedidoId()])(
    'reads the tipo, not the fields: a producto event that also names a pedido is the producto’s',
    (producto, pedidoId) => {
      const evento = {
        tipo: 'StockRepuesto',
        productoId: producto.id,
        pedidoId,
        cantidad: producto.stock,
        stock: producto.stock,
        ocurridoEn: producto.creadoEn,
      } as EventoDeDominio;
      expect(agregadoDe(evento)).toEqual({ agregado: 'producto', agregadoId: producto.id });
    },
  );

  test.prop([arb.cliente()])('a cliente event is the cliente’s', (cliente) => {
    const evento: EventoDeDominio = {
      tipo: 'ClienteRenombrado',
      clienteId: cliente.id,
      nombre: cliente.nombre,
      ocurridoEn: cliente.creadoEn,
    };
    expect(agregadoDe(evento)).toEqual({ agregado: 'cliente', agregadoId: cliente.id });
  });
});
