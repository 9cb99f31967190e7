/**
 * The targets of issue 14, each as the figure it is judged on, the bound, and
 * whether this run met it. They are printed beside the figures and written
 * with them; no test asserts them (docs/performance.md).
 */
import type { Arranque } from './arranque.ts';
import type { Figuras } from './medidas.ts';

export type Medidas = {
  readonly producto: Figuras;
  readonly sueloDeLectura: Figuras;
  readonly colocacion: Figuras;
  readonly conClaves: Figuras;
  readonly sueloDeColocacion: Figuras;
  readonly listaInicial: Figuras;
  /** Absent when the run stays at the first size. */
  readonly listaFinal: Figuras | undefined;
  readonly memoriaPicoMiB: number;
  readonly arranque: Arranque;
};

export type Objetivo = {
  readonly nombre: string;
  /** The bound, as it is printed. */
  readonly objetivo: string;
  /** The figure, or `undefined` when this run did not measure it. */
  readonly valor: (m: Medidas) => number | undefined;
  readonly cumple: (valor: number) => boolean;
  readonly formato: (valor: number) => string;
};

export type Evaluacion = {
  readonly nombre: string;
  readonly objetivo: string;
  readonly valor: number | null;
  readonly medido: string;
  readonly cumplido: boolean;
};

const proporcion = (valor: number) => valor.toFixed(2);
const porcentaje = (valor: number) => `${valor >= 0 ? '+' : ''}${(valor * 100).toFixed(1)}%`;
const cambio = (antes: number, despues: number) => despues / antes - 1;

export const OBJETIVOS: readonly Objetivo[] = [
  {
    nombre: 'placement / hand-written SQL floor',
    objetivo: '≥ 0.50',
    valor: (m) => m.colocacion.porSegundo / m.sueloDeColocacion.porSegundo,
    cumple: (v) => v >= 0.5,
    formato: proporcion,
  },
  {
    nombre: 'placement with Idempotency-Key, change against without',
    objetivo: '≥ −10%',
    valor: (m) => cambio(m.colocacion.porSegundo, m.conClaves.porSegundo),
    cumple: (v) => v >= -0.1,
    formato: porcentaje,
  },
  {
    nombre: 'GET /productos/{id} / bare node:http',
    objetivo: '≥ 0.40',
    valor: (m) => m.producto.porSegundo / m.sueloDeLectura.porSegundo,
    cumple: (v) => v >= 0.4,
    formato: proporcion,
  },
  {
    nombre: 'GET /pedidos?cliente_id= throughput, largest table against 10k',
    objetivo: '≥ −10%',
    valor: (m) => (m.listaFinal === undefined ? undefined : cambio(m.listaInicial.porSegundo, m.listaFinal.porSegundo)),
    cumple: (v) => v >= -0.1,
    formato: porcentaje,
  },
  {
    nombre: 'GET /pedidos?cliente_id= p99, largest table against 10k',
    objetivo: '≤ +20%',
    valor: (m) => (m.listaFinal === undefined ? undefined : cambio(m.listaInicial.p99, m.listaFinal.p99)),
    cumple: (v) => v <= 0.2,
    formato: porcentaje,
  },
  {
    nombre: 'peak resident memory of the service, MiB',
    objetivo: '≤ 150',
    valor: (m) => m.memoriaPicoMiB,
    cumple: (v) => v <= 150,
    formato: (v) => v.toFixed(0),
  },
  {
    nombre: 'start-up to ready, embedded database, new directory, ms',
    objetivo: '< 1000',
    valor: (m) => m.arranque.primeraVezMs,
    cumple: (v) => v < 1000,
    formato: (v) => v.toFixed(0),
  },
  {
    nombre: 'start-up to ready, embedded database, again, ms',
    objetivo: '< 1000',
    valor: (m) => m.arranque.otraVezMs,
    cumple: (v) => v < 1000,
    formato: (v) => v.toFixed(0),
  },
];

export function evaluar(objetivos: readonly Objetivo[], medidas: Medidas): Evaluacion[] {
  return objetivos.map(({ nombre, objetivo, valor, cumple, formato }) => {
    const v = valor(medidas);
    return v === undefined
      ? { nombre, objetivo, valor: null, medido: 'not measured', cumplido: false }
      : { nombre, objetivo, valor: v, medido: formato(v), cumplido: cumple(v) };
  });
}
