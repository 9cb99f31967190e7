/** The resources of API v1: the routes of each, and a router with its handlers. */
import * as rutasDeClientes from './clientes/rutas.ts';
import * as rutasDeCuentas from './cuentas/rutas.ts';
import * as rutasDeOperaciones from './operaciones/rutas.ts';
import * as rutasDePagos from './pagos/rutas.ts';
import * as rutasDePedidos from './pedidos/rutas.ts';
import * as rutasDeProductos from './productos/rutas.ts';
import * as rutasDeReportes from './reportes/rutas.ts';

export { clientes } from './clientes/manejadores.ts';
export { cuentas } from './cuentas/manejadores.ts';
export { metricasPorToken, operaciones } from './operaciones/manejadores.ts';
export { pagos } from './pagos/manejadores.ts';
export { pedidos } from './pedidos/manejadores.ts';
export { productos } from './productos/manejadores.ts';
export { reportes } from './reportes/manejadores.ts';

/** Every route of API v1, in the order the OpenAPI document lists them. */
export const RUTAS = [
  ...Object.values(rutasDeCuentas),
  ...Object.values(rutasDeClientes),
  ...Object.values(rutasDeProductos),
  ...Object.values(rutasDePedidos),
  ...Object.values(rutasDePagos),
  ...Object.values(rutasDeReportes),
  ...Object.values(rutasDeOperaciones),
];
