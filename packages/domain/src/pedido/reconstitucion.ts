import { err, ok, Result } from 'neverthrow';
import { assertNever } from '../compartido/assert-never.js';
import { congelar } from '../compartido/congelar.js';
import { Cantidad, type CantidadInvalida } from '../valores/cantidad.js';
import { Dinero, type DineroInvalido, type ImporteExcesivo } from '../valores/dinero.js';
import { type DatosDeDireccion, Direccion, type DireccionInvalida } from '../valores/direccion.js';
import { type EstadoInvalido, EstadoPedido } from '../valores/estados.js';
import {
  MetodoDePago,
  MotivoDeCancelacion,
  NumeroDeSeguimiento,
  ReferenciaDePago,
  type TextoInvalido,
  Transportista,
} from '../valores/etiquetas.js';
import { ClienteId, type IdInvalido, PedidoId, ProductoId } from '../valores/id.js';
import { Instante, type InstanteInvalido, instantesGuardados } from '../valores/instante.js';
import { Nombre, type NombreInvalido } from '../valores/nombre.js';
import { debeTenerCentavosExactos, debeTenerUnidadesExactas } from './importes.js';
import {
  type Cancelacion,
  type Envio,
  type EstadoCancelable,
  type LineaDePedido,
  type Pago,
  type Pedido,
  permite,
} from './pedido.js';

export type PagoGuardado = {
  readonly importeCentavos: bigint;
  readonly referencia: string;
  readonly metodo: string;
  readonly pagadoEn: Date;
};

export type EnvioGuardado = {
  readonly transportista: string;
  readonly numeroSeguimiento: string;
  readonly enviadoEn: Date;
};

export type CancelacionGuardada = {
  readonly motivo: string | null;
  readonly estadoAnterior: string;
  readonly reembolsoCentavos: bigint;
  readonly canceladoEn: Date;
};

/**
 * A pedido as stored. The fields of the later states are optional, and absent
 * is the same as `null`, so that a store that keeps only `carrito` and
 * `confirmado` pedidos gives what it has and nothing more. A pedido is itself
 * a `PedidoGuardado`.
 */
export type PedidoGuardado = {
  readonly id: string;
  readonly clienteId: string;
  readonly estado: string;
  readonly lineas: readonly {
    readonly productoId: string;
    readonly nombre: string;
    readonly cantidad: number;
    readonly precioUnitario: number;
  }[];
  readonly direccionEnvio?: DatosDeDireccion | null;
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
  readonly confirmadoEn?: Date | null;
  readonly pago?: PagoGuardado | null;
  readonly envio?: EnvioGuardado | null;
  readonly entregadoEn?: Date | null;
  readonly cancelacion?: CancelacionGuardada | null;
  readonly version: number;
};

/** Stored data that no sequence of domain operations could have produced. */
export type PedidoIncoherente = {
  readonly kind: 'PedidoIncoherente';
  readonly motivo: string;
};

export type ErrorDeReconstitucionDePedido =
  | IdInvalido
  | NombreInvalido
  | CantidadInvalida
  | DineroInvalido
  | EstadoInvalido
  | ImporteExcesivo
  | InstanteInvalido
  | DireccionInvalida
  | TextoInvalido
  | PedidoIncoherente;

const incoherente = (motivo: string): Result<never, PedidoIncoherente> => err({ kind: 'PedidoIncoherente', motivo });

/** `null` for an absent or null stored value, else the value checked by `crear`. */
function opcional<G, T, E>(valor: G | null | undefined, crear: (v: G) => Result<T, E>): Result<T | null, E> {
  return valor === undefined || valor === null ? ok(null) : crear(valor);
}

function importe(valor: unknown, campo: string): Result<bigint, PedidoIncoherente> {
  return typeof valor === 'bigint' && valor >= 0n ? ok(valor) : incoherente(`${campo} no es un importe en centavos`);
}

function pagoGuardado(g: PagoGuardado): Result<Pago, ErrorDeReconstitucionDePedido> {
  return Result.combine([
    importe(g.importeCentavos, 'pago.importeCentavos'),
    ReferenciaDePago.crear(g.referencia),
    MetodoDePago.crear(g.metodo),
    Instante.crear(g.pagadoEn, 'pagadoEn'),
  ]).map(([importeCentavos, referencia, metodo, pagadoEn]) => ({ importeCentavos, referencia, metodo, pagadoEn }));
}

