import { randomUUID } from 'node:crypto';
import {
  Cantidad,
  type Cliente,
  ClienteId,
  crearPedido,
  crearProducto,
  Dinero,
  Email,
  type ItemSolicitado,
  Nombre,
  type Pedido,
  PedidoId,
  type Producto,
  ProductoId,
  registrarCliente,
} from '@pedidos/domain';
import type { Result } from 'neverthrow';
import { afterAll, beforeAll } from 'vitest';
import {
  abrirBaseDeDatos,
  type BaseDeDatos,
  migrar,
  repositorioDeClientes,
  repositorioDePedidos,
  repositorioDeProductos,
} from '../src/index.ts';

/** The databases every suite runs on: the embedded one always, a server when TEST_DATABASE_URL names one. */
export function bases(): readonly { nombre: string; url: string | undefined }[] {
  const url = process.env.TEST_DATABASE_URL;
  return [{ nombre: 'pglite', url: undefined }, ...(url ? [{ nombre: 'postgres', url }] : [])];
}

export type Entorno = ReturnType<typeof repositorios> & { db: BaseDeDatos };

function repositorios(db: BaseDeDatos) {
  return {
    clientes: repositorioDeClientes(db.sql),
    productos: repositorioDeProductos(db.sql),
    pedidos: repositorioDePedidos(db.sql),
  };
}

/** Opens and migrates the database for a suite, and closes it afterwards. */
export function conBaseDeDatos(url: string | undefined): () => Entorno {
  let entorno: Entorno | undefined;
  beforeAll(async () => {
    const db = await abrirBaseDeDatos({ url });
    await migrar(db.sql);
    entorno = { db, ...repositorios(db) };
  });
  afterAll(async () => {
    await entorno?.db.cerrar();
  });
  return () => {
    if (entorno === undefined) throw new Error('la base de datos no está abierta');
    return entorno;
  };
}

export function valor<T, E>(r: Result<T, E>): T {
  if (r.isErr()) throw new Error(`se esperaba Ok y llegó ${JSON.stringify(r.error)}`);
  return r.value;
}

let reloj = Date.parse('2031-01-01T00:00:00Z');
/** Strictly increasing instants, so that "newest first" is well defined. */
export function ahora(): Date {
  reloj += 1000;
  return new Date(reloj);
}

export const unico = () => randomUUID().slice(0, 8);

export function nuevoCliente(nombre = `Cliente ${unico()}`, email = `c-${randomUUID()}@example.com`) {
  return valor(
    registrarCliente({
      id: valor(ClienteId.crear(randomUUID())),
      nombre: valor(Nombre.crear(nombre)),
      email: valor(Email.crear(email)),
      ahora: ahora(),
    }),
  );
}

export function nuevoProducto(datos: { nombre?: string; precio?: number; stock?: number; activo?: boolean } = {}) {
  return valor(
    crearProducto({
      id: valor(ProductoId.crear(randomUUID())),
      nombre: valor(Nombre.crear(datos.nombre ?? `Producto ${unico()}`)),
      precio: valor(Dinero.crear(datos.precio ?? 1000)),
      stock: valor(Cantidad.crear(datos.stock ?? 10)),
      estado: datos.activo === false ? 'inactivo' : 'activo',
      ahora: ahora(),
    }),
  );
}

export function nuevoPedido(cliente: Cliente, items: readonly [Producto, number][] = []) {
  return valor(
    crearPedido({
      id: valor(PedidoId.crear(randomUUID())),
      clienteId: cliente.id,
      items: items.map(([producto, n]): ItemSolicitado => ({ producto, cantidad: valor(Cantidad.crear(n)) })),
      ahora: ahora(),
    }),
  );
}

export const n = (cantidad: number) => valor(Cantidad.crear(cantidad));

/** A cliente, productos and, optionally, a pedido of them, all stored. */
export async function sembrar(
  e: Entorno,
  productos: readonly { precio?: number; stock?: number; activo?: boolean; nombre?: string }[],
) {
  const cliente = valor(await e.clientes.registrar(nuevoCliente()));
  const guardados: Producto[] = [];
  for (const p of productos) guardados.push(valor(await e.productos.registrar(nuevoProducto(p))));
  return { cliente, productos: guardados };
}

export type { Pedido };
