/**
 * The payment deadline (eventos.md, "The payment deadline"; decision 0027): a
 * `confirmado` pedido not paid within `PLAZO_DE_PAGO_SEGUNDOS` of its
 * `confirmado_en` is cancelled by the service itself, as
 * `PATCH /pedidos/{id}/cancelar` would, with `motivo` `plazo_de_pago_vencido`.
 *
 * A sweep over the pedidos table, every few seconds, rather than a timer per
 * pedido: what came due while no process ran is found by the first sweep
 * after a start, with nothing to rebuild, and any number of processes may
 * sweep at once (`conPedidoVencido` claims each pedido under its lock, or
 * passes it over).
 */
import { Actor, MotivoDeCancelacion } from '@pedidos/domain';
import { type Consulta, conPedidoVencido, type PedidoVencido } from '@pedidos/persistence';
import type { CasosDeUso } from './casos-de-uso.ts';
import { describirError, type Registro } from './registro.ts';

/** The `motivo` of a cancellation by the deadline, as the pedido, its history and its event show it. */
export const MOTIVO_DE_PLAZO_VENCIDO = 'plazo_de_pago_vencido';

/** Who cancels: the service, by the name of this part of it (decision 0016). */
const PLAZO_DE_PAGO = Actor.sistema('plazo-de-pago');

const motivo = MotivoDeCancelacion.crear(MOTIVO_DE_PLAZO_VENCIDO).match(
  (valido) => valido,
  (error) => {
    throw new Error(`Motivo de cancelación no válido: ${JSON.stringify(error)}`);
  },
);

/** Pedidos a round takes at most; a full round is followed by another at once. */
export const PEDIDOS_POR_RONDA = 100;

/**
 * The pause between rounds: 2 s, plus up to 1 s at random so that the
 * processes of one database do not sweep in step. A deadline is met within
 * 3 s and the time of the round, well inside the contract's 10 s.
 */
const PAUSA_MS = 2000;
const VARIACION_MS = 1000;

export type OpcionesDelPlazo = {
  readonly sql: Consulta;
  /** `PLAZO_DE_PAGO_SEGUNDOS`. */
  readonly segundos: number;
  /**
   * The use cases over the claim's transaction: the cancel runs there, under
   * the claim's lock. They must not wait on anything but that transaction
   * (no cache to invalidate in between; that is `trasCancelar`).
   */
  readonly casos: (tx: Consulta) => CasosDeUso;
  readonly registro: Registro;
  /**
   * After each cancel's commit, before the round goes on: the catalogue's
   * cache, which must not show the stock as it was once the pedido shows
   * cancelled. It must not reject: the round would take the pedido, already
   * cancelled, for one it could not cancel (the catalogue's `invalidar` does
   * not; with Redis away it keeps the bump for when Redis is back).
   */
  readonly trasCancelar?: () => Promise<void>;
  /** After a round that cancelled some, their commits done: the metrics, the relay. */
  readonly alCancelar?: (cuantos: number) => Promise<void> | void;
  readonly reloj?: () => Date;
};

export type PlazoDePago = {
  /** No round begins after this; the one under way, if any, ends first. */
  detener(): Promise<void>;
};

/** What a round has done so far: the pedidos it cancelled, and the ids of those it could not. */
type Cuenta = { cancelados: number; readonly fallidos: string[] };

/** The first round runs at once: it is the one that catches up after a restart. */
export function iniciarPlazoDePago(opciones: OpcionesDelPlazo): PlazoDePago {
  const { sql, segundos, casos, registro, alCancelar, trasCancelar, reloj = () => new Date() } = opciones;
  let detenido = false;
  let temporizador: NodeJS.Timeout | undefined;
  let enCurso: Promise<unknown> = Promise.resolve();

  /** Cancels the claimed pedido through the use case of `PATCH …/cancelar`, in the claim's transaction. */
  const cancelarVencido = (tx: Consulta, pedido: PedidoVencido) =>
    casos(tx).cancelar(PLAZO_DE_PAGO, pedido.id, { motivo }, { versionEsperada: pedido.version });

  /**
   * Up to `PEDIDOS_POR_RONDA` pedidos past the deadline as of the round's
   * start, one transaction each, counted in `cuenta` as they go. One that
   * cannot be cancelled is said and left for the next round, and the round
   * goes on with the others; one the database cannot be reached for ends the
   * round.
   */
  async function ronda(cuenta: Cuenta): Promise<void> {
    const confirmadoHasta = new Date(reloj().getTime() - segundos * 1000);
    const { fallidos } = cuenta;
    while (!detenido && cuenta.cancelados + fallidos.length < PEDIDOS_POR_RONDA) {
      let tomado: PedidoVencido | undefined;
      try {
        const hecho = await conPedidoVencido(sql, confirmadoHasta, fallidos, async (tx, pedido) => {
          tomado = pedido;
          return await cancelarVencido(tx, pedido);
        });
        if (hecho === undefined) return;
        if (hecho.resultado.isOk()) {
          cuenta.cancelados++;
          await trasCancelar?.();
          continue;
        }
        fallidos.push(hecho.pedido.id);
        registro.warn('could not cancel a pedido past its payment deadline', {
          pedido_id: hecho.pedido.id,
          kind: hecho.resultado.error.kind,
        });
      } catch (error) {
        if (tomado === undefined) throw error;
        fallidos.push(tomado.id);
        registro.warn('could not cancel a pedido past its payment deadline', {
          pedido_id: tomado.id,
          ...describirError(error),
        });
      }
    }
  }

  /**
   * A round, and then what its cancels call for, also when it ended early.
   * Whether another round should follow at once: a full one that cancelled
   * something, since more may be due; not one of failures alone, which would
   * only fail again.
   */
  async function unaRonda(): Promise<boolean> {
    const cuenta: Cuenta = { cancelados: 0, fallidos: [] };
    try {
      await ronda(cuenta);
    } finally {
      if (cuenta.cancelados > 0) await avisar(cuenta.cancelados);
    }
    return cuenta.cancelados > 0 && cuenta.cancelados + cuenta.fallidos.length >= PEDIDOS_POR_RONDA;
  }

  async function avisar(cancelados: number): Promise<void> {
    registro.info('pedidos cancelled past their payment deadline', { count: cancelados });
    try {
      await alCancelar?.(cancelados);
    } catch (error) {
      registro.warn('could not tell of the pedidos cancelled past their payment deadline', describirError(error));
    }
  }

  const pausa = () => PAUSA_MS + Math.random() * VARIACION_MS;
  const programar = (ms: number) => {
    if (detenido) return;
    temporizador = setTimeout(() => {
      enCurso = unaRonda().then(
        (otraYa) => programar(otraYa ? 0 : pausa()),
        (error: unknown) => {
          registro.warn('could not sweep the pedidos past their payment deadline', describirError(error));
          programar(pausa());
        },
      );
    }, ms);
    temporizador.unref();
  };
  programar(0);

  return {
    detener: async () => {
      detenido = true;
      clearTimeout(temporizador);
      await enCurso.catch(() => undefined);
    },
  };
}
