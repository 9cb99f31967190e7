/**
 * The payment webhook (docs/api-eventos.md, "The payment webhook"), over HTTP
 * on each database: every way a signature can be wrong is 401 and changes
 * nothing; a notice has its effect once per provider id, also delivered at
 * the same time; each outcome of an approved payment, and a refused one, is
 * what the contract says, in the pedido and in its history; and two payments
 * of one pedido racing each other pay it once and ask to give the other back.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  bases,
  type Cliente,
  conServicio,
  crearProducto,
  type Entorno,
  esperarProblema,
  firmaDePagos,
  type PedidoJson,
  type Respuesta,
  SECRETO_DE_PAGOS,
} from './apoyo.ts';

type Entrada = { tipo: string; version: number; datos: Record<string, unknown> };
type Aviso = {
  id: string;
  tipo: string;
  pedido_id: string;
  importe_centavos: number;
  referencia: string;
  metodo: string;
};

const RUTA = '/pagos/webhook';
const ahora = () => Math.floor(Date.now() / 1000);

/** Sends `cuerpo` (an object as JSON, a string as it is) with `firma` as `Pagos-Firma`, or none. */
function avisar(cliente: Cliente, cuerpo: unknown, firma?: string): Promise<Respuesta> {
  const texto = typeof cuerpo === 'string' ? cuerpo : JSON.stringify(cuerpo);
  return cliente.post(RUTA, texto, {
    'content-type': 'application/json',
    ...(firma === undefined ? {} : { 'pagos-firma': firma }),
  });
}

/** Sends `cuerpo` signed as the provider signs it. */
function avisarFirmado(cliente: Cliente, cuerpo: unknown): Promise<Respuesta> {
  const texto = typeof cuerpo === 'string' ? cuerpo : JSON.stringify(cuerpo);
  return avisar(cliente, texto, firmaDePagos(texto));
}

/** An approval of the whole total of `pedido`, with a new id and referencia. */
function aprobacion(pedido: PedidoJson, cambios: Partial<Aviso> = {}): Aviso {
  return {
    id: `evt_${randomUUID()}`,
    tipo: 'pago.aprobado',
    pedido_id: pedido.id,
    importe_centavos: pedido.total_centavos,
    referencia: `ch_${randomUUID()}`,
    metodo: 'tarjeta',
    ...cambios,
  };
}

