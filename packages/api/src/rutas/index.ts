import * as clientes from './clientes.ts';
import * as operaciones from './operaciones.ts';
import * as pedidos from './pedidos.ts';
import * as productos from './productos.ts';

export { clientes, operaciones, pedidos, productos };

/** Every route of API v1, in the order the OpenAPI document lists them. */
export const RUTAS = [
  ...Object.values(clientes),
  ...Object.values(productos),
  ...Object.values(pedidos),
  ...Object.values(operaciones),
];
