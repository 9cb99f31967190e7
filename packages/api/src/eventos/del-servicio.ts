/**
 * The consumers the service runs (decision 0025), in every process with
 * `CONSUMIDORES` on. A new one receives the events published after it first
 * runs: on RabbitMQ its queue is made then, and in process the relay has
 * marked the older ones published.
 */
import type { Consumidor } from './consumidores.ts';
import { consumidorDeVentas } from './ventas.ts';

export const CONSUMIDORES_DEL_SERVICIO: readonly Consumidor[] = [consumidorDeVentas];
