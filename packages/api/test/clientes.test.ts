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
  type PaginaDePedidosJson,
  type PaginaJson,
  unico,
} from './apoyo.ts';

describe.each(bases())('clientes on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('POST /clientes registers a cliente: 201, Location, name trimmed, email lower-cased', async () => {
    const { api } = entorno();
    const email = `Ana.${unico()}@Example.COM`;
    const r = await api.post<ClienteJson>('/clientes', { nombre: '  Ana Pérez  ', email });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      nombre: 'Ana Pérez',
      email: email.toLowerCase(),
      creado_en: expect.any(String),
      actualizado_en: r.body.creado_en,
    });
    expect(new Date(r.body.creado_en).toISOString()).toBe(r.body.creado_en);
    expect(r.headers.get('location')).toBe(`/clientes/${r.body.id}`);

    const leido = await api.get(`/clientes/${r.body.id}`);
    expect(leido).toMatchObject({ status: 200, body: r.body });
  });

  test('an email already taken, in any case, is 409 EMAIL_DUPLICADO and registers nothing', async () => {
    const { api } = entorno();
    const email = `dup-${unico()}@example.com`;
    await crearCliente(api, { email });
    const nombre = `Duplicado ${unico()}`;
    esperarProblema(await api.post('/clientes', { nombre, email: email.toUpperCase() }), 409, 'EMAIL_DUPLICADO');
    const lista = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${encodeURIComponent(nombre)}`);
    expect(lista.body.total).toBe(0);
  });

  test.each([
    [{ email: 'a@example.com' }, ['nombre']],
    [{ nombre: '   ', email: 'a@example.com' }, ['nombre']],
    [{ nombre: 'x'.repeat(201), email: 'a@example.com' }, ['nombre']],
    [{ nombre: 'Ana', email: 'no-es-un-email' }, ['email']],
    [{ nombre: 42, email: null }, ['nombre', 'email']],
    [{ nombre: 'Ana', email: 'a@example.com', id: randomUUID() }, ['id']],
    [{ nombre: 'Ana\u0000', email: 'a@example.com' }, ['nombre']],
    [{ nombre: 'Ana\nPérez', email: 'a@example.com' }, ['nombre']],
    [{ nombre: 'Ana \ud800', email: 'a@example.com' }, ['nombre']],
  ])('POST /clientes %j is 422 VALIDACION naming %j', async (cuerpo, campos) => {
    const { api } = entorno();
    const problema = esperarProblema(await api.post('/clientes', cuerpo), 422, 'VALIDACION');
    expect(problema.errores?.map((e) => e.campo).sort()).toEqual([...campos].sort());
    for (const error of problema.errores ?? []) expect(error.mensaje).not.toBe('');
  });

  test('a name of 200 characters counts characters, not UTF-16 units', async () => {
    const { api } = entorno();
    const r = await api.post<ClienteJson>('/clientes', { nombre: '🍅'.repeat(200), email: `t-${unico()}@example.com` });
    expect(r.status).toBe(201);
    expect(r.body.nombre).toBe('🍅'.repeat(200));
  });

  test('GET /clientes/{id}: 404 CLIENTE_NO_ENCONTRADO when absent, 422 when not a UUID', async () => {
    const { api } = entorno();
    const id = randomUUID();
    const problema = esperarProblema(await api.get(`/clientes/${id}`), 404, 'CLIENTE_NO_ENCONTRADO');
    expect(problema.detail).toContain(id);
    const invalido = esperarProblema(await api.get('/clientes/123'), 422, 'VALIDACION');
    expect(invalido.errores).toEqual([{ campo: 'id', mensaje: expect.any(String) }]);
  });

  test('PATCH /clientes/{id} changes what it is given and bumps actualizado_en', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const nuevoEmail = `NUEVO-${unico()}@example.com`;
    const r = await api.patch<ClienteJson>(`/clientes/${cliente.id}`, { email: nuevoEmail });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: cliente.id, nombre: cliente.nombre, email: nuevoEmail.toLowerCase() });
    expect(Date.parse(r.body.actualizado_en)).toBeGreaterThanOrEqual(Date.parse(cliente.actualizado_en));
    expect(r.body.creado_en).toBe(cliente.creado_en);

    const renombrado = await api.patch<ClienteJson>(`/clientes/${cliente.id}`, { nombre: ' Otro nombre ' });
    expect(renombrado.body).toMatchObject({ nombre: 'Otro nombre', email: nuevoEmail.toLowerCase() });
  });

  test("PATCH /clientes/{id}: {} is 422, someone else's email 409, an unknown cliente 404", async () => {
    const { api } = entorno();
    const a = await crearCliente(api);
    const b = await crearCliente(api);
    esperarProblema(await api.patch(`/clientes/${a.id}`, {}), 422, 'VALIDACION');
    esperarProblema(await api.patch(`/clientes/${a.id}`, { email: b.email.toUpperCase() }), 409, 'EMAIL_DUPLICADO');
    expect((await api.get(`/clientes/${a.id}`)).body).toEqual(a);
    esperarProblema(await api.patch(`/clientes/${randomUUID()}`, { nombre: 'X' }), 404, 'CLIENTE_NO_ENCONTRADO');
    // Its own email, in another case, is not a duplicate.
    expect((await api.patch(`/clientes/${a.id}`, { email: a.email.toUpperCase() })).status).toBe(200);
  });

  test('GET /clientes filters by a case-insensitive substring of the name, newest first, paginated', async () => {
    const { api } = entorno();
    const marca = unico();
    const creados = [];
    for (let i = 0; i < 5; i++) creados.push(await crearCliente(api, { nombre: `Zeta ${marca.toUpperCase()} ${i}` }));
    await crearCliente(api, { nombre: `Otro ${unico()}` });

    const pagina1 = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${marca.toLowerCase()}&limit=2`);
    expect(pagina1.status).toBe(200);
    expect(pagina1.body).toMatchObject({ page: 1, limit: 2, total: 5, total_pages: 3 });
    expect(pagina1.body.items.map((c) => c.id)).toEqual([creados[4]?.id, creados[3]?.id]);

    const pagina3 = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${marca}&limit=2&page=3`);
    expect(pagina3.body.items.map((c) => c.id)).toEqual([creados[0]?.id]);

    const pasada = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${marca}&limit=2&page=4`);
    expect(pasada).toMatchObject({ status: 200, body: { items: [], page: 4, total: 5, total_pages: 3 } });
  });

  test('GET /clientes: default page and limit; a substring with LIKE wildcards matches them literally', async () => {
    const { api } = entorno();
    const marca = unico();
    const conComodines = await crearCliente(api, { nombre: `Cien%_${marca}` });
    await crearCliente(api, { nombre: `Cien ${marca}` });
    const r = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${encodeURIComponent(`%_${marca}`)}`);
    expect(r.body).toMatchObject({ page: 1, limit: 20, total: 1 });
    expect(r.body.items.map((c) => c.id)).toEqual([conComodines.id]);
  });

  test('GET /clientes?nombre= ignores accents and case: perez and PÉREZ find Ana Pérez and ana perez', async () => {
    const { api } = entorno();
    const marca = unico();
    const conAcento = await crearCliente(api, { nombre: `Ana Pérez ${marca}` });
    const sinAcento = await crearCliente(api, { nombre: `ana perez ${marca}` });
    await crearCliente(api, { nombre: `Ana Paz ${marca}` });
    for (const busqueda of [`perez ${marca}`, `PÉREZ ${marca}`, `Pérez ${marca.toUpperCase()}`]) {
      const r = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${encodeURIComponent(busqueda)}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ total: 2 });
      expect(r.body.items.map((c) => c.id)).toEqual([sinAcento.id, conAcento.id]);
    }
    // What is returned is the nombre as stored, accents included.
    const r = await api.get<PaginaJson<ClienteJson>>(`/clientes?nombre=${encodeURIComponent(`ana perez ${marca}`)}`);
    expect(r.body.items.map((c) => c.nombre)).toEqual([`ana perez ${marca}`, `Ana Pérez ${marca}`]);
  });

  test.each([
    'limit=0',
    'limit=101',
    'limit=abc',
    'page=0',
    'page=1.5',
    'limit=1e1',
    'limit=%2B5',
    'limit=',
    'limit=1&limit=2',
    'nombre=%00',
    'desconocido=1',
  ])('GET /clientes?%s is 422 VALIDACION', async (consulta) => {
    const { api } = entorno();
    esperarProblema(await api.get(`/clientes?${consulta}`), 422, 'VALIDACION');
  });

  test("GET /clientes/{id}/pedidos lists that cliente's pedidos with totals; 404 for an unknown cliente", async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const otro = await crearCliente(api);
    const producto = await crearProducto(api, { precio_centavos: 250, stock: 100 });
    const carrito = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 2 }]);
    const confirmado = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 3 }]);
    expect((await api.patch(`/pedidos/${confirmado.id}/confirmar`)).status).toBe(200);
    await crearPedido(api, otro.id, [{ producto_id: producto.id, cantidad: 7 }]);

    const todos = await api.get<PaginaDePedidosJson>(`/clientes/${cliente.id}/pedidos`);
    expect(todos.status).toBe(200);
    expect(todos.body).toMatchObject({ total: 2, total_pages: 1, total_cantidad: 5, total_centavos: 1250 });
    expect(todos.body.items.map((p) => p.id)).toEqual([confirmado.id, carrito.id]);

    const enCarrito = await api.get<PaginaDePedidosJson>(`/clientes/${cliente.id}/pedidos?estado=carrito`);
    expect(enCarrito.body).toMatchObject({ total: 1, total_cantidad: 2, total_centavos: 500 });

    esperarProblema(await api.get(`/clientes/${randomUUID()}/pedidos`), 404, 'CLIENTE_NO_ENCONTRADO');
    const pagados = await api.get<PaginaDePedidosJson>(`/clientes/${cliente.id}/pedidos?estado=pagado`);
    expect(pagados.body).toMatchObject({ items: [], total: 0, total_cantidad: 0, total_centavos: 0 });
    esperarProblema(await api.get(`/clientes/${cliente.id}/pedidos?estado=pagada`), 422, 'VALIDACION');
  });
});
