import { randomUUID } from 'node:crypto';
import {
  agregarItem,
  type Cliente,
  ClienteId,
  cambiarPrecio,
  confirmar,
  Dinero,
  Email,
  fijarStock,
  modificarCliente,
  Nombre,
  PedidoId,
  quitarItem,
  totalCentavos,
} from '@pedidos/domain';
import { describe, expect, it } from 'vitest';
import { abrirBaseDeDatos, repositorioDeClientes, repositorioDePedidos, repositorioDeProductos } from '../src/index.ts';
import {
  ahora,
  bases,
  conBaseDeDatos,
  n,
  nuevoCliente,
  nuevoPedido,
  nuevoProducto,
  sembrar,
  unico,
  valor,
} from './apoyo.ts';

describe.each(bases())('the repositories on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);

  describe('clientes', () => {
    it('stores a cliente and returns it as it was', async () => {
      const { clientes } = entorno();
      const { cliente } = nuevoCliente('Ana Pérez');
      await clientes.registrar({ cliente, eventos: [] });
      expect(valor(await clientes.buscar(cliente.id))).toEqual(cliente);
    });

    it('a cliente that does not exist is ClienteNoEncontrado', async () => {
      const id = valor(ClienteId.crear(randomUUID()));
      expect((await entorno().clientes.buscar(id))._unsafeUnwrapErr()).toEqual({
        kind: 'ClienteNoEncontrado',
        clienteId: id,
      });
    });

    it('refuses a repeated email whatever its case, and stores nothing', async () => {
      const { clientes, db } = entorno();
      const email = `ana-${unico()}@example.com`;
      valor(await clientes.registrar(nuevoCliente('Ana', email)));
      const otro = nuevoCliente('Otra Ana', email.toUpperCase());
      expect((await clientes.registrar(otro))._unsafeUnwrapErr()).toEqual({ kind: 'EmailDuplicado', email });
      const [fila] = await db.sql`SELECT count(*)::int AS n FROM clientes WHERE id = ${otro.cliente.id}`;
      expect(fila?.n).toBe(0);
      const [eventos] = await db.sql`SELECT count(*)::int AS n FROM eventos WHERE agregado_id = ${otro.cliente.id}`;
      expect(eventos?.n).toBe(0);
    });

    it("changing to another cliente's email is EmailDuplicado and leaves the cliente as it was", async () => {
      const { clientes } = entorno();
      const ana = valor(await clientes.registrar(nuevoCliente()));
      const bea = valor(await clientes.registrar(nuevoCliente()));
      const resultado = await clientes.modificar(bea.id, (c) => modificarCliente(c, { email: ana.email }, ahora()));
      expect(resultado._unsafeUnwrapErr()).toEqual({ kind: 'EmailDuplicado', email: ana.email });
      expect(valor(await clientes.buscar(bea.id))).toEqual(bea);
    });

    it('stores the events in the transaction of the change', async () => {
      const { clientes, db } = entorno();
      const registro = nuevoCliente();
      valor(await clientes.registrar(registro));
      const nuevo = valor(Email.crear(`nuevo-${unico()}@example.com`));
      valor(await clientes.modificar(registro.cliente.id, (c) => modificarCliente(c, { email: nuevo }, ahora())));
      const eventos = await db.sql<{ tipo: string; datos: { email: string } }[]>`
        SELECT tipo, datos FROM eventos WHERE agregado_id = ${registro.cliente.id} ORDER BY id`;
      expect(eventos.map((e) => e.tipo)).toEqual(['ClienteRegistrado', 'EmailDeClienteCambiado']);
      expect(eventos[1]?.datos.email).toBe(nuevo);
    });

    it("gives each event a UUID of its own and its number in its aggregate's history", async () => {
      const { clientes, db } = entorno();
      const registro = nuevoCliente();
      valor(await clientes.registrar(registro));
      for (const nombre of ['Uno', 'Dos']) {
        const cambio = (c: Cliente) => modificarCliente(c, { nombre: valor(Nombre.crear(nombre)) }, ahora());
        valor(await clientes.modificar(registro.cliente.id, cambio));
      }
      const eventos = await db.sql<{ eventoId: string; agregado: string; secuencia: number }[]>`
        SELECT evento_id, agregado, secuencia FROM eventos WHERE agregado_id = ${registro.cliente.id} ORDER BY id`;
      expect(eventos.map((e) => [e.agregado, e.secuencia])).toEqual([
        ['cliente', 1],
        ['cliente', 2],
        ['cliente', 3],
      ]);
      expect(new Set(eventos.map((e) => e.eventoId)).size).toBe(3);
      for (const e of eventos)
        expect(e.eventoId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("a number already used in an aggregate's history is refused", async () => {
      const { clientes, db } = entorno();
      const registro = nuevoCliente();
      valor(await clientes.registrar(registro));
      await expect(db.sql`
        INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, datos, ocurrido_en)
        VALUES ('ClienteRenombrado', 'cliente', ${registro.cliente.id}, 1, '{}', now())`).rejects.toThrow(
        /eventos_historia/,
      );
    });

    it('lists by a substring of the name, whatever the case, newest first', async () => {
      const { clientes } = entorno();
      const marca = `Zq${unico()}`;
      const nombres = [`${marca} uno`, `otro ${marca.toUpperCase()}`, `${marca}_100%`];
      for (const nombre of nombres) valor(await clientes.registrar(nuevoCliente(nombre)));
      valor(await clientes.registrar(nuevoCliente('Sin la marca')));
      const pagina1 = valor(await clientes.listar({ nombre: marca.toLowerCase() }, { pagina: 1, limite: 2 }));
      expect(pagina1.total).toBe(3);
      expect(pagina1.items.map((c) => c.nombre)).toEqual([nombres[2], nombres[1]]);
      const pagina2 = valor(await clientes.listar({ nombre: marca }, { pagina: 2, limite: 2 }));
      expect(pagina2.items.map((c) => c.nombre)).toEqual([nombres[0]]);
      // The wildcards of LIKE are plain characters in a search.
      const literal = valor(await clientes.listar({ nombre: `${marca}_100%` }, { pagina: 1, limite: 10 }));
      expect(literal.items.map((c) => c.nombre)).toEqual([nombres[2]]);
      expect(valor(await clientes.listar({ nombre: `${marca}%uno` }, { pagina: 1, limite: 10 })).total).toBe(0);
    });
  });

  describe('productos', () => {
    it('stores a producto, returns it as it was, and changes it', async () => {
      const { productos } = entorno();
      const { producto } = nuevoProducto({ precio: Number.MAX_SAFE_INTEGER, stock: 3 });
      valor(await productos.registrar({ producto, eventos: [] }));
      expect(valor(await productos.buscar(producto.id))).toEqual(producto);
      const precio = valor(Dinero.crear(250));
      const cambiado = valor(await productos.modificar(producto.id, (p) => cambiarPrecio(p, precio, ahora())));
      expect(valor(await productos.buscar(producto.id))).toEqual(cambiado);
      expect(cambiado.precio).toBe(250);
    });

    it('reads several productos in one go, each as it was; the first missing of them is ProductoNoEncontrado', async () => {
      const { productos } = entorno();
      const guardados = [nuevoProducto({ precio: 100 }), nuevoProducto({ precio: 200, activo: false })].map(
        (p) => p.producto,
      );
      for (const producto of guardados) valor(await productos.registrar({ producto, eventos: [] }));
      const leidos = valor(await productos.buscarVarios(guardados.map((p) => p.id)));
      expect([...leidos].sort((a, b) => a.precio - b.precio)).toEqual(guardados);
      const ausente = nuevoProducto().producto.id;
      const [primero] = guardados;
      if (primero === undefined) throw new Error('sin productos');
      expect((await productos.buscarVarios([primero.id, ausente]))._unsafeUnwrapErr()).toEqual({
        kind: 'ProductoNoEncontrado',
        productoId: ausente,
      });
    });

    it("plans the read of several productos once per connection and count of ids: PostgreSQL keeps the statement's generic plan", async () => {
      const e = entorno();
      const guardados = [nuevoProducto(), nuevoProducto(), nuevoProducto()].map((p) => p.producto);
      for (const producto of guardados) valor(await e.productos.registrar({ producto, eventos: [] }));
      // One session, whose prepared statements are the ones seen: the embedded database has no other.
      const db = url === undefined ? e.db : await abrirBaseDeDatos({ url, maxConexiones: 1 });
      try {
        const productos = repositorioDeProductos(db.sql);
        expect(valor(await productos.buscarVarios([]))).toEqual([]);
        for (let i = 0; i < 8; i++) {
          const ids = [...guardados.slice(i % 3), ...guardados.slice(0, i % 3)].map((p) => p.id);
          expect(valor(await productos.buscarVarios(ids))).toHaveLength(3);
        }
        // The statement run the most on this session is this test's: other tests' reads, of other counts of ids, may
        // be there too on the embedded database.
        const [plan] = await db.sql<{ genericPlans: number }[]>`
          SELECT generic_plans FROM pg_prepared_statements
          WHERE statement ~ 'FROM productos WHERE id (IN|= ANY)'
          ORDER BY generic_plans + custom_plans DESC LIMIT 1`;
        expect(plan?.genericPlans).toBeGreaterThan(0);
      } finally {
        if (db !== e.db) await db.cerrar();
      }
    });

    it('filters by estado, an inclusive price range and name', async () => {
      const { productos } = entorno();
      const marca = `Pq${unico()}`;
      for (const [precio, activo] of [
        [100, true],
        [200, true],
        [300, false],
        [400, true],
      ] as const) {
        valor(await productos.registrar(nuevoProducto({ nombre: `${marca} ${precio}`, precio, activo })));
      }
      const filtrar = async (filtro: Parameters<ReturnType<typeof entorno>['productos']['listar']>[0]) =>
        valor(await productos.listar({ nombre: marca, ...filtro }, { pagina: 1, limite: 10 })).items.map(
          (p) => p.precio,
        );
      expect(await filtrar({})).toEqual([400, 300, 200, 100]);
      expect(await filtrar({ estado: 'activo' })).toEqual([400, 200, 100]);
      expect(await filtrar({ precioMinimo: valor(Dinero.crear(200)), precioMaximo: valor(Dinero.crear(300)) })).toEqual(
        [300, 200],
      );
      expect(await filtrar({ estado: 'inactivo', precioMaximo: valor(Dinero.crear(299)) })).toEqual([]);
    });

    it('the database itself refuses negative stock and prices that are not whole', async () => {
      const { db } = entorno();
      const { producto } = nuevoProducto();
      await expect(
        db.sql`INSERT INTO productos (id, nombre, precio_centavos, stock, estado, creado_en, actualizado_en)
               VALUES (${producto.id}, 'x', 1, -1, 'activo', now(), now())`,
      ).rejects.toMatchObject({ code: '23514' });
      await expect(
        db.sql`INSERT INTO productos (id, nombre, precio_centavos, stock, estado, creado_en, actualizado_en)
               VALUES (${producto.id}, 'x', 1, 1, 'agotado', now(), now())`,
      ).rejects.toMatchObject({ code: '23514' });
    });
  });

  describe('pedidos', () => {
    it("plans a cliente's list once per connection: PostgreSQL keeps the generic plans of the page and of the totals", async () => {
      const e = entorno();
      const { cliente, productos: [a] = [] } = await sembrar(e, [{ precio: 100 }]);
      if (a === undefined) throw new Error('falta el producto');
      for (let i = 0; i < 3; i++) valor(await e.pedidos.registrar(nuevoPedido(cliente, [[a, 1]])));
      // One session, whose prepared statements are the ones seen: the embedded database has no other.
      const db = url === undefined ? e.db : await abrirBaseDeDatos({ url, maxConexiones: 1 });
      try {
        const pedidos = repositorioDePedidos(db.sql);
        for (let i = 0; i < 8; i++) {
          const pagina = valor(await pedidos.listar({ clienteId: cliente.id }, { pagina: 1 + (i % 2), limite: 2 }));
          expect(pagina.items).toHaveLength(i % 2 === 0 ? 2 : 1);
        }
        // The list by cliente alone: the page's statement and the totals'.
        const planes = await db.sql<{ cual: string; genericPlans: number }[]>`
          SELECT CASE WHEN statement ~ 'LIMIT' THEN 'página' ELSE 'totales' END AS cual, generic_plans
          FROM pg_prepared_statements
          WHERE statement ~ 'FROM pedidos pe WHERE pe\\.cliente_id = \\$1(\\s+ORDER BY|\\) AS total)'
          ORDER BY cual`;
        expect(planes.map((p) => p.cual)).toEqual(['página', 'totales']);
        for (const plan of planes) expect(plan.genericPlans, plan.cual).toBeGreaterThan(0);
      } finally {
        if (db !== e.db) await db.cerrar();
      }
    });

    it('stores a pedido with its lines in order and returns it equal', async () => {
      const e = entorno();
      const { cliente, productos: [a, b] = [] } = await sembrar(e, [{ precio: 500 }, { precio: 250 }]);
      if (a === undefined || b === undefined) throw new Error('faltan productos');
      const creado = nuevoPedido(cliente, [
        [b, 2],
        [a, 1],
      ]);
      valor(await e.pedidos.registrar(creado));
      const leido = valor(await e.pedidos.buscar(creado.pedido.id));
      expect(leido).toEqual(creado.pedido);
      expect(totalCentavos(leido)).toBe(1000n);
    });

    it('a pedido of a cliente that does not exist is ClienteNoEncontrado, and neither it, its lines nor its events are written', async () => {
      const e = entorno();
      const { productos: [p] = [] } = await sembrar(e, [{ precio: 300 }]);
      if (p === undefined) throw new Error('falta el producto');
      const huerfano = nuevoPedido(nuevoCliente().cliente, [[p, 2]]);
      expect(huerfano.eventos.length).toBeGreaterThan(0);
      expect((await e.pedidos.registrar(huerfano))._unsafeUnwrapErr().kind).toBe('ClienteNoEncontrado');
      const [fila] = await e.db.sql<{ pedidos: number; lineas: number; eventos: number }[]>`
        SELECT (SELECT count(*)::int FROM pedidos WHERE id = ${huerfano.pedido.id}) AS pedidos,
               (SELECT count(*)::int FROM lineas_de_pedido WHERE pedido_id = ${huerfano.pedido.id}) AS lineas,
               (SELECT count(*)::int FROM eventos WHERE agregado_id = ${huerfano.pedido.id}) AS eventos`;
      expect(fila).toEqual({ pedidos: 0, lineas: 0, eventos: 0 });
    });

    it('inside a transaction, the refusal of an unknown cliente leaves the transaction usable', async () => {
      const e = entorno();
      const huerfano = nuevoPedido(nuevoCliente().cliente);
      const { cliente } = nuevoCliente();
      await e.db.sql.begin(async (tx) => {
        const r = await repositorioDePedidos(tx).registrar(huerfano);
        expect(r._unsafeUnwrapErr().kind).toBe('ClienteNoEncontrado');
        valor(await repositorioDeClientes(tx).registrar({ cliente, eventos: [] }));
      });
      expect(valor(await e.clientes.buscar(cliente.id))).toEqual(cliente);
    });

    it('a carrito shows the current price; confirming freezes it and takes the stock', async () => {
      const e = entorno();
      const { cliente, productos: [p] = [] } = await sembrar(e, [{ precio: 1000, stock: 5 }]);
      if (p === undefined) throw new Error('falta el producto');
      const { pedido } = valor(await e.pedidos.registrar(nuevoPedido(cliente, [[p, 2]])).map((pedido) => ({ pedido })));
      valor(await e.productos.modificar(p.id, (x) => cambiarPrecio(x, valor(Dinero.crear(1200)), ahora())));
      expect(totalCentavos(valor(await e.pedidos.buscar(pedido.id)))).toBe(2400n);

      const confirmado = valor(await e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora())));
      expect(confirmado.estado).toBe('confirmado');
      expect(valor(await e.productos.buscar(p.id)).stock).toBe(3);

      valor(await e.productos.modificar(p.id, (x) => cambiarPrecio(x, valor(Dinero.crear(9999)), ahora())));
      const leido = valor(await e.pedidos.buscar(pedido.id));
      expect(leido).toEqual(confirmado);
      expect(totalCentavos(leido)).toBe(2400n);
    });

    it('a refused confirmation changes nothing', async () => {
      const e = entorno();
      const { cliente, productos: [a, b] = [] } = await sembrar(e, [{ stock: 5 }, { stock: 5 }]);
      if (a === undefined || b === undefined) throw new Error('faltan productos');
      const { pedido } = nuevoPedido(cliente, [
        [a, 5],
        [b, 5],
      ]);
      valor(await e.pedidos.registrar({ pedido, eventos: [] }));
      valor(await e.productos.modificar(b.id, (x) => fijarStock(x, n(4), ahora())));
      const resultado = await e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora()));
      expect(resultado._unsafeUnwrapErr()).toEqual({
        kind: 'StockInsuficiente',
        faltantes: [{ productoId: b.id, solicitado: 5, disponible: 4 }],
      });
      expect(valor(await e.productos.buscar(a.id)).stock).toBe(5);
      expect(valor(await e.pedidos.buscar(pedido.id))).toEqual(pedido);
    });

    it('an expected version other than the current one is VersionDesactualizada', async () => {
      const e = entorno();
      const { cliente, productos: [p] = [] } = await sembrar(e, [{ stock: 5 }]);
      if (p === undefined) throw new Error('falta el producto');
      const { pedido } = nuevoPedido(cliente);
      valor(await e.pedidos.registrar({ pedido, eventos: [] }));
      const agregar = (version: number) =>
        e.pedidos.modificarItems(pedido.id, p.id, { versionEsperada: version }, (pe, pr) =>
          agregarItem(pe, pr, n(1), ahora()),
        );
      expect(valor(await agregar(1)).version).toBe(2);
      expect((await agregar(1))._unsafeUnwrapErr()).toEqual({ kind: 'VersionDesactualizada', esperada: 1, actual: 2 });
      const quitar = await e.pedidos.modificar(pedido.id, {}, (pe) => quitarItem(pe, p.id, ahora()));
      expect(valor(quitar).lineas).toEqual([]);
    });

    it('a pedido that does not exist is PedidoNoEncontrado', async () => {
      const id = valor(PedidoId.crear(randomUUID()));
      expect((await entorno().pedidos.buscar(id))._unsafeUnwrapErr()).toEqual({
        kind: 'PedidoNoEncontrado',
        pedidoId: id,
      });
    });

    it("lists with filters and sums the totals of every match, not only the page's", async () => {
      const e = entorno();
      const { cliente, productos: [a, b] = [] } = await sembrar(e, [
        { precio: 100, stock: 50 },
        { precio: 1000, stock: 50 },
      ]);
      if (a === undefined || b === undefined) throw new Error('faltan productos');
      const creados = [];
      for (const items of [
        [[a, 1]],
        [
          [a, 2],
          [b, 1],
        ],
        [[b, 3]],
      ] as const) {
        creados.push(valor(await e.pedidos.registrar(nuevoPedido(cliente, items as never))));
      }
      const porCliente = valor(await e.pedidos.listar({ clienteId: cliente.id }, { pagina: 1, limite: 2 }));
      expect(porCliente.total).toBe(3);
      expect(porCliente.items.map((p) => p.id)).toEqual([creados[2]?.id, creados[1]?.id]);
      expect(porCliente.totalCantidad).toBe(7n);
      expect(porCliente.totalCentavos).toBe(100n + 200n + 1000n + 3000n);
      const conA = valor(
        await e.pedidos.listar({ clienteId: cliente.id, productoId: a.id }, { pagina: 1, limite: 10 }),
      );
      expect(conA.items.map((p) => p.id)).toEqual([creados[1]?.id, creados[0]?.id]);
      expect(conA.totalCantidad).toBe(4n);
      const desde = creados[1]?.creadoEn;
      const hasta = creados[2]?.creadoEn;
      const rango = valor(
        await e.pedidos.listar(
          { clienteId: cliente.id, ...(desde && { desde }), ...(hasta && { hasta }) },
          { pagina: 1, limite: 10 },
        ),
      );
      expect(rango.items.map((p) => p.id)).toEqual([creados[1]?.id]);
      const vacia = valor(await e.pedidos.listar({ clienteId: cliente.id }, { pagina: 9, limite: 10 }));
      expect(vacia.items).toEqual([]);
      expect(vacia.total).toBe(3);
    });

    it('sums exactly, past 2^53 - 1 and past the range of bigint', async () => {
      const e = entorno();
      const maximo = Number.MAX_SAFE_INTEGER;
      const { cliente, productos: [p] = [] } = await sembrar(e, [{ precio: 1, stock: maximo }]);
      if (p === undefined) throw new Error('falta el producto');
      await e.pedidos.registrar(nuevoPedido(cliente, [[p, 2000]]));
      await e.pedidos.registrar(nuevoPedido(cliente, [[p, maximo]]));
      // Carritos are read at the current price, so raising it raises their totals.
      valor(await e.productos.modificar(p.id, (x) => cambiarPrecio(x, Dinero.crear(maximo)._unsafeUnwrap(), ahora())));
      const lista = valor(await e.pedidos.listar({ clienteId: cliente.id }, { pagina: 1, limite: 10 }));
      const m = BigInt(maximo);
      expect(lista.totalCantidad).toBe(2000n + m);
      expect(lista.totalCentavos).toBe((2000n + m) * m);
      expect(lista.items.map(totalCentavos)).toHaveLength(2);
      expect(lista.items.map(totalCentavos)).toEqual(expect.arrayContaining([m * m, 2000n * m]));
    });
  });
});
