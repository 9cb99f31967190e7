import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  bases,
  conServicio,
  crearProducto,
  esperarProblema,
  type PaginaJson,
  type ProductoJson,
  unico,
} from './apoyo.ts';

describe.each(bases())('productos on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('POST /productos: stock defaults to 0, estado to activo, descripcion to null', async () => {
    const { api } = entorno();
    const r = await api.post<ProductoJson>('/productos', { nombre: ' Café ', precio_centavos: 1250 });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      nombre: 'Café',
      descripcion: null,
      precio_centavos: 1250,
      stock: 0,
      estado: 'activo',
      creado_en: expect.any(String),
      actualizado_en: r.body.creado_en,
    });
    expect(r.headers.get('location')).toBe(`/productos/${r.body.id}`);
    expect((await api.get(`/productos/${r.body.id}`)).body).toEqual(r.body);
  });

  test('POST /productos keeps every field it is given', async () => {
    const { api } = entorno();
    const datos = { nombre: 'Té', descripcion: 'Verde, 100 g', precio_centavos: 0, stock: 7, estado: 'inactivo' };
    const r = await api.post<ProductoJson>('/productos', datos);
    expect(r).toMatchObject({ status: 201, body: datos });
  });

  test.each([
    [{ precio_centavos: 100 }, 'nombre'],
    [{ nombre: 'X' }, 'precio_centavos'],
    [{ nombre: 'X', precio_centavos: -1 }, 'precio_centavos'],
    [{ nombre: 'X', precio_centavos: 1.5 }, 'precio_centavos'],
    [{ nombre: 'X', precio_centavos: '100' }, 'precio_centavos'],
    [{ nombre: 'X', precio_centavos: 2 ** 53 }, 'precio_centavos'],
    [{ nombre: 'X', precio_centavos: 1, stock: -1 }, 'stock'],
    [{ nombre: 'X', precio_centavos: 1, stock: 0.5 }, 'stock'],
    [{ nombre: 'X', precio_centavos: 1, estado: 'agotado' }, 'estado'],
    [{ nombre: 'X', precio_centavos: 1, descripcion: 'd'.repeat(2001) }, 'descripcion'],
    [{ nombre: 'X', precio_centavos: 1, precio: 1 }, 'precio'],
    [{ nombre: 'X', precio_centavos: 1, descripcion: 'con\u0000nul' }, 'descripcion'],
    [{ nombre: 'X', precio_centavos: 1, descripcion: '\udc00' }, 'descripcion'],
  ])('POST /productos %j is 422 naming %s, and creates nothing', async (cuerpo, campo) => {
    const { api } = entorno();
    const problema = esperarProblema(await api.post('/productos', cuerpo), 422, 'VALIDACION');
    expect(problema.errores?.map((e) => e.campo)).toContain(campo);
  });

  test('GET /productos/{id}: 404 PRODUCTO_NO_ENCONTRADO, 422 for a malformed id', async () => {
    const { api } = entorno();
    esperarProblema(await api.get(`/productos/${randomUUID()}`), 404, 'PRODUCTO_NO_ENCONTRADO');
    esperarProblema(await api.get('/productos/not-a-uuid'), 422, 'VALIDACION');
  });

  test('PATCH /productos/{id} changes only what it is given; null clears the descripcion', async () => {
    const { api } = entorno();
    const producto = await crearProducto(api, { descripcion: 'algo', precio_centavos: 500, stock: 3 });
    const r = await api.patch<ProductoJson>(`/productos/${producto.id}`, {
      precio_centavos: 650,
      stock: 0,
      estado: 'inactivo',
      descripcion: null,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      ...producto,
      precio_centavos: 650,
      stock: 0,
      estado: 'inactivo',
      descripcion: null,
      actualizado_en: expect.any(String),
    });
    const renombrado = await api.patch<ProductoJson>(`/productos/${producto.id}`, {
      nombre: 'Nuevo',
      estado: 'activo',
    });
    expect(renombrado.body).toMatchObject({ nombre: 'Nuevo', estado: 'activo', precio_centavos: 650 });
  });

  test('PATCH /productos/{id}: {} and bad values are 422 and change nothing; unknown is 404', async () => {
    const { api } = entorno();
    const producto = await crearProducto(api);
    esperarProblema(await api.patch(`/productos/${producto.id}`, {}), 422, 'VALIDACION');
    esperarProblema(await api.patch(`/productos/${producto.id}`, { stock: -5, nombre: 'Y' }), 422, 'VALIDACION');
    expect((await api.get(`/productos/${producto.id}`)).body).toEqual(producto);
    esperarProblema(await api.patch(`/productos/${randomUUID()}`, { stock: 1 }), 404, 'PRODUCTO_NO_ENCONTRADO');
  });

  test('GET /productos filters by estado, inclusive price bounds and name substring', async () => {
    const { api } = entorno();
    const marca = unico();
    const precios = [100, 200, 300, 400];
    const creados = [];
    for (const precio of precios) {
      creados.push(await crearProducto(api, { nombre: `Filtro ${marca} ${precio}`, precio_centavos: precio }));
    }
    await crearProducto(api, { nombre: `FILTRO ${marca} inactivo`, precio_centavos: 250, estado: 'inactivo' });

    const ids = async (consulta: string) =>
      (await api.get<PaginaJson<ProductoJson>>(`/productos?nombre=filtro%20${marca}&${consulta}`)).body.items.map(
        (p) => p.precio_centavos,
      );
    expect(await ids('min_price=200&max_price=300')).toEqual([250, 300, 200]);
    expect(await ids('min_price=200&max_price=300&estado=activo')).toEqual([300, 200]);
    expect(await ids('estado=inactivo')).toEqual([250]);
    expect(await ids('max_price=100')).toEqual([100]);
    expect(await ids('min_price=400&max_price=400')).toEqual([400]);
    const todos = await api.get<PaginaJson<ProductoJson>>(`/productos?nombre=${marca}&limit=2`);
    expect(todos.body).toMatchObject({ total: 5, total_pages: 3, limit: 2, page: 1 });
  });

  test('GET /productos?nombre= ignores accents and case: cafe finds Café and CAFÉ', async () => {
    const { api } = entorno();
    const marca = unico();
    const cafe = await crearProducto(api, { nombre: `Café ${marca}` });
    const mayusculas = await crearProducto(api, { nombre: `CAFÉ ${marca}` });
    await crearProducto(api, { nombre: `Cafetera ${marca}` });
    for (const busqueda of [`cafe ${marca}`, `CAFÉ ${marca}`, `cAfè ${marca}`]) {
      const r = await api.get<PaginaJson<ProductoJson>>(`/productos?nombre=${encodeURIComponent(busqueda)}`);
      expect(r.status).toBe(200);
      expect(r.body.items.map((p) => p.id)).toEqual([mayusculas.id, cafe.id]);
    }
  });

  test.each([
    'min_price=5&max_price=4',
    'min_price=-1',
    'max_price=1.5',
    'estado=agotado',
    'limit=1000',
    'orden=precio',
  ])('GET /productos?%s is 422 VALIDACION', async (consulta) => {
    const { api } = entorno();
    esperarProblema(await api.get(`/productos?${consulta}`), 422, 'VALIDACION');
  });
});
