import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  bases,
  type ClienteJson,
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

describe.each(bases())('Idempotency-Key on $nombre', ({ url }) => {
  const entorno = conServicio(url);
  const clave = () => `clave-${randomUUID()}`;

  test('a retry of POST /clientes gets the same answer, marked as replayed, and registers nothing more', async () => {
    const { api } = entorno();
    const k = clave();
    const nombre = `Idempotente ${unico()}`;
    const cuerpo = { nombre, email: `i-${unico()}@example.com` };
    const primera = await api.post<ClienteJson>('/clientes', cuerpo, { 'Idempotency-Key': k });
    expect(primera.status).toBe(201);
    expect(primera.headers.get('idempotency-replayed')).toBeNull();
    const segunda = await api.post<ClienteJson>('/clientes', cuerpo, { 'Idempotency-Key': k });
    expect(segunda).toMatchObject({ status: 201, body: primera.body });
    expect(segunda.headers.get('idempotency-replayed')).toBe('true');
    expect(segunda.headers.get('location')).toBe(primera.headers.get('location'));
    expect(segunda.headers.get('content-type')).toMatch(/^application\/json/);
    const lista = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${encodeURIComponent(nombre)}`);
    expect(lista.body.total).toBe(1);
  });

  test('the first answer under a key carries the headers of an answer without one, each once', async () => {
    const { api } = entorno();
    const sin = await api.post('/productos', { nombre: `Sin clave ${unico()}`, precio_centavos: 1 });
    const con = await api.post(
      '/productos',
      { nombre: `Con clave ${unico()}`, precio_centavos: 1 },
      { 'Idempotency-Key': clave() },
    );
    expect([sin.status, con.status]).toEqual([201, 201]);
    const nombres = (r: { headers: Headers }) => [...r.headers.keys()].sort();
    expect(nombres(con)).toEqual(nombres(sin));
    for (const nombre of ['content-type', 'content-security-policy', 'vary', 'cache-control', 'ratelimit-policy']) {
      expect(con.headers.get(nombre)).toBe(sin.headers.get(nombre));
    }
    expect(con.headers.get('location')).toMatch(/^\/productos\/[0-9a-f-]{36}$/);
  });

  test('the same request with its keys in another order or other spacing is the same request', async () => {
    const { api } = entorno();
    const k = clave();
    const email = `o-${unico()}@example.com`;
    const primera = await api.pedir('POST', '/clientes', `{"nombre":"Orden","email":"${email}"}`, {
      'Idempotency-Key': k,
      'content-type': 'application/json',
    });
    const segunda = await api.pedir('POST', '/clientes', `{ "email": "${email}",  "nombre": "Orden" }`, {
      'Idempotency-Key': k,
      'content-type': 'application/json',
    });
    expect(segunda).toMatchObject({ status: 201, body: primera.body });
  });

  test('the same key for another request is 422 CLAVE_IDEMPOTENCIA_REUTILIZADA and has no effect', async () => {
    const { api } = entorno();
    const k = clave();
    await crearProducto(api);
    expect((await api.post('/productos', { nombre: 'Uno', precio_centavos: 1 }, { 'Idempotency-Key': k })).status).toBe(
      201,
    );
    const nombre = `Otro ${unico()}`;
    esperarProblema(
      await api.post('/productos', { nombre, precio_centavos: 1 }, { 'Idempotency-Key': k }),
      422,
      'CLAVE_IDEMPOTENCIA_REUTILIZADA',
    );
    const lista = await api.get<PaginaJson<ProductoJson>>(`/productos?nombre=${encodeURIComponent(nombre)}`);
    expect(lista.body.total).toBe(0);
    // Another path is another request too.
    const cliente = await crearCliente(api);
    esperarProblema(
      await api.post('/pedidos', { cliente_id: cliente.id }, { 'Idempotency-Key': k }),
      422,
      'CLAVE_IDEMPOTENCIA_REUTILIZADA',
    );
  });

  test('a retried item addition adds once; a retried confirmation deducts once', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 10 });
    const pedido = await crearPedido(api, cliente.id);
    const agregar = clave();
    for (let i = 0; i < 3; i++) {
      const r = await api.post<PedidoJson>(
        `/pedidos/${pedido.id}/items`,
        { producto_id: producto.id, cantidad: 2 },
        { 'Idempotency-Key': agregar },
      );
      expect(r).toMatchObject({ status: 201, body: { total_cantidad: 2, version: 2 } });
      expect(r.headers.get('etag')).toBe('"2"');
    }
    const confirmar = clave();
    const primera = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`, undefined, {
      'Idempotency-Key': confirmar,
    });
    const segunda = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`, undefined, {
      'Idempotency-Key': confirmar,
    });
    expect(primera.status).toBe(200);
    expect(segunda).toMatchObject({ status: 200, body: primera.body });
    expect(segunda.headers.get('idempotency-replayed')).toBe('true');
    expect((await api.get<ProductoJson>(`/productos/${producto.id}`)).body.stock).toBe(8);
    // Without the key, a second confirmation is refused as usual.
    esperarProblema(await api.patch(`/pedidos/${pedido.id}/confirmar`), 409, 'PEDIDO_NO_MODIFICABLE');
  });

  test('a refusal is an answer too: its retry replays it, even when the refusal would no longer hold', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 1 });
    const pedido = await crearPedido(api, cliente.id);
    const k = clave();
    const cuerpo = { producto_id: producto.id, cantidad: 2 };
    esperarProblema(
      await api.post(`/pedidos/${pedido.id}/items`, cuerpo, { 'Idempotency-Key': k }),
      409,
      'STOCK_INSUFICIENTE',
    );
    await api.patch(`/productos/${producto.id}`, { stock: 5 });
    const repetida = await api.post(`/pedidos/${pedido.id}/items`, cuerpo, { 'Idempotency-Key': k });
    esperarProblema(repetida, 409, 'STOCK_INSUFICIENTE');
    expect(repetida.headers.get('idempotency-replayed')).toBe('true');
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body.items).toEqual([]);
  });

  test('a new pedido of a cliente that does not exist, under a key: its 404 is kept and replayed, and no pedido made', async () => {
    const { api } = entorno();
    const producto = await crearProducto(api);
    const k = clave();
    const cuerpo = { cliente_id: randomUUID(), items: [{ producto_id: producto.id, cantidad: 1 }] };
    esperarProblema(await api.post('/pedidos', cuerpo, { 'Idempotency-Key': k }), 404, 'CLIENTE_NO_ENCONTRADO');
    const repetida = await api.post('/pedidos', cuerpo, { 'Idempotency-Key': k });
    esperarProblema(repetida, 404, 'CLIENTE_NO_ENCONTRADO');
    expect(repetida.headers.get('idempotency-replayed')).toBe('true');
    const lista = await api.get<PaginaJson<PedidoJson>>(`/pedidos?cliente_id=${cuerpo.cliente_id}`);
    expect(lista.body.total).toBe(0);
  });

  test('a request refused by validation keeps nothing: the key stays free', async () => {
    const { api } = entorno();
    const k = clave();
    esperarProblema(await api.post('/productos', { nombre: 'X' }, { 'Idempotency-Key': k }), 422, 'VALIDACION');
    expect((await api.post('/productos', { nombre: 'X', precio_centavos: 5 }, { 'Idempotency-Key': k })).status).toBe(
      201,
    );
  });

  test('concurrent requests with one key have one effect; the others wait their turn or are told it is in flight', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 100 });
    const pedido = await crearPedido(api, cliente.id);
    const k = clave();
    const respuestas = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post(`/pedidos/${pedido.id}/items`, { producto_id: producto.id, cantidad: 1 }, { 'Idempotency-Key': k }),
      ),
    );
    for (const r of respuestas) {
      if (r.status === 409) esperarProblema(r, 409, 'CLAVE_IDEMPOTENCIA_EN_CURSO');
      else expect(r.status).toBe(201);
    }
    expect(respuestas.filter((r) => r.status === 201 && r.headers.get('idempotency-replayed') === null)).toHaveLength(
      1,
    );
    expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body).toMatchObject({ total_cantidad: 1, version: 2 });
  });

  test('a key must have 1 to 255 characters', async () => {
    const { api } = entorno();
    const problema = esperarProblema(
      await api.post('/productos', { nombre: 'X', precio_centavos: 1 }, { 'Idempotency-Key': 'k'.repeat(256) }),
      422,
      'VALIDACION',
    );
    expect(problema.errores).toEqual([{ campo: 'Idempotency-Key', mensaje: expect.any(String) }]);
  });
});
