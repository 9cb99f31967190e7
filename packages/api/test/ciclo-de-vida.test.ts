/**
 * The lifecycle past `confirmado` (docs/api-ciclo-de-vida.md): the direccion
 * de envío, pagar, enviar, entregar and cancelar, each with its success and
 * every refusal, the stock a cancellation returns, final states, and racing
 * transitions of one pedido.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { EntradaDeHistorial } from '../src/recursos/pedidos/json.ts';
import {
  bases,
  type Cliente,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PaginaJson,
  type PedidoJson,
  type ProductoJson,
  unico,
} from './apoyo.ts';

const DIRECCION = {
  destinatario: 'Ana Pérez',
  linea1: 'Calle Mayor 1',
  linea2: null,
  ciudad: 'Madrid',
  region: null,
  codigo_postal: '28013',
  pais: 'ES',
};

const put = <T>(api: Cliente, ruta: string, cuerpo?: unknown, cabeceras?: Record<string, string>) =>
  api.pedir<T>('PUT', ruta, cuerpo, cabeceras);

/** A confirmed pedido of `cantidad` units of a fresh producto priced 1250, and that producto. */
async function confirmado(api: Cliente, cantidad = 2) {
  const cliente = await crearCliente(api);
  const producto = await crearProducto(api, { precio_centavos: 1250, stock: 10 });
  const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad }]);
  const r = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`);
  expect(r.status).toBe(200);
  return { pedido: r.body, producto, cliente };
}

const pago = (pedido: PedidoJson, datos: Record<string, unknown> = {}) => ({
  importe_centavos: pedido.total_centavos,
  referencia: `ref-${randomUUID()}`,
  ...datos,
});

async function pagado(api: Cliente, cantidad = 2) {
  const base = await confirmado(api, cantidad);
  const r = await api.patch<PedidoJson>(`/pedidos/${base.pedido.id}/pagar`, pago(base.pedido));
  expect(r.status).toBe(200);
  return { ...base, pedido: r.body };
}

async function enviado(api: Cliente) {
  const base = await pagado(api);
  expect((await put(api, `/pedidos/${base.pedido.id}/direccion-envio`, DIRECCION)).status).toBe(200);
  const r = await api.patch<PedidoJson>(`/pedidos/${base.pedido.id}/enviar`, {
    transportista: 'Correos',
    numero_seguimiento: 'PK1',
  });
  expect(r.status).toBe(200);
  return { ...base, pedido: r.body };
}

const stockDe = async (api: Cliente, id: string) => (await api.get<ProductoJson>(`/productos/${id}`)).body.stock;

describe.each(bases())('the lifecycle on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('POST /pedidos takes a direccion_envio; PUT direccion-envio sets it while carrito, confirmado or pagado', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const conDireccion = await api.post<PedidoJson>('/pedidos', {
      cliente_id: cliente.id,
      direccion_envio: { ...DIRECCION, destinatario: '  Ana  ', pais: 'es', linea2: '2º B' },
    });
    expect(conDireccion.status).toBe(201);
    expect(conDireccion.body.direccion_envio).toEqual({ ...DIRECCION, destinatario: 'Ana', linea2: '2º B' });

    const sin = await crearPedido(api, cliente.id);
    const { linea2: _l, region: _r, ...sinOpcionales } = DIRECCION;
    const r = await put<PedidoJson>(api, `/pedidos/${sin.id}/direccion-envio`, sinOpcionales, { 'If-Match': '"1"' });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"2"');
    expect(r.body).toMatchObject({ direccion_envio: DIRECCION, version: 2, estado: 'carrito' });
    // The same direccion again changes nothing.
    expect((await put<PedidoJson>(api, `/pedidos/${sin.id}/direccion-envio`, DIRECCION)).body.version).toBe(2);

    const p = await pagado(api);
    const otra = { ...DIRECCION, ciudad: 'Sevilla' };
    expect((await put<PedidoJson>(api, `/pedidos/${p.pedido.id}/direccion-envio`, otra)).body).toMatchObject({
      estado: 'pagado',
      direccion_envio: otra,
      version: p.pedido.version + 1,
    });
  });

  test('direccion-envio refusals: fields by name, a stale If-Match, a missing pedido, one past pagado', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const pedido = await crearPedido(api, cliente.id);
    const ruta = `/pedidos/${pedido.id}/direccion-envio`;
    for (const [campo, cambio] of [
      ['pais', { pais: 'ESP' }],
      ['codigo_postal', { codigo_postal: '1'.repeat(21) }],
      ['destinatario', { destinatario: '   ' }],
      ['linea1', { linea1: 'x'.repeat(201) }],
      ['linea2', { linea2: '' }],
      ['ciudad', { ciudad: 'a\nb' }],
    ] as const) {
      const p = esperarProblema(await put(api, ruta, { ...DIRECCION, ...cambio }), 422, 'VALIDACION');
      expect(p.errores.map((e) => e.campo)).toEqual([campo]);
    }
    const falta = esperarProblema(await put(api, ruta, { ...DIRECCION, ciudad: undefined }), 422, 'VALIDACION');
    expect(falta.errores.map((e) => e.campo)).toEqual(['ciudad']);
    const enPost = esperarProblema(
      await api.post('/pedidos', { cliente_id: cliente.id, direccion_envio: { ...DIRECCION, pais: '1' } }),
      422,
      'VALIDACION',
    );
    expect(enPost.errores.map((e) => e.campo)).toEqual(['direccion_envio.pais']);
    esperarProblema(await put(api, ruta, '{'), 400, 'JSON_INVALIDO');
    esperarProblema(await put(api, ruta, DIRECCION, { 'If-Match': '"7"' }), 412, 'VERSION_DESACTUALIZADA');
    esperarProblema(await put(api, `/pedidos/${randomUUID()}/direccion-envio`, DIRECCION), 404, 'PEDIDO_NO_ENCONTRADO');
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body).toMatchObject({
      version: 1,
      direccion_envio: null,
    });

    const e = await enviado(api);
    const p = esperarProblema(
      await put(api, `/pedidos/${e.pedido.id}/direccion-envio`, DIRECCION),
      409,
      'PEDIDO_NO_MODIFICABLE',
    );
    expect(p.estado).toBe('enviado');
    expect(p.detail).toContain('la dirección de envío solo se puede cambiar en carrito, confirmado o pagado');
  });

  test('pagar records exactly the total once; its refusals change nothing', async () => {
    const { api } = entorno();
    const { pedido } = await confirmado(api);
    const ruta = `/pedidos/${pedido.id}/pagar`;
    const referencia = `ref-${unico()}`;

    const importe = esperarProblema(
      await api.patch(ruta, { importe_centavos: pedido.total_centavos - 1, referencia }),
      409,
      'IMPORTE_INCORRECTO',
    );
    expect(importe.esperado_centavos).toBe(2500);
    esperarProblema(
      await api.patch(ruta, { importe_centavos: 2500, referencia }, { 'If-Match': '"1"' }),
      412,
      'VERSION_DESACTUALIZADA',
    );
    for (const [campo, cuerpo] of [
      ['referencia', { importe_centavos: 2500, referencia: ' ' }],
      ['metodo', { importe_centavos: 2500, referencia, metodo: 'x'.repeat(101) }],
      ['importe_centavos', { importe_centavos: -1, referencia }],
      ['importe_centavos', { importe_centavos: 1.5, referencia }],
    ] as const) {
      const p = esperarProblema(await api.patch(ruta, cuerpo), 422, 'VALIDACION');
      expect(p.errores.map((e) => e.campo)).toEqual([campo]);
    }
    esperarProblema(await api.patch(ruta), 400, 'JSON_INVALIDO');
    esperarProblema(
      await api.patch(`/pedidos/${randomUUID()}/pagar`, { importe_centavos: 1, referencia }),
      404,
      'PEDIDO_NO_ENCONTRADO',
    );
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body).toEqual(pedido);

    const r = await api.patch<PedidoJson>(
      ruta,
      { importe_centavos: 2500, referencia: ` ${referencia} ` },
      {
        'If-Match': `"${pedido.version}"`,
      },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(`"${pedido.version + 1}"`);
    expect(r.body).toMatchObject({
      estado: 'pagado',
      version: pedido.version + 1,
      pago: { importe_centavos: 2500, referencia, metodo: 'manual', pagado_en: r.body.actualizado_en },
      envio: null,
      cancelacion: null,
    });

    const otra = esperarProblema(
      await api.patch(ruta, { importe_centavos: 2500, referencia }),
      409,
      'TRANSICION_NO_PERMITIDA',
    );
    expect(otra).toMatchObject({ estado: 'pagado', transicion: 'pagar' });

    // The same referencia for another pedido.
    const segundo = await confirmado(api);
    esperarProblema(
      await api.patch(`/pedidos/${segundo.pedido.id}/pagar`, { importe_centavos: 2500, referencia }),
      409,
      'REFERENCIA_DE_PAGO_DUPLICADA',
    );
    expect((await api.get<PedidoJson>(`/pedidos/${segundo.pedido.id}`)).body.estado).toBe('confirmado');
    const conMetodo = await api.patch<PedidoJson>(
      `/pedidos/${segundo.pedido.id}/pagar`,
      pago(segundo.pedido, { metodo: 'tarjeta' }),
    );
    expect(conMetodo.body.pago?.metodo).toBe('tarjeta');

    // A carrito cannot be paid.
    const carrito = await crearPedido(api, (await crearCliente(api)).id);
    expect(
      esperarProblema(
        await api.patch(`/pedidos/${carrito.id}/pagar`, { importe_centavos: 0, referencia: `r-${unico()}` }),
        409,
        'TRANSICION_NO_PERMITIDA',
      ),
    ).toMatchObject({ estado: 'carrito', transicion: 'pagar' });
  });

  test('enviar needs pagado and a direccion; entregar needs enviado', async () => {
    const { api } = entorno();
    const envio = { transportista: 'Correos', numero_seguimiento: 'PK123' };
    const { pedido } = await pagado(api);
    const ruta = `/pedidos/${pedido.id}`;
    esperarProblema(await api.patch(`${ruta}/enviar`, envio), 409, 'DIRECCION_DE_ENVIO_FALTANTE');
    const p = esperarProblema(
      await api.patch(`${ruta}/enviar`, { ...envio, numero_seguimiento: '' }),
      422,
      'VALIDACION',
    );
    expect(p.errores.map((e) => e.campo)).toEqual(['numero_seguimiento']);
    esperarProblema(await api.patch(`${ruta}/enviar`, { transportista: 'Correos' }), 422, 'VALIDACION');
    esperarProblema(await api.patch(`${ruta}/entregar`), 409, 'TRANSICION_NO_PERMITIDA');
    esperarProblema(await api.patch(`/pedidos/${randomUUID()}/enviar`, envio), 404, 'PEDIDO_NO_ENCONTRADO');
    esperarProblema(await api.patch(`/pedidos/${randomUUID()}/entregar`), 404, 'PEDIDO_NO_ENCONTRADO');

    const conDireccion = await put<PedidoJson>(api, `${ruta}/direccion-envio`, DIRECCION);
    const v = conDireccion.body.version;
    esperarProblema(
      await api.patch(`${ruta}/enviar`, envio, { 'If-Match': `"${v - 1}"` }),
      412,
      'VERSION_DESACTUALIZADA',
    );
    const enviadoR = await api.patch<PedidoJson>(`${ruta}/enviar`, envio, { 'If-Match': `"${v}"` });
    expect(enviadoR.status).toBe(200);
    expect(enviadoR.headers.get('etag')).toBe(`"${v + 1}"`);
    expect(enviadoR.body).toMatchObject({
      estado: 'enviado',
      version: v + 1,
      envio: { transportista: 'Correos', numero_seguimiento: 'PK123', enviado_en: enviadoR.body.actualizado_en },
      entregado_en: null,
    });
    expect(esperarProblema(await api.patch(`${ruta}/enviar`, envio), 409, 'TRANSICION_NO_PERMITIDA')).toMatchObject({
      estado: 'enviado',
      transicion: 'enviar',
    });
    esperarProblema(
      await api.patch(`${ruta}/entregar`, undefined, { 'If-Match': '"1"' }),
      412,
      'VERSION_DESACTUALIZADA',
    );

    const entregadoR = await api.patch<PedidoJson>(`${ruta}/entregar`);
    expect(entregadoR.status).toBe(200);
    expect(entregadoR.body).toMatchObject({
      estado: 'entregado',
      version: v + 2,
      entregado_en: entregadoR.body.actualizado_en,
      pago: { importe_centavos: 2500 },
      direccion_envio: DIRECCION,
    });
  });

  test('a final state refuses everything and changes nothing', async () => {
    const { api } = entorno();
    const entregado = await enviado(api);
    await api.patch(`/pedidos/${entregado.pedido.id}/entregar`);
    const cancelado = await confirmado(api);
    await api.patch(`/pedidos/${cancelado.pedido.id}/cancelar`);
    for (const { pedido, producto } of [entregado, cancelado]) {
      const ruta = `/pedidos/${pedido.id}`;
      const antes = (await api.get<PedidoJson>(ruta)).body;
      const estado = antes.estado;
      for (const [transicion, cuerpo] of [
        ['pagar', { importe_centavos: 2500, referencia: `r-${unico()}` }],
        ['enviar', { transportista: 'Correos', numero_seguimiento: 'X' }],
        ['entregar', undefined],
        ['cancelar', undefined],
      ] as const) {
        const p = esperarProblema(await api.patch(`${ruta}/${transicion}`, cuerpo), 409, 'TRANSICION_NO_PERMITIDA');
        expect(p).toMatchObject({ estado, transicion });
      }
      esperarProblema(await api.patch(`${ruta}/confirmar`), 409, 'PEDIDO_NO_MODIFICABLE');
      esperarProblema(await put(api, `${ruta}/direccion-envio`, DIRECCION), 409, 'PEDIDO_NO_MODIFICABLE');
      esperarProblema(
        await api.post(`${ruta}/items`, { producto_id: producto.id, cantidad: 1 }),
        409,
        'PEDIDO_NO_MODIFICABLE',
      );
      expect((await api.get<PedidoJson>(ruta)).body).toEqual(antes);
    }
  });

  test('cancelar: from carrito without a body, from confirmado with restock, from pagado with a refund', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const carrito = await crearPedido(api, cliente.id);
    const sinCuerpo = await api.patch<PedidoJson>(`/pedidos/${carrito.id}/cancelar`);
    expect(sinCuerpo.status).toBe(200);
    expect(sinCuerpo.headers.get('etag')).toBe('"2"');
    expect(sinCuerpo.body).toMatchObject({
      estado: 'cancelado',
      version: 2,
      cancelacion: {
        motivo: null,
        estado_anterior: 'carrito',
        reembolso_centavos: 0,
        cancelado_en: sinCuerpo.body.actualizado_en,
      },
    });
    // A bodiless request with a JSON Content-Type is bodiless too.
    const otro = await crearPedido(api, cliente.id);
    const conTipo = await api.patch(`/pedidos/${otro.id}/cancelar`, undefined, { 'content-type': 'application/json' });
    expect(conTipo.status).toBe(200);

    const c = await confirmado(api, 3);
    expect(await stockDe(api, c.producto.id)).toBe(7);
    // The producto's inactivity does not keep its stock from coming back.
    await api.patch(`/productos/${c.producto.id}`, { estado: 'inactivo' });
    const ruta = `/pedidos/${c.pedido.id}/cancelar`;
    esperarProblema(await api.patch(ruta, { motivo: 'x'.repeat(501) }), 422, 'VALIDACION');
    esperarProblema(await api.patch(ruta, { motivo: 1 }), 422, 'VALIDACION');
    esperarProblema(await api.patch(ruta, { razon: 'x' }), 422, 'VALIDACION');
    esperarProblema(await api.patch(ruta, '{'), 400, 'JSON_INVALIDO');
    esperarProblema(await api.patch(ruta, {}, { 'If-Match': '"1"' }), 412, 'VERSION_DESACTUALIZADA');
    esperarProblema(await api.patch(`/pedidos/${randomUUID()}/cancelar`), 404, 'PEDIDO_NO_ENCONTRADO');
    expect(await stockDe(api, c.producto.id)).toBe(7);
    const r = await api.patch<PedidoJson>(
      ruta,
      { motivo: '  Ya no lo quiere  ' },
      { 'If-Match': `"${c.pedido.version}"` },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      estado: 'cancelado',
      version: c.pedido.version + 1,
      confirmado_en: c.pedido.confirmado_en,
      cancelacion: { motivo: 'Ya no lo quiere', estado_anterior: 'confirmado', reembolso_centavos: 0 },
    });
    expect(await stockDe(api, c.producto.id)).toBe(10);
    // Only once.
    esperarProblema(await api.patch(ruta), 409, 'TRANSICION_NO_PERMITIDA');
    expect(await stockDe(api, c.producto.id)).toBe(10);

    const p = await pagado(api, 4);
    expect(await stockDe(api, p.producto.id)).toBe(6);
    const reembolso = await api.patch<PedidoJson>(`/pedidos/${p.pedido.id}/cancelar`, { motivo: null });
    expect(reembolso.body).toMatchObject({
      estado: 'cancelado',
      pago: { importe_centavos: 5000 },
      cancelacion: { motivo: null, estado_anterior: 'pagado', reembolso_centavos: 5000 },
    });
    expect(await stockDe(api, p.producto.id)).toBe(10);

    const e = await enviado(api);
    expect(
      esperarProblema(await api.patch(`/pedidos/${e.pedido.id}/cancelar`), 409, 'TRANSICION_NO_PERMITIDA'),
    ).toMatchObject({ estado: 'enviado', transicion: 'cancelar' });
  });

  test('every estado is a filter of GET /pedidos and GET /clientes/{id}/pedidos', async () => {
    const { api } = entorno();
    const p = await pagado(api);
    const cliente = p.cliente.id;
    const carrito = await crearPedido(api, cliente);
    const cancelado = await crearPedido(api, cliente);
    await api.patch(`/pedidos/${cancelado.id}/cancelar`);
    for (const [estado, ids] of [
      ['carrito', [carrito.id]],
      ['confirmado', []],
      ['pagado', [p.pedido.id]],
      ['enviado', []],
      ['entregado', []],
      ['cancelado', [cancelado.id]],
    ] as const) {
      for (const ruta of [
        `/pedidos?cliente_id=${cliente}&estado=${estado}`,
        `/clientes/${cliente}/pedidos?estado=${estado}`,
      ]) {
        const r = await api.get<{ items: PedidoJson[] }>(ruta);
        expect(r.status).toBe(200);
        expect(r.body.items.map((x) => x.id)).toEqual(ids);
      }
    }
  });

  test('a transition with an Idempotency-Key is applied once and replayed', async () => {
    const { api } = entorno();
    const { pedido, producto } = await confirmado(api);
    const clave = { 'Idempotency-Key': `cancelar-${unico()}` };
    const primera = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`, undefined, clave);
    const segunda = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`, undefined, clave);
    expect(primera.status).toBe(200);
    expect(segunda.status).toBe(200);
    expect(segunda.headers.get('idempotency-replayed')).toBe('true');
    expect(segunda.body).toEqual(primera.body);
    expect(await stockDe(api, producto.id)).toBe(10);
  });

  test('two concurrent cancels of one pedido: exactly one 200, the other 409, and the stock comes back once', async () => {
    const { api } = entorno();
    for (let vuelta = 0; vuelta < 5; vuelta++) {
      const { pedido, producto } = await confirmado(api, 3);
      const respuestas = await Promise.all([
        api.patch(`/pedidos/${pedido.id}/cancelar`, { motivo: 'a' }),
        api.patch(`/pedidos/${pedido.id}/cancelar`, { motivo: 'b' }),
      ]);
      expect(respuestas.map((r) => r.status).sort()).toEqual([200, 409]);
      const rechazada = respuestas.find((r) => r.status === 409);
      if (rechazada !== undefined) esperarProblema(rechazada, 409, 'TRANSICION_NO_PERMITIDA');
      expect(await stockDe(api, producto.id)).toBe(10);
    }
  });

  test('a pagar racing a cancelar, both with If-Match: exactly one wins, the other is refused, never a 5xx', async () => {
    const { api } = entorno();
    for (let vuelta = 0; vuelta < 5; vuelta++) {
      const { pedido, producto } = await confirmado(api, 3);
      const siVersion = { 'If-Match': `"${pedido.version}"` };
      const [pagar, cancelar] = await Promise.all([
        api.patch<PedidoJson>(`/pedidos/${pedido.id}/pagar`, pago(pedido), siVersion),
        api.patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`, undefined, siVersion),
      ]);
      const estados = [pagar.status, cancelar.status];
      expect(estados.filter((s) => s === 200)).toHaveLength(1);
      expect(estados.every((s) => s === 200 || s === 409 || s === 412)).toBe(true);
      const final = (await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body;
      expect(final.version).toBe(pedido.version + 1);
      if (pagar.status === 200) {
        expect(final.estado).toBe('pagado');
        expect(await stockDe(api, producto.id)).toBe(7);
      } else {
        expect(final).toMatchObject({ estado: 'cancelado', pago: null });
        expect(await stockDe(api, producto.id)).toBe(10);
      }
    }
  });

  test('a pagar racing a cancelar without If-Match: applied one after the other, a cancel after the payment refunds it', async () => {
    const { api } = entorno();
    for (let vuelta = 0; vuelta < 5; vuelta++) {
      const { pedido, producto } = await confirmado(api, 3);
      const [pagar, cancelar] = await Promise.all([
        api.patch<PedidoJson>(`/pedidos/${pedido.id}/pagar`, pago(pedido)),
        api.patch<PedidoJson>(`/pedidos/${pedido.id}/cancelar`),
      ]);
      expect(cancelar.status).toBe(200);
      const final = (await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body;
      expect(final.estado).toBe('cancelado');
      expect(await stockDe(api, producto.id)).toBe(10);
      if (pagar.status === 200) {
        // The payment came first: the cancellation refunds it.
        expect(final.cancelacion).toMatchObject({ estado_anterior: 'pagado', reembolso_centavos: 3750 });
        expect(final.version).toBe(pedido.version + 2);
      } else {
        esperarProblema(pagar, 409, 'TRANSICION_NO_PERMITIDA');
        expect(final).toMatchObject({
          pago: null,
          cancelacion: { estado_anterior: 'confirmado', reembolso_centavos: 0 },
        });
        expect(final.version).toBe(pedido.version + 1);
      }
    }
  });

  test('historial: every change, oldest first, each with the version it left, in the shapes of the contract', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const a = await crearProducto(api, { precio_centavos: 1250, stock: 10 });
    const b = await crearProducto(api, { precio_centavos: 300, stock: 10 });
    const creado = await api.post<PedidoJson>('/pedidos', {
      cliente_id: cliente.id,
      items: [
        { producto_id: a.id, cantidad: 2 },
        { producto_id: b.id, cantidad: 1 },
      ],
      direccion_envio: DIRECCION,
    });
    expect(creado.status).toBe(201);
    const id = creado.body.id;
    expect((await api.post(`/pedidos/${id}/items`, { producto_id: b.id, cantidad: 2 })).status).toBe(201);
    expect((await api.patch(`/pedidos/${id}/items`, { producto_id: a.id, cantidad: 1 })).status).toBe(200);
    expect((await api.pedir('DELETE', `/pedidos/${id}/items/${b.id}`)).status).toBe(200);
    const confirmado = await api.patch<PedidoJson>(`/pedidos/${id}/confirmar`);
    expect(confirmado.status).toBe(200);
    const referencia = `ref-${randomUUID()}`;
    expect((await api.patch(`/pedidos/${id}/pagar`, { importe_centavos: 1250, referencia })).status).toBe(200);
    const cancelado = await api.patch<PedidoJson>(`/pedidos/${id}/cancelar`, { motivo: 'Sin stock en tienda' });
    expect(cancelado.status).toBe(200);

    const r = await api.get<PaginaJson<Record<string, unknown>>>(`/pedidos/${id}/historial`);
    expect(r.status).toBe(200);
    for (const entrada of r.body.items) expect(EntradaDeHistorial.safeParse(entrada).error).toBeUndefined();
    expect(r.body.items.map((e) => [e.tipo, e.version])).toEqual([
      ['PedidoCreado', 1],
      ['DireccionDeEnvioCambiada', 1],
      ['ItemAgregado', 1],
      ['ItemAgregado', 1],
      ['ItemAgregado', 2],
      ['CantidadDeItemCambiada', 3],
      ['ItemQuitado', 4],
      ['PedidoConfirmado', 5],
      ['PedidoPagado', 6],
      ['PedidoCancelado', 7],
    ]);
    expect(r.body).toMatchObject({ page: 1, limit: 20, total: 10, total_pages: 1 });
    expect(r.body.items.at(-1)?.version).toBe(cancelado.body.version);
    const instantes = r.body.items.map((e) => Date.parse(String(e.ocurrido_en)));
    expect(instantes).toEqual([...instantes].sort((x, y) => x - y));
    expect(r.body.items[0]?.ocurrido_en).toBe(creado.body.creado_en);
    expect(r.body.items.at(-1)?.ocurrido_en).toBe(cancelado.body.cancelacion?.cancelado_en);

    const datos = r.body.items.map((e) => e.datos);
    expect(datos[0]).toEqual({ pedido_id: id, cliente_id: cliente.id });
    expect(datos[1]).toEqual({ pedido_id: id, direccion: DIRECCION });
    expect(datos[4]).toEqual({
      pedido_id: id,
      producto_id: b.id,
      cantidad: 2,
      cantidad_en_linea: 3,
      precio_unitario_centavos: 300,
    });
    expect(datos[5]).toEqual({ pedido_id: id, producto_id: a.id, cantidad_anterior: 2, cantidad: 1 });
    expect(datos[6]).toEqual({ pedido_id: id, producto_id: b.id, cantidad: 3 });
    expect(datos[7]).toEqual({
      pedido_id: id,
      cliente_id: cliente.id,
      items: confirmado.body.items,
      total_cantidad: 1,
      total_centavos: 1250,
    });
    expect(datos[8]).toEqual({ pedido_id: id, importe_centavos: 1250, referencia, metodo: 'manual' });
    expect(datos[9]).toEqual({
      pedido_id: id,
      motivo: 'Sin stock en tienda',
      estado_anterior: 'pagado',
      reembolso_centavos: 1250,
    });

    const segunda = await api.get<PaginaJson<Record<string, unknown>>>(`/pedidos/${id}/historial?limit=4&page=2`);
    expect(segunda.status).toBe(200);
    expect(segunda.body).toMatchObject({ page: 2, limit: 4, total: 10, total_pages: 3 });
    expect(segunda.body.items).toEqual(r.body.items.slice(4, 8));
    const pasada = await api.get<PaginaJson<unknown>>(`/pedidos/${id}/historial?page=9`);
    expect(pasada.body).toMatchObject({ items: [], page: 9, total: 10 });
  });

  test('historial of a shipped and delivered pedido records the carrier and the direccion it left for', async () => {
    const { api } = entorno();
    const { pedido } = await enviado(api);
    expect((await api.patch(`/pedidos/${pedido.id}/entregar`)).status).toBe(200);
    const r = await api.get<PaginaJson<Record<string, unknown>>>(`/pedidos/${pedido.id}/historial?limit=100`);
    for (const entrada of r.body.items) expect(EntradaDeHistorial.safeParse(entrada).error).toBeUndefined();
    const [enviadoEn, entregadoEn] = r.body.items.slice(-2);
    expect(enviadoEn).toMatchObject({
      tipo: 'PedidoEnviado',
      datos: { pedido_id: pedido.id, transportista: 'Correos', numero_seguimiento: 'PK1', direccion: DIRECCION },
    });
    expect(entregadoEn).toMatchObject({ tipo: 'PedidoEntregado', datos: { pedido_id: pedido.id } });
    expect(entregadoEn?.version).toBe(Number(enviadoEn?.version) + 1);
  });

  test('historial refusals: a pedido that does not exist, a page out of range, an unknown parameter', async () => {
    const { api } = entorno();
    esperarProblema(await api.get(`/pedidos/${randomUUID()}/historial`), 404, 'PEDIDO_NO_ENCONTRADO');
    const { pedido } = await confirmado(api);
    esperarProblema(await api.get(`/pedidos/${pedido.id}/historial?limit=0`), 422, 'VALIDACION');
    esperarProblema(await api.get(`/pedidos/${pedido.id}/historial?limit=101`), 422, 'VALIDACION');
    esperarProblema(await api.get(`/pedidos/${pedido.id}/historial?page=0`), 422, 'VALIDACION');
    esperarProblema(await api.get(`/pedidos/${pedido.id}/historial?orden=desc`), 422, 'VALIDACION');
    esperarProblema(await api.get('/pedidos/no-es-un-uuid/historial'), 422, 'VALIDACION');
  });
});
