export {
  abrirBaseDeDatos,
  type BaseDeDatos,
  DirectorioEnUso,
  type OpcionesDeBaseDeDatos,
  type Sql,
} from './base-de-datos.ts';
export { repositorioDeClientes } from './clientes.ts';
export { esFaltaDeConexion } from './errores.ts';
export { leerMigraciones, migrar } from './migraciones.ts';
export { repositorioDePedidos } from './pedidos.ts';
export { repositorioDeProductos } from './productos.ts';