function envioGuardado(g: EnvioGuardado): Result<Envio, ErrorDeReconstitucionDePedido> {
  return Result.combine([
    Transportista.crear(g.transportista),
    NumeroDeSeguimiento.crear(g.numeroSeguimiento),
    Instante.crear(g.enviadoEn, 'enviadoEn'),
  ]).map(([transportista, numeroSeguimiento, enviadoEn]) => ({ transportista, numeroSeguimiento, enviadoEn }));
}

function esCancelable(estado: EstadoPedido): estado is EstadoCancelable {
  return permite(estado, 'cancelar');
}

function cancelacionGuardada(g: CancelacionGuardada): Result<Cancelacion, ErrorDeReconstitucionDePedido> {
  return Result.combine([
    MotivoDeCancelacion.crear(g.motivo),
    EstadoPedido.crear(g.estadoAnterior).andThen((e) =>
      esCancelable(e) ? ok(e) : incoherente(`no se cancela desde ${e}`),
    ),
    importe(g.reembolsoCentavos, 'cancelacion.reembolsoCentavos'),
    Instante.crear(g.canceladoEn, 'canceladoEn'),
  ]).map(([motivo, estadoAnterior, reembolsoCentavos, canceladoEn]) => ({
    motivo,
    estadoAnterior,
    reembolsoCentavos,
    canceladoEn,
  }));
}

/** Which of the fields of the later states a state has. */
type Presencia = {
  readonly confirmadoEn: boolean;
  readonly pago: boolean;
  readonly envio: boolean;
  readonly entregadoEn: boolean;
  readonly cancelacion: boolean;
};

function presenciaEsperada(estado: EstadoPedido, anterior: EstadoCancelable | undefined): Presencia {
  const nada = { confirmadoEn: false, pago: false, envio: false, entregadoEn: false, cancelacion: false };
  switch (estado) {
    case 'carrito':
      return nada;
    case 'confirmado':
      return { ...nada, confirmadoEn: true };
    case 'pagado':
      return { ...nada, confirmadoEn: true, pago: true };
    case 'enviado':
      return { ...nada, confirmadoEn: true, pago: true, envio: true };
    case 'entregado':
      return { ...nada, confirmadoEn: true, pago: true, envio: true, entregadoEn: true };
    case 'cancelado':
      return {
        ...presenciaEsperada(anterior ?? 'carrito', undefined),
        cancelacion: true,
      };
    default:
      return assertNever(estado);
  }
}

/**
 * Rebuilds a pedido from stored primitives and checks every invariant of the
 * aggregate: each state has exactly the fields it has gained, a pedido past
 * `carrito` has lines whose frozen total is exact, a payment is that total, a
 * pedido shipped has a direccion, and a cancellation is from a state the table
 * allows cancelling from, refunding what was paid. The line cap is not
 * checked: pedidos stored before it existed are read as they are.
 */
