export {
  abrirBaseDeDatos,
  type BaseDeDatos,
  type Consulta,
  DirectorioEnUso,
  type OpcionesDeBaseDeDatos,
  type Sql,
} from './base-de-datos.ts';
export { repositorioDeClientes } from './clientes.ts';
export {
  type Credenciales,
  type Cuenta,
  type NuevaCuenta,
  type RepositorioDeCuentas,
  type Rol,
  repositorioDeCuentas,
} from './cuentas.ts';
export { esFaltaDeConexion } from './errores.ts';
export {
  conClaveDeIdempotencia,
  podarClavesCaducadas,
  type RespuestaGuardada,
  type ResultadoIdempotente,
  type Trabajo,
  VIGENCIA_DE_CLAVE_HORAS,
} from './idempotencia.ts';
export { leerMigraciones, migrar } from './migraciones.ts';
export { repositorioDePedidos } from './pedidos.ts';
export { conPedidoVencido, type PedidoVencido } from './plazos.ts';
export { repositorioDeProductos } from './productos.ts';
export {
  type AvisosDelRelay,
  aplazarEventos,
  CANAL_DE_EVENTOS,
  type EventoPorPublicar,
  esperaTrasFallo,
  eventosSinPublicar,
  iniciarRelay,
  marcarPublicados,
  type OpcionesDelRelay,
  type Relay,
  reclamarEventos,
} from './relay.ts';