describe.each(bases())('the payment webhook on $nombre', ({ url }) => {
  const entorno = conServicio(url, { secretoDeWebhookDePagos: SECRETO_DE_PAGOS });

  /** A confirmed pedido of two units of a producto of 1234 centavos, and that producto. */
  async function confirmado(e: Entorno) {
    const { api } = e;
    const producto = await crearProducto(api, { precio_centavos: 1234, stock: 10 });
    const cliente = (await api.post<{ id: string }>('/clientes', { nombre: 'Pagadora', email: `${randomUUID()}@x.es` }))
      .body;
    const carrito = (
      await api.post<PedidoJson>('/pedidos', {
        cliente_id: cliente.id,
        items: [{ producto_id: producto.id, cantidad: 2 }],
      })
    ).body;
    const pedido = (await api.patch<PedidoJson>(`/pedidos/${carrito.id}/confirmar`)).body;
    expect(pedido).toMatchObject({ estado: 'confirmado', total_centavos: 2468 });
    return { pedido, producto };
  }

  /** Everything a notice could change: the pedido, its producto's stock, its history and the notices kept for it. */
  async function estado(e: Entorno, pedidoId: string, productoId: string) {
    const { api, servicio } = e;
    const [avisos] = await servicio.baseDeDatos.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM avisos_de_pago WHERE pedido_id = ${pedidoId}`;
    return {
      pedido: (await api.get<PedidoJson>(`/pedidos/${pedidoId}`)).body,
      stock: (await api.get<{ stock: number }>(`/productos/${productoId}`)).body.stock,
      historial: (await api.get<{ items: Entrada[] }>(`/pedidos/${pedidoId}/historial?limit=100`)).body.items,
      avisos: avisos?.n,
    };
  }

  const historial = async (e: Entorno, pedidoId: string) =>
    (await e.api.get<{ items: Entrada[] }>(`/pedidos/${pedidoId}/historial?limit=100`)).body.items;

  describe('a notice without a valid, fresh signature is 401 FIRMA_INVALIDA and changes nothing', () => {
    const casos: readonly [string, (texto: string) => string | undefined][] = [
      ['no Pagos-Firma', () => undefined],
      ['a header that is not t=…,v1=…', () => 'firmado, de verdad'],
      ['a t that is not seconds', (texto) => firmaDePagos(texto).replace(/^t=\d+/, 't=ayer')],
      ['no v1', () => `t=${ahora()}`],
      ['a v1 that is not a SHA-256', (texto) => `${firmaDePagos(texto).slice(0, -2)}`],
      ['two t', (texto) => `t=${ahora()},${firmaDePagos(texto)}`],
      ['another key', (texto) => firmaDePagos(texto, { secreto: 'otra clave, la de otro servicio o de nadie' })],
      ['a body changed by one byte', (texto) => firmaDePagos(texto.replace('"tarjeta"', '"tarjetA"'))],
      ['a t 301 s old', (texto) => firmaDePagos(texto, { t: ahora() - 301 })],
      ['a t 301 s ahead', (texto) => firmaDePagos(texto, { t: ahora() + 301 })],
      [
        'the signature of another t',
        (texto) => firmaDePagos(texto).replace(/^t=(\d+)/, (_, t) => `t=${Number(t) - 1}`),
      ],
    ];

    test.each(casos)('%s', async (_, firmar) => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const antes = await estado(e, pedido.id, producto.id);
      const aviso = aprobacion(pedido);
      const texto = JSON.stringify(aviso);
      const r = await avisar(e.anonimo, texto, firmar(texto));
      esperarProblema(r, 401, 'FIRMA_INVALIDA');
      expect(r.headers.get('www-authenticate')).toBe('Pagos-Firma realm="pedidos"');
      expect(await estado(e, pedido.id, producto.id)).toEqual(antes);
      // The refused delivery did not spend the id: the provider's own, signed, still pays.
      expect((await avisarFirmado(e.anonimo, texto)).status).toBe(200);
      expect((await estado(e, pedido.id, producto.id)).pedido.estado).toBe('pagado');
    });

    test('a body that is not this shape is 401 too when it is not signed: its shape is not even looked at', async () => {
      const { anonimo } = entorno();
      esperarProblema(await avisar(anonimo, { id: 42 }), 401, 'FIRMA_INVALIDA');
      esperarProblema(await avisar(anonimo, '{ no es json'), 401, 'FIRMA_INVALIDA');
    });

    test('a token is no signature: a staff token without Pagos-Firma is 401 FIRMA_INVALIDA', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      esperarProblema(await avisar(e.api, aprobacion(pedido)), 401, 'FIRMA_INVALIDA');
    });
  });

  describe('a good signature', () => {
    test('may be any of several v1, as while the provider rolls its key over; v0 and unknown parts are ignored', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      const texto = JSON.stringify(aprobacion(pedido));
      const t = ahora();
      const vieja = firmaDePagos(texto, { t, secreto: 'la clave de antes, que ya no es la del servicio' });
      const buena = firmaDePagos(texto, { t });
      const firma = `${vieja}, v0=cafe, ${buena.replace(`t=${t},`, '')},x=y`;
      expect(await avisar(e.anonimo, texto, firma)).toMatchObject({ status: 200, body: { recibido: true } });
    });

    test('is over the raw bytes: a body with a BOM and Content-Type text/plain is taken as signed', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(aprobacion(pedido)))]);
      const enviar = (firma: string) =>
        fetch(`${e.servicio.url}${RUTA}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'pagos-firma': firma },
          body: bytes,
        });
      // Signed over the text that the bytes decode to, which has no BOM: not what was sent.
      const sinBom = await enviar(firmaDePagos(bytes.subarray(3)));
      expect(sinBom.status).toBe(401);
      const r = await enviar(firmaDePagos(bytes));
      expect({ status: r.status, body: await r.json() }).toEqual({ status: 200, body: { recibido: true } });
    });

    test('with a body that is not this shape is 422 VALIDACION, and one that is not JSON 400; nothing changes', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const antes = await estado(e, pedido.id, producto.id);
      const bueno = aprobacion(pedido);
      const malos: readonly [unknown, string][] = [
        [{ ...bueno, tipo: 'pago.reembolsado' }, 'tipo'],
        [{ ...bueno, pedido_id: 'no-es-un-uuid' }, 'pedido_id'],
        [{ ...bueno, importe_centavos: -1 }, 'importe_centavos'],
        [{ ...bueno, importe_centavos: '2468' }, 'importe_centavos'],
        [{ ...bueno, referencia: '   ' }, 'referencia'],
        [{ ...bueno, id: '' }, 'id'],
        [{ ...bueno, metodo: undefined }, 'metodo'],
        [[bueno], 'cuerpo'],
      ];
      for (const [cuerpo, campo] of malos) {
        const problema = esperarProblema(await avisarFirmado(e.anonimo, cuerpo), 422, 'VALIDACION');
        expect(
          problema.errores.map((f) => f.campo),
          campo,
        ).toEqual([campo]);
      }
      esperarProblema(await avisarFirmado(e.anonimo, '{"id": "evt_1",'), 400, 'JSON_INVALIDO');
      expect(await estado(e, pedido.id, producto.id)).toEqual(antes);
    });

    test('a field the provider adds is ignored', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      expect((await avisarFirmado(e.anonimo, { ...aprobacion(pedido), creado: 1767268800 })).status).toBe(200);
    });

    test('a body over 1 MiB is 413 CUERPO_DEMASIADO_GRANDE, signed or not', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      const enorme = JSON.stringify({ ...aprobacion(pedido), relleno: 'x'.repeat(1024 * 1024) });
      esperarProblema(await avisarFirmado(e.anonimo, enorme), 413, 'CUERPO_DEMASIADO_GRANDE');
      esperarProblema(await avisar(e.anonimo, enorme), 413, 'CUERPO_DEMASIADO_GRANDE');
      expect((await e.api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body.estado).toBe('confirmado');
    });
  });

  describe('pago.aprobado', () => {
    test('for a confirmado pedido of exactly its total pays it, as PATCH …/pagar with its referencia and metodo', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const aviso = aprobacion(pedido);
      expect(await avisarFirmado(e.anonimo, aviso)).toMatchObject({ status: 200, body: { recibido: true } });
      const despues = await estado(e, pedido.id, producto.id);
      expect(despues.pedido).toMatchObject({
        estado: 'pagado',
        version: pedido.version + 1,
        pago: { importe_centavos: 2468, referencia: aviso.referencia, metodo: 'tarjeta' },
      });
      expect(despues.stock).toBe(8);
      expect(despues.historial.at(-1)).toMatchObject({
        tipo: 'PedidoPagado',
        version: pedido.version + 1,
        datos: { pedido_id: pedido.id, importe_centavos: 2468, referencia: aviso.referencia, metodo: 'tarjeta' },
      });

      // What PATCH …/pagar makes of another pedido with the same payment is the same.
      const otro = (await confirmado(e)).pedido;
      const pagado = await e.api.patch<PedidoJson>(`/pedidos/${otro.id}/pagar`, {
        importe_centavos: 2468,
        referencia: `ch_${randomUUID()}`,
        metodo: 'tarjeta',
      });
      const sinInstantes = (p: PedidoJson) => {
        const { id, cliente_id, creado_en, actualizado_en, confirmado_en, pago, items, ...resto } = p;
        return { ...resto, pago: { ...pago, referencia: undefined, pagado_en: undefined }, items: items.length };
      };
      expect(sinInstantes(despues.pedido)).toEqual(sinInstantes(pagado.body));
    });

    test('delivered again under its id, also with another body, answers 200 and changes nothing', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const aviso = aprobacion(pedido);
      expect((await avisarFirmado(e.anonimo, aviso)).status).toBe(200);
      const una = await estado(e, pedido.id, producto.id);
      expect(una.avisos).toBe(1);
      for (const otra of [aviso, { ...aviso, referencia: 'ch_otra' }, { ...aviso, tipo: 'pago.rechazado' }]) {
        expect(await avisarFirmado(e.anonimo, otra)).toMatchObject({ status: 200, body: { recibido: true } });
      }
      expect(await estado(e, pedido.id, producto.id)).toEqual(una);
    });

    test('for an unknown pedido, delivered many times at once, is kept once', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      const desconocido = randomUUID();
      const texto = JSON.stringify(aprobacion(pedido, { pedido_id: desconocido }));
      const respuestas = await Promise.all(Array.from({ length: 8 }, () => avisarFirmado(e.anonimo, texto)));
      expect(respuestas.map((r) => r.status)).toEqual(Array(8).fill(200));
      const [guardados] = await e.servicio.baseDeDatos.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM avisos_de_pago WHERE pedido_id = ${desconocido}`;
      expect(guardados?.n).toBe(1);
    });

    test('delivered many times at once has its effect once', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const texto = JSON.stringify(aprobacion(pedido));
      const respuestas = await Promise.all(Array.from({ length: 8 }, () => avisarFirmado(e.anonimo, texto)));
      expect(respuestas.map((r) => r.status)).toEqual(Array(8).fill(200));
      const despues = await estado(e, pedido.id, producto.id);
      expect(despues.pedido.estado).toBe('pagado');
      expect(despues.historial.filter((h) => h.tipo === 'PedidoPagado')).toHaveLength(1);
      expect(despues.historial.filter((h) => h.tipo === 'ReembolsoRequerido')).toHaveLength(0);
      expect(despues.avisos).toBe(1);
    });

    /** Sends `aviso` and checks that it left the pedido and the stock as they were, and recorded one ReembolsoRequerido. */
    async function pideReembolso(e: Entorno, pedidoId: string, productoId: string, aviso: Aviso, motivo: string) {
      const antes = await estado(e, pedidoId, productoId);
      expect(await avisarFirmado(e.anonimo, aviso)).toMatchObject({ status: 200, body: { recibido: true } });
      const despues = await estado(e, pedidoId, productoId);
      expect(despues.pedido).toEqual(antes.pedido);
      expect(despues.stock).toBe(antes.stock);
      expect(despues.historial.slice(0, -1)).toEqual(antes.historial);
      expect(despues.historial.at(-1)).toEqual({
        tipo: 'ReembolsoRequerido',
        ocurrido_en: expect.any(String),
        // The pedido did not change: the event carries the version it has, and keeps.
        version: antes.pedido.version,
        datos: {
          pedido_id: pedidoId,
          importe_centavos: aviso.importe_centavos,
          referencia: aviso.referencia,
          metodo: aviso.metodo,
          motivo,
          estado: antes.pedido.estado,
        },
      });
    }

    test('of another amount changes nothing but a ReembolsoRequerido', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      await pideReembolso(
        e,
        pedido.id,
        producto.id,
        aprobacion(pedido, { importe_centavos: 2467 }),
        'importe_incorrecto',
      );
      expect((await e.api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body.estado).toBe('confirmado');
    });

    test('for a pedido cancelled meanwhile changes nothing, its stock included, but a ReembolsoRequerido', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const cancelado = (await e.api.patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`, {})).body;
      expect(cancelado.estado).toBe('cancelado');
      await pideReembolso(e, pedido.id, producto.id, aprobacion(pedido), 'estado_no_pagable');
    });

    test('for a carrito changes nothing but a ReembolsoRequerido', async () => {
      const e = entorno();
      const producto = await crearProducto(e.api, { precio_centavos: 500 });
      const { pedido: otro } = await confirmado(e);
      const carrito = (
        await e.api.post<PedidoJson>('/pedidos', {
          cliente_id: otro.cliente_id,
          items: [{ producto_id: producto.id, cantidad: 1 }],
        })
      ).body;
      await pideReembolso(e, carrito.id, producto.id, aprobacion(carrito), 'estado_no_pagable');
    });

    test('for a pedido already paid with another referencia changes nothing but a ReembolsoRequerido', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      expect((await avisarFirmado(e.anonimo, aprobacion(pedido))).status).toBe(200);
      await pideReembolso(e, pedido.id, producto.id, aprobacion(pedido), 'estado_no_pagable');
    });

    test("with a referencia that is already another pedido's payment changes nothing but a ReembolsoRequerido", async () => {
      const e = entorno();
      const primero = (await confirmado(e)).pedido;
      const { pedido, producto } = await confirmado(e);
      const referencia = `ch_${randomUUID()}`;
      expect((await avisarFirmado(e.anonimo, aprobacion(primero, { referencia }))).status).toBe(200);
      await pideReembolso(e, pedido.id, producto.id, aprobacion(pedido, { referencia }), 'referencia_de_otro_pedido');
    });

    test('for a pedido that already holds this very payment, under another id, changes nothing and records nothing', async () => {
      const e = entorno();
      const { pedido, producto } = await confirmado(e);
      const referencia = `ch_${randomUUID()}`;
      await e.api.patch(`/pedidos/${pedido.id}/pagar`, { importe_centavos: 2468, referencia, metodo: 'tarjeta' });
      const antes = await estado(e, pedido.id, producto.id);
      expect((await avisarFirmado(e.anonimo, aprobacion(pedido, { referencia }))).status).toBe(200);
      expect(await estado(e, pedido.id, producto.id)).toEqual({ ...antes, avisos: (antes.avisos ?? 0) + 1 });
    });

    test('for a pedido that does not exist answers 200, and keeps the notice as about no pedido', async () => {
      const e = entorno();
      const { pedido } = await confirmado(e);
      const aviso = aprobacion(pedido, { pedido_id: randomUUID() });
      expect(await avisarFirmado(e.anonimo, aviso)).toMatchObject({ status: 200, body: { recibido: true } });
      const filas = await e.servicio.baseDeDatos.sql<{ desenlace: string }[]>`
        SELECT desenlace FROM avisos_de_pago WHERE id = ${aviso.id}`;
      expect(filas).toEqual([{ desenlace: 'pedido_desconocido' }]);
      const [eventos] = await e.servicio.baseDeDatos.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM eventos WHERE agregado_id = ${aviso.pedido_id}`;
      expect(eventos?.n).toBe(0);
      esperarProblema(await e.api.get(`/pedidos/${aviso.pedido_id}`), 404, 'PEDIDO_NO_ENCONTRADO');
      // Spent as any other: its id again is a repetition.
      expect((await avisarFirmado(e.anonimo, aviso)).status).toBe(200);
      expect((await e.servicio.baseDeDatos.sql`SELECT 1 FROM avisos_de_pago WHERE id = ${aviso.id}`).length).toBe(1);
    });

    test('two payments of one pedido racing each other: exactly one pays it, the other asks for its money back', async () => {
      const e = entorno();
      for (let vuelta = 0; vuelta < 4; vuelta++) {
        const { pedido, producto } = await confirmado(e);
        const avisos = [aprobacion(pedido), aprobacion(pedido)];
        const respuestas = await Promise.all(avisos.map((aviso) => avisarFirmado(e.anonimo, aviso)));
        expect(respuestas.map((r) => r.status)).toEqual([200, 200]);
        const despues = await estado(e, pedido.id, producto.id);
        expect(despues.pedido.estado).toBe('pagado');
        const pagados = despues.historial.filter((h) => h.tipo === 'PedidoPagado');
        const reembolsos = despues.historial.filter((h) => h.tipo === 'ReembolsoRequerido');
        expect(pagados).toHaveLength(1);
        expect(reembolsos).toHaveLength(1);
        const [pagado] = pagados;
        const [reembolso] = reembolsos;
        expect(despues.pedido.pago?.referencia).toBe(pagado?.datos.referencia);
        expect(new Set([pagado?.datos.referencia, reembolso?.datos.referencia])).toEqual(
          new Set(avisos.map((a) => a.referencia)),
        );
        expect(reembolso).toMatchObject({ version: despues.pedido.version, datos: { motivo: 'estado_no_pagable' } });
      }
    });
  });

  test('pago.rechazado changes no pedido and records a PagoRechazado, whatever its state', async () => {
    const e = entorno();
    const { pedido, producto } = await confirmado(e);
    const aviso = aprobacion(pedido, { tipo: 'pago.rechazado' });
    const antes = await estado(e, pedido.id, producto.id);
    expect(await avisarFirmado(e.anonimo, aviso)).toMatchObject({ status: 200, body: { recibido: true } });
    const despues = await estado(e, pedido.id, producto.id);
    expect(despues.pedido).toEqual(antes.pedido);
    expect(despues.stock).toBe(antes.stock);
    expect(despues.historial.at(-1)).toEqual({
      tipo: 'PagoRechazado',
      ocurrido_en: expect.any(String),
      version: pedido.version,
      datos: { pedido_id: pedido.id, importe_centavos: 2468, referencia: aviso.referencia, metodo: 'tarjeta' },
    });
    // A refusal does not stand in the way of the payment that follows.
    expect((await avisarFirmado(e.anonimo, aprobacion(pedido))).status).toBe(200);
    expect((await historial(e, pedido.id)).map((h) => h.tipo).slice(-2)).toEqual(['PagoRechazado', 'PedidoPagado']);
  });

  test("the events of a notice are in the outbox with their own id and the next place in the pedido's history", async () => {
    const e = entorno();
    const { pedido } = await confirmado(e);
    await avisarFirmado(e.anonimo, aprobacion(pedido, { tipo: 'pago.rechazado' }));
    await avisarFirmado(e.anonimo, aprobacion(pedido, { importe_centavos: 1 }));
    await avisarFirmado(e.anonimo, aprobacion(pedido));
    const filas = await e.servicio.baseDeDatos.sql<
      { tipo: string; secuencia: number; eventoId: string; version: number }[]
    >`
      SELECT tipo, secuencia, evento_id, version FROM eventos
      WHERE agregado = 'pedido' AND agregado_id = ${pedido.id} ORDER BY secuencia`;
    expect(filas.map((f) => f.secuencia)).toEqual(filas.map((_, i) => i + 1));
    expect(new Set(filas.map((f) => f.eventoId)).size).toBe(filas.length);
    expect(filas.slice(-3).map(({ tipo, version }) => ({ tipo, version }))).toEqual([
      { tipo: 'PagoRechazado', version: pedido.version },
      { tipo: 'ReembolsoRequerido', version: pedido.version },
      { tipo: 'PedidoPagado', version: pedido.version + 1 },
    ]);
  });
});

describe('the payment webhook without PAGOS_WEBHOOK_SECRETO', () => {
  const entorno = conServicio(undefined);

  test('refuses every notice with 401 FIRMA_INVALIDA, however it is signed, and says so when it starts', async () => {
    const { anonimo, api, lineas } = entorno();
    const producto = await crearProducto(api, { precio_centavos: 100 });
    const aviso = {
      id: 'evt_1',
      tipo: 'pago.aprobado',
      pedido_id: producto.id,
      importe_centavos: 1,
      referencia: 'c',
      metodo: 'm',
    };
    const texto = JSON.stringify(aviso);
    for (const secreto of [SECRETO_DE_PAGOS, '', 'undefined']) {
      esperarProblema(await avisar(anonimo, texto, firmaDePagos(texto, { secreto })), 401, 'FIRMA_INVALIDA');
    }
    expect(lineas.some((l) => l.includes('PAGOS_WEBHOOK_SECRETO is not set'))).toBe(true);
  });
});
