import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  bases,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PaginaDePedidosJson,
  type PedidoJson,
  type ProductoJson,
} from './apoyo.ts';

describe.each(bases())('pedidos on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('POST /pedidos opens a carrito; lines of the same producto are summed; ETag is the version', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const cafe = await crearProducto(api, { nombre: 'Café', precio_centavos: 1250, stock: 10 });
    const te = await crearProducto(api, { nombre: 'Té', precio_centavos: 300, stock: 10 });
    const r = await api.post<PedidoJson>('/pedidos', {
      cliente_id: cliente.id,
      items: [
        { producto_id: cafe.id, cantidad: 2 },
        { producto_id: te.id, cantidad: 1 },
        { producto_id: cafe.id, cantidad: 3 },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      cliente_id: cliente.id,
      estado: 'carrito',
      items: [
        { producto_id: cafe.id, nombre: 'Café', cantidad: 5, precio_unitario_centavos: 1250, subtotal_centavos: 6250 },
        { producto_id: te.id, nombre: 'Té', cantidad: 1, precio_unitario_centavos: 300, subtotal_centavos: 300 },
      ],
      total_cantidad: 6,
      total_centavos: 6550,
      creado_en: expect.any(String),
      actualizado_en: r.body.creado_en,
      confirmado_en: null,
      direccion_envio: null,
      pago: null,
      envio: null,
      entregado_en: null,
      cancelacion: null,
      version: 1,
    });
    expect(r.headers.get('location')).toBe(`/pedidos/${r.body.id}`);
    expect(r.headers.get('etag')).toBe('"1"');

    const leido = await api.get<PedidoJson>(`/pedidos/${r.body.id}`);
    expect(leido).toMatchObject({ status: 200, body: r.body });
    expect(leido.headers.get('etag')).toBe('"1"');
    // Stock is not reserved by a cart.
    expect((await api.get<ProductoJson>(`/productos/${cafe.id}`)).body.stock).toBe(10);
  });

  test('POST /pedidos without items, and its refusals', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const vacio = await api.post<PedidoJson>('/pedidos', { cliente_id: cliente.id });
    expect(vacio).toMatchObject({ status: 201, body: { items: [], total_cantidad: 0, total_centavos: 0 } });

    const escaso = await crearProducto(api, { stock: 2 });
    const otro = await crearProducto(api, { stock: 1 });
    const inactivo = await crearProducto(api, { estado: 'inactivo' });
    esperarProblema(await api.post('/pedidos', { cliente_id: randomUUID() }), 404, 'CLIENTE_NO_ENCONTRADO');
    const sinProducto = esperarProblema(
      await api.post('/pedidos', { cliente_id: cliente.id, items: [{ producto_id: randomUUID(), cantidad: 1 }] }),
      404,
      'PRODUCTO_NO_ENCONTRADO',
    );
    expect(sinProducto.producto_id).toEqual(expect.any(String));
    const noDisponible = esperarProblema(
      await api.post('/pedidos', { cliente_id: cliente.id, items: [{ producto_id: inactivo.id, cantidad: 1 }] }),
      409,
      'PRODUCTO_NO_DISPONIBLE',
    );
    expect(noDisponible.producto_id).toBe(inactivo.id);
    const corto = esperarProblema(
      await api.post('/pedidos', {
        cliente_id: cliente.id,
        items: [
          { producto_id: escaso.id, cantidad: 2 },
          { producto_id: escaso.id, cantidad: 1 },
        ],
      }),
      409,
      'STOCK_INSUFICIENTE',
    );
    expect(corto.faltantes).toEqual([{ producto_id: escaso.id, solicitado: 3, disponible: 2 }]);
    const variosCortos = esperarProblema(
      await api.post('/pedidos', {
        cliente_id: cliente.id,
        items: [
          { producto_id: escaso.id, cantidad: 3 },
          { producto_id: otro.id, cantidad: 1 },
          { producto_id: otro.id, cantidad: 1 },
        ],
      }),
      409,
      'STOCK_INSUFICIENTE',
    );
    expect(variosCortos.faltantes).toEqual([
      { producto_id: escaso.id, solicitado: 3, disponible: 2 },
      { producto_id: otro.id, solicitado: 2, disponible: 1 },
    ]);

    for (const cuerpo of [
      {},
      { cliente_id: 'x' },
      { cliente_id: cliente.id, items: [{ producto_id: escaso.id, cantidad: 0 }] },
      { cliente_id: cliente.id, items: [{ producto_id: escaso.id, cantidad: -1 }] },
      { cliente_id: cliente.id, items: [{ producto_id: escaso.id }] },
      { cliente_id: cliente.id, items: {} },
      { cliente_id: cliente.id, estado: 'confirmado' },
    ]) {
      esperarProblema(await api.post('/pedidos', cuerpo), 422, 'VALIDACION');
    }
    const problema = esperarProblema(
      await api.post('/pedidos', { cliente_id: cliente.id, items: [{ producto_id: escaso.id, cantidad: 'dos' }] }),
      422,
      'VALIDACION',
    );
    expect(problema.errores).toEqual([{ campo: 'items.0.cantidad', mensaje: expect.any(String) }]);
    const deEseCliente = await api.get<PaginaDePedidosJson>(`/pedidos?cliente_id=${cliente.id}`);
    expect(deEseCliente.body.total).toBe(1);
  });

  test('items: POST adds (201, merging), PATCH sets, 0 removes, DELETE removes; order of first addition kept', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const a = await crearProducto(api, { precio_centavos: 100, stock: 20 });
    const b = await crearProducto(api, { precio_centavos: 200, stock: 20 });
    const pedido = await crearPedido(api, cliente.id);
    const ruta = `/pedidos/${pedido.id}/items`;

    const agregado = await api.post<PedidoJson>(ruta, { producto_id: a.id, cantidad: 2 });
    expect(agregado.status).toBe(201);
    expect(agregado.headers.get('location')).toBe(`/pedidos/${pedido.id}`);
    expect(agregado.headers.get('etag')).toBe('"2"');
    await api.post(ruta, { producto_id: b.id, cantidad: 1 });
    const sumado = await api.post<PedidoJson>(ruta, { producto_id: a.id, cantidad: 3 });
    expect(sumado.body.items.map((i) => [i.producto_id, i.cantidad])).toEqual([
      [a.id, 5],
      [b.id, 1],
    ]);
    expect(sumado.body).toMatchObject({ total_cantidad: 6, total_centavos: 700, version: 4 });

    const fijado = await api.patch<PedidoJson>(ruta, { producto_id: b.id, cantidad: 4 });
    expect(fijado.status).toBe(200);
    expect(fijado.body.items.map((i) => [i.producto_id, i.cantidad])).toEqual([
      [a.id, 5],
      [b.id, 4],
    ]);

    const sinA = await api.patch<PedidoJson>(ruta, { producto_id: a.id, cantidad: 0 });
    expect(sinA.body.items.map((i) => i.producto_id)).toEqual([b.id]);
    const version = sinA.body.version;
    const nada = await api.patch<PedidoJson>(ruta, { producto_id: a.id, cantidad: 0 });
    expect(nada).toMatchObject({ status: 200, body: { version } });

    const creadoPorPatch = await api.patch<PedidoJson>(ruta, { producto_id: a.id, cantidad: 1 });
    expect(creadoPorPatch.body.items.map((i) => i.producto_id)).toEqual([b.id, a.id]);

    const borrado = await api.delete<PedidoJson>(`${ruta}/${b.id}`);
    expect(borrado.status).toBe(200);
    expect(borrado.body.items.map((i) => i.producto_id)).toEqual([a.id]);
    esperarProblema(await api.delete(`${ruta}/${b.id}`), 404, 'ITEM_NO_ENCONTRADO');
  });

  test('items: refusals change nothing', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const escaso = await crearProducto(api, { stock: 3 });
    const inactivo = await crearProducto(api, { estado: 'inactivo', stock: 5 });
    const pedido = await crearPedido(api, cliente.id, [{ producto_id: escaso.id, cantidad: 2 }]);
    const ruta = `/pedidos/${pedido.id}/items`;

    const corto = esperarProblema(
      await api.post(ruta, { producto_id: escaso.id, cantidad: 2 }),
      409,
      'STOCK_INSUFICIENTE',
    );
    expect(corto.faltantes).toEqual([{ producto_id: escaso.id, solicitado: 4, disponible: 3 }]);
    esperarProblema(await api.patch(ruta, { producto_id: escaso.id, cantidad: 4 }), 409, 'STOCK_INSUFICIENTE');
    esperarProblema(await api.post(ruta, { producto_id: inactivo.id, cantidad: 1 }), 409, 'PRODUCTO_NO_DISPONIBLE');
    esperarProblema(await api.patch(ruta, { producto_id: inactivo.id, cantidad: 1 }), 409, 'PRODUCTO_NO_DISPONIBLE');
    esperarProblema(await api.post(ruta, { producto_id: randomUUID(), cantidad: 1 }), 404, 'PRODUCTO_NO_ENCONTRADO');
    esperarProblema(
      await api.post(`/pedidos/${randomUUID()}/items`, { producto_id: escaso.id, cantidad: 1 }),
      404,
      'PEDIDO_NO_ENCONTRADO',
    );
    esperarProblema(await api.patch(ruta, { producto_id: escaso.id, cantidad: -1 }), 422, 'VALIDACION');
    esperarProblema(await api.post(ruta, { producto_id: escaso.id, cantidad: 0 }), 422, 'VALIDACION');
    esperarProblema(await api.delete(`${ruta}/no-uuid`), 422, 'VALIDACION');

    expect((await api.get(`/pedidos/${pedido.id}`)).body).toEqual(pedido);
  });

  test('If-Match: the current version passes, a stale one is 412 and changes nothing, a malformed one 422', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 10 });
    const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 1 }]);
    const ruta = `/pedidos/${pedido.id}/items`;

    const bien = await api.post<PedidoJson>(ruta, { producto_id: producto.id, cantidad: 1 }, { 'If-Match': '"1"' });
    expect(bien).toMatchObject({ status: 201, body: { version: 2 } });
    const viejo = esperarProblema(
      await api.patch(ruta, { producto_id: producto.id, cantidad: 5 }, { 'If-Match': '"1"' }),
      412,
      'VERSION_DESACTUALIZADA',
    );
    expect(viejo.version_actual).toBe(2);
    esperarProblema(await api.delete(`${ruta}/${producto.id}`, { 'If-Match': '"1"' }), 412, 'VERSION_DESACTUALIZADA');
    esperarProblema(
      await api.patch(`/pedidos/${pedido.id}/confirmar`, undefined, { 'If-Match': '"1"' }),
      412,
      'VERSION_DESACTUALIZADA',
    );
    for (const ifMatch of ['v2', '"2', '"2", "3"', "'2'"]) {
      esperarProblema(
        await api.patch(`/pedidos/${pedido.id}/confirmar`, undefined, { 'If-Match': ifMatch }),
        422,
        'VALIDACION',
      );
    }
    // Tags that are well formed but never match a version: weak ones (strong comparison) and non-numbers.
    for (const ifMatch of ['W/"2"', '"abc"', '"0"']) {
      esperarProblema(
        await api.patch(`/pedidos/${pedido.id}/confirmar`, undefined, { 'If-Match': ifMatch }),
        412,
        'VERSION_DESACTUALIZADA',
      );
    }
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body).toMatchObject({ version: 2, estado: 'carrito' });

    const sinCambio = await api.patch<PedidoJson>(ruta, { producto_id: producto.id, cantidad: 2 }, { 'If-Match': '*' });
    expect(sinCambio).toMatchObject({ status: 200, body: { version: 2 } });
    const confirmado = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`, undefined, {
      'If-Match': '"abc", "2"',
    });
    expect(confirmado).toMatchObject({ status: 200, body: { estado: 'confirmado', version: 3 } });
    expect(confirmado.headers.get('etag')).toBe('"3"');
  });

  test('confirmar deducts stock, freezes prices, and then the pedido refuses every change', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const a = await crearProducto(api, { nombre: 'A', precio_centavos: 150, stock: 5 });
    const b = await crearProducto(api, { nombre: 'B', precio_centavos: 990, stock: 2 });
    const pedido = await crearPedido(api, cliente.id, [
      { producto_id: a.id, cantidad: 5 },
      { producto_id: b.id, cantidad: 1 },
    ]);
    // While a carrito, the price shown is the producto's current one.
    await api.patch(`/productos/${a.id}`, { precio_centavos: 200 });
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body.items[0]?.precio_unitario_centavos).toBe(200);

    const r = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      estado: 'confirmado',
      total_cantidad: 6,
      total_centavos: 5 * 200 + 990,
      version: pedido.version + 1,
    });
    expect(r.body.confirmado_en).toEqual(expect.any(String));
    expect((await api.get<ProductoJson>(`/productos/${a.id}`)).body.stock).toBe(0);
    expect((await api.get<ProductoJson>(`/productos/${b.id}`)).body.stock).toBe(1);

    await api.patch(`/productos/${a.id}`, { precio_centavos: 999, nombre: 'A renombrado' });
    expect((await api.get(`/pedidos/${pedido.id}`)).body).toEqual(r.body);

    const ruta = `/pedidos/${pedido.id}`;
    esperarProblema(await api.patch(`${ruta}/confirmar`), 409, 'PEDIDO_NO_MODIFICABLE');
    esperarProblema(await api.post(`${ruta}/items`, { producto_id: b.id, cantidad: 1 }), 409, 'PEDIDO_NO_MODIFICABLE');
    esperarProblema(await api.patch(`${ruta}/items`, { producto_id: b.id, cantidad: 1 }), 409, 'PEDIDO_NO_MODIFICABLE');
    esperarProblema(await api.delete(`${ruta}/items/${a.id}`), 409, 'PEDIDO_NO_MODIFICABLE');
    expect((await api.get(ruta)).body).toEqual(r.body);
  });

  test('confirmar refuses an empty pedido, an inactive producto, and reports every short line; nothing changes', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    esperarProblema(
      await api.patch(`/pedidos/${(await crearPedido(api, cliente.id)).id}/confirmar`),
      409,
      'PEDIDO_VACIO',
    );
    esperarProblema(await api.patch(`/pedidos/${randomUUID()}/confirmar`), 404, 'PEDIDO_NO_ENCONTRADO');

    const a = await crearProducto(api, { stock: 4 });
    const b = await crearProducto(api, { stock: 4 });
    const c = await crearProducto(api, { stock: 4 });
    const pedido = await crearPedido(api, cliente.id, [
      { producto_id: a.id, cantidad: 3 },
      { producto_id: b.id, cantidad: 4 },
      { producto_id: c.id, cantidad: 2 },
    ]);
    await api.patch(`/productos/${a.id}`, { stock: 1 });
    await api.patch(`/productos/${b.id}`, { stock: 0 });
    const corto = esperarProblema(await api.patch(`/pedidos/${pedido.id}/confirmar`), 409, 'STOCK_INSUFICIENTE');
    expect(corto.faltantes).toEqual([
      { producto_id: a.id, solicitado: 3, disponible: 1 },
      { producto_id: b.id, solicitado: 4, disponible: 0 },
    ]);
    expect((await api.get<ProductoJson>(`/productos/${c.id}`)).body.stock).toBe(4);
    expect((await api.get(`/pedidos/${pedido.id}`)).body).toEqual(pedido);

    await api.patch(`/productos/${a.id}`, { stock: 10 });
    await api.patch(`/productos/${b.id}`, { stock: 10, estado: 'inactivo' });
    const inactivo = esperarProblema(await api.patch(`/pedidos/${pedido.id}/confirmar`), 409, 'PRODUCTO_NO_DISPONIBLE');
    expect(inactivo.producto_id).toBe(b.id);
    expect((await api.get<ProductoJson>(`/productos/${a.id}`)).body.stock).toBe(10);
  });

  test('GET /pedidos filters by cliente, estado, producto and dates, with totals over every match', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const a = await crearProducto(api, { precio_centavos: 100, stock: 1000 });
    const b = await crearProducto(api, { precio_centavos: 1000, stock: 1000 });
    const creados: PedidoJson[] = [];
    for (let i = 1; i <= 5; i++) {
      creados.push(await crearPedido(api, cliente.id, [{ producto_id: i % 2 === 0 ? b.id : a.id, cantidad: i }]));
    }
    await api.patch(`/pedidos/${creados[0]?.id}/confirmar`);
    const base = `/pedidos?cliente_id=${cliente.id}`;

    const pagina = await api.get<PaginaDePedidosJson>(`${base}&limit=2`);
    expect(pagina.status).toBe(200);
    expect(pagina.body).toMatchObject({
      page: 1,
      limit: 2,
      total: 5,
      total_pages: 3,
      total_cantidad: 15,
      total_centavos: (1 + 3 + 5) * 100 + (2 + 4) * 1000,
    });
    expect(pagina.body.items.map((p) => p.id)).toEqual([creados[4]?.id, creados[3]?.id]);

    const conB = await api.get<PaginaDePedidosJson>(`${base}&producto_id=${b.id}`);
    expect(conB.body).toMatchObject({ total: 2, total_cantidad: 6, total_centavos: 6000 });
    const confirmados = await api.get<PaginaDePedidosJson>(`${base}&estado=confirmado`);
    expect(confirmados.body.items.map((p) => p.id)).toEqual([creados[0]?.id]);

    const desde = creados[1]?.creado_en ?? '';
    const hasta = creados[3]?.creado_en ?? '';
    const rango = await api.get<PaginaDePedidosJson>(
      `${base}&desde=${encodeURIComponent(desde)}&hasta=${encodeURIComponent(hasta)}`,
    );
    expect(rango.body.items.map((p) => p.id)).toEqual([creados[2]?.id, creados[1]?.id]);

    const futuro = await api.get<PaginaDePedidosJson>(`${base}&desde=2999-01-01T00:00:00Z`);
    expect(futuro.body).toMatchObject({ items: [], total: 0, total_cantidad: 0, total_centavos: 0, total_pages: 0 });
  });

  test.each([
    'cliente_id=123',
    'producto_id=abc',
    'estado=pagada',
    'estado=PAGADO',
    'desde=ayer',
    'hasta=2026-13-01T00:00:00Z',
    'desde=2026-02-01T00:00:00Z&hasta=2026-01-01T00:00:00Z',
    'desde=0000-01-01',
    'hasta=0001-01-01T00:00:00%2B01:00',
    'hasta=9999-12-31T23:00:00-02:00',
    'page=-1',
    'total=1',
  ])('GET /pedidos?%s is 422 VALIDACION', async (consulta) => {
    const { api } = entorno();
    esperarProblema(await api.get(`/pedidos?${consulta}`), 422, 'VALIDACION');
  });

  test('totals past 2^53 - 1 are written with every digit: a list over many pedidos, a carrito at a raised price', async () => {
    const { api, servicio } = entorno();
    const maximo = Number.MAX_SAFE_INTEGER;
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { precio_centavos: 1, stock: maximo });
    const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 3 }]);
    await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: maximo }]);
    expect((await api.patch(`/productos/${producto.id}`, { precio_centavos: maximo })).status).toBe(200);

    const m = BigInt(maximo);
    const texto = async (ruta: string) =>
      (await fetch(`${servicio.url}${ruta}`, { headers: { authorization: `Bearer ${entorno().token}` } })).text();
    const leido = await texto(`/pedidos/${pedido.id}`);
    expect(leido).toContain(`"subtotal_centavos":${3n * m}`);
    expect(leido).toContain(`"total_centavos":${3n * m}`);
    const lista = await texto(`/pedidos?cliente_id=${cliente.id}`);
    expect(lista).toContain(`"total_cantidad":${3n + m},"total_centavos":${(3n + m) * m}}`);
    // Confirming that carrito would freeze a total past 2^53 - 1: refused, and nothing changes.
    esperarProblema(await api.patch(`/pedidos/${pedido.id}/confirmar`), 422, 'VALIDACION');
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body.estado).toBe('carrito');
  });

  test('GET /pedidos/{id}: 404 PEDIDO_NO_ENCONTRADO, 422 for a malformed id', async () => {
    const { api } = entorno();
    esperarProblema(await api.get(`/pedidos/${randomUUID()}`), 404, 'PEDIDO_NO_ENCONTRADO');
    esperarProblema(await api.get('/pedidos/1'), 422, 'VALIDACION');
  });
});
