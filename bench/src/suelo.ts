/**
 * The floor: the same operations through the persistence layer and the use
 * cases, with no HTTP, from 50 concurrent loops over a pool as large as the
 * service's. What the database allows on this machine.
 */
import { randomUUID } from 'node:crypto';
import { casosDeUso, crearRegistro, fichas, INTENTOS_DE_ACCESO, limitador, sinCache } from '@pedidos/api';
import { Actor, Cantidad, ClienteId, CuentaId, PedidoId, ProductoId } from '@pedidos/domain';
import {
  type BaseDeDatos,
  informeDeVentas,
  repositorioDeClientes,
  repositorioDeCuentas,
  repositorioDePedidos,
  repositorioDeProductos,
} from '@pedidos/persistence';
import type { Result } from 'neverthrow';
import { elegir, enBucle, type Figuras, tresDistintos } from './medidas.ts';

const CONCURRENCIA = 50;

/** As every request of the bench through HTTP: staff's. */
const actor = Actor.personal(CuentaId.crear(randomUUID())._unsafeUnwrap());

function valor<T, E>(resultado: Result<T, E>): T {
  if (resultado.isErr()) throw new Error(`valor no válido: ${JSON.stringify(resultado.error)}`);
  return resultado.value;
}

export function suelo(db: BaseDeDatos) {
  const casos = casosDeUso({
    clientes: repositorioDeClientes(db.sql),
    productos: repositorioDeProductos(db.sql),
    pedidos: repositorioDePedidos(db.sql),
    cuentas: repositorioDeCuentas(db.sql),
    ventas: informeDeVentas(db.sql),
    catalogo: sinCache,
    fichas: fichas({ secreto: 'la clave de las fichas del suelo, bien larga', duracionSegundos: 900 }),
    intentosDeAcceso: limitador(INTENTOS_DE_ACCESO, { registro: crearRegistro('silent') }),
    reloj: () => new Date(),
    nuevoId: randomUUID,
  });

  return {
    producto: (segundos: number, productos: readonly string[]): Promise<Figuras> =>
      enBucle(CONCURRENCIA, segundos, async (m) => {
        const inicio = performance.now();
        const r = await casos.buscarProducto(actor, valor(ProductoId.crear(elegir(productos))));
        if (r.isOk()) m.anotar(performance.now() - inicio);
        else m.errores++;
      }),

    pedidosDeCliente: (segundos: number, clientes: readonly string[]): Promise<Figuras> =>
      enBucle(CONCURRENCIA, segundos, async (m) => {
        const inicio = performance.now();
        const clienteId = valor(ClienteId.crear(elegir(clientes)));
        const r = await casos.listarPedidos(actor, { clienteId }, { pagina: 1, limite: 20 });
        if (r.isOk()) m.anotar(performance.now() - inicio);
        else m.errores++;
      }),

    colocaciones: (segundos: number, clientes: readonly string[], productos: readonly string[]): Promise<Figuras> =>
      enBucle(CONCURRENCIA, segundos, async (m) => {
        const inicio = performance.now();
        const items = tresDistintos(productos).map((id) => ({
          productoId: valor(ProductoId.crear(id)),
          cantidad: valor(Cantidad.crearPositiva(1)),
        }));
        const creado = await casos.crearPedido(actor, { clienteId: valor(ClienteId.crear(elegir(clientes))), items });
        if (creado.isErr()) {
          if (creado.error.kind === 'StockInsuficiente') m.rechazos++;
          else m.errores++;
          return;
        }
        const confirmado = await casos.confirmar(actor, valor(PedidoId.crear(creado.value.id)), {});
        if (confirmado.isOk()) m.anotar(performance.now() - inicio);
        else if (confirmado.error.kind === 'StockInsuficiente') m.rechazos++;
        else m.errores++;
      }),
  };
}