export function reconstituirPedido(guardado: PedidoGuardado): Result<Pedido, ErrorDeReconstitucionDePedido> {
  const lineas = Result.combine(
    guardado.lineas.map((l) =>
      Result.combine([
        ProductoId.crear(l.productoId),
        Nombre.crear(l.nombre),
        Cantidad.crearPositiva(l.cantidad),
        Dinero.crear(l.precioUnitario),
      ]).map(
        ([productoId, nombre, cantidad, precioUnitario]): LineaDePedido => ({
          productoId,
          nombre,
          cantidad,
          precioUnitario,
        }),
      ),
    ),
  ).andThen(debeTenerUnidadesExactas);
  return Result.combine([
    PedidoId.crear(guardado.id),
    ClienteId.crear(guardado.clienteId),
    EstadoPedido.crear(guardado.estado),
    lineas,
    instantesGuardados(guardado),
    opcional(guardado.direccionEnvio, Direccion.crear),
    opcional(guardado.confirmadoEn, (v) => Instante.crear(v, 'confirmadoEn')),
    opcional(guardado.pago, pagoGuardado),
    opcional(guardado.envio, envioGuardado),
    opcional(guardado.entregadoEn, (v) => Instante.crear(v, 'entregadoEn')),
    opcional(guardado.cancelacion, cancelacionGuardada),
  ])
    .andThen(
      ([
        id,
        clienteId,
        estado,
        lineas,
        { creadoEn, actualizadoEn },
        direccionEnvio,
        confirmadoEn,
        pago,
        envio,
        entregadoEn,
        cancelacion,
      ]): Result<Pedido, ErrorDeReconstitucionDePedido> => {
        if (new Set(lineas.map((l) => l.productoId)).size !== lineas.length) {
          return incoherente('un producto aparece en más de una línea');
        }
        if (!Number.isSafeInteger(guardado.version) || guardado.version < 1) return incoherente('versión no válida');
        const esperada = presenciaEsperada(estado, cancelacion?.estadoAnterior);
        const presente: Presencia = {
          confirmadoEn: confirmadoEn !== null,
          pago: pago !== null,
          envio: envio !== null,
          entregadoEn: entregadoEn !== null,
          cancelacion: cancelacion !== null,
        };
        for (const campo of Object.keys(esperada) as (keyof Presencia)[]) {
          if (esperada[campo] !== presente[campo]) return incoherente(`${campo} no concuerda con el estado`);
        }
        if (confirmadoEn !== null) {
          // A carrito's prices are its productos' current ones, which may have risen
          // since: only the prices that confirmation froze were checked to fit.
          if (lineas.length === 0) return incoherente('pedido confirmado sin líneas');
          if (debeTenerCentavosExactos(lineas).isErr()) {
            return incoherente('el total de un pedido confirmado supera 2^53 - 1 centavos');
          }
        }
        const total = lineas.reduce((s, l) => s + BigInt(l.precioUnitario) * BigInt(l.cantidad), 0n);
        if (pago !== null && pago.importeCentavos !== total) return incoherente('el pago no es el total del pedido');
        if (cancelacion !== null && cancelacion.reembolsoCentavos !== (pago?.importeCentavos ?? 0n)) {
          return incoherente('el reembolso no es lo pagado');
        }
        const comun = { id, clienteId, lineas, direccionEnvio, creadoEn, actualizadoEn, version: guardado.version };
        return armar(estado, comun, { confirmadoEn, pago, envio, entregadoEn, cancelacion });
      },
    )
    .map(congelar);
}

type Comun = Omit<Pedido, 'estado' | 'confirmadoEn' | 'pago' | 'envio' | 'entregadoEn' | 'cancelacion'>;

/** The pedido of the state, from parts already checked to be present exactly as the state needs. */
function armar(
  estado: EstadoPedido,
  comun: Comun,
  partes: {
    readonly confirmadoEn: Date | null;
    readonly pago: Pago | null;
    readonly envio: Envio | null;
    readonly entregadoEn: Date | null;
    readonly cancelacion: Cancelacion | null;
  },
): Result<Pedido, PedidoIncoherente> {
  const { confirmadoEn, pago, envio, entregadoEn, cancelacion } = partes;
  const { direccionEnvio } = comun;
  // Presence was checked against the state; these narrow the types to match.
  const falta = incoherente('falta un dato del estado');
  switch (estado) {
    case 'carrito':
      return ok({ ...comun, estado });
    case 'confirmado':
      return confirmadoEn === null ? falta : ok({ ...comun, estado, confirmadoEn });
    case 'pagado':
      return confirmadoEn === null || pago === null ? falta : ok({ ...comun, estado, confirmadoEn, pago });
    case 'enviado':
    case 'entregado':
      if (direccionEnvio === null) return incoherente('un pedido enviado sin dirección de envío');
      if (confirmadoEn === null || pago === null || envio === null) return falta;
      if (estado === 'enviado') return ok({ ...comun, estado, confirmadoEn, pago, envio, direccionEnvio });
      return entregadoEn === null
        ? falta
        : ok({ ...comun, estado, confirmadoEn, pago, envio, direccionEnvio, entregadoEn });
    case 'cancelado': {
      if (cancelacion === null) return falta;
      switch (cancelacion.estadoAnterior) {
        case 'carrito':
          return ok({ ...comun, estado, cancelacion: { ...cancelacion, estadoAnterior: 'carrito' } });
        case 'confirmado':
          return confirmadoEn === null
            ? falta
            : ok({ ...comun, estado, confirmadoEn, cancelacion: { ...cancelacion, estadoAnterior: 'confirmado' } });
        case 'pagado':
          return confirmadoEn === null || pago === null
            ? falta
            : ok({ ...comun, estado, confirmadoEn, pago, cancelacion: { ...cancelacion, estadoAnterior: 'pagado' } });
        default:
          return assertNever(cancelacion.estadoAnterior);
      }
    }
    default:
      return assertNever(estado);
  }
}
