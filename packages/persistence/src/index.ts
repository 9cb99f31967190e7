export {
  type AvisosDeEscucha,
  abrirBaseDeDatos,
  type BaseDeDatos,
  type Consulta,
  crearPlantilla,
  DirectorioEnUso,
  type Escucha,
  type OpcionesDeBaseDeDatos,
  type Sql,
} from './base-de-datos.ts';
export { repositorioDeClientes } from './clientes.ts';
/** The channel every commit that changes productos sends a notice on (migration 0016). */
export const CANAL_DEL_CATALOGO = 'pedidos_catalogo';
export {
  type Credenciales,
  type Cuenta,
  type NuevaCuenta,
  type RepositorioDeCuentas,
  type Rol,
  repositorioDeCuentas,
} from './cuentas.ts';
export { type Entrega, podarEntregas, procesarCadaUnaVez, procesarUnaVez } from './entregas.ts';
export { esFaltaDeConexion } from './errores.ts';
export { insercionDeEventos } from './eventos.ts';
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
export { type RepositorioDeProductosSql, repositorioDeProductos } from './productos.ts';
export {
  type AvisosDelRelay,
  aparcarEventos,
  aplazarEventos,
  CANAL_DE_EVENTOS,
  type EstadoDelOutbox,
  type EventoPorPublicar,
  esperaTrasFallo,
  estadoDelOutbox,
  eventosSinPublicar,
  iniciarRelay,
  marcarPublicados,
  type OpcionesDelRelay,
  podarEventosPublicados,
  type Relay,
  reclamarEventos,
  soltarAparcados,
} from './relay.ts';
export {
  type AgrupacionDeVentas,
  type ConsultaDeVentas,
  type FilaDeVentas,
  type InformeDeVentas,
  informeDeVentas,
  leerInformeDeVentas,
  registrarVentaCancelada,
  registrarVentaConfirmada,
  type VentaConfirmada,
} from './ventas.ts';
