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

/** How a figure is held to its bound. */
type Relacion = '≥' | '≤' | '<';
const CUMPLE: Record<Relacion, (valor: number, cota: number) => boolean> = {
  '≥': (v, c) => v >= c,
  '≤': (v, c) => v <= c,
  '<': (v, c) => v < c,
};

export type Objetivo = {
  readonly nombre: string;
  readonly relacion: Relacion;
  /** The bound, checked and printed from this one number. */
  readonly cota: number;
  /** The figure, or `undefined` when this run did not measure it. */
  readonly valor: (m: Medidas) => number | undefined;
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

const entero = (valor: number) => valor.toFixed(0);

export const OBJETIVOS: readonly Objetivo[] = [
  {
    nombre: 'placement / hand-written SQL floor',
    relacion: '≥',
    cota: 0.5,
    valor: (m) => m.colocacion.porSegundo / m.sueloDeColocacion.porSegundo,
    formato: proporcion,
  },
  {
    nombre: 'placement with Idempotency-Key, change against without',
    relacion: '≥',
    cota: -0.1,
    valor: (m) => cambio(m.colocacion.porSegundo, m.conClaves.porSegundo),
    formato: porcentaje,
  },
  {
    nombre: 'GET /productos/{id} / bare node:http',
    relacion: '≥',
    cota: 0.4,
    valor: (m) => m.producto.porSegundo / m.sueloDeLectura.porSegundo,
    formato: proporcion,
  },
  {
    nombre: 'GET /pedidos?cliente_id= throughput, largest table against 10k',
    relacion: '≥',
    cota: -0.1,
    valor: (m) => (m.listaFinal === undefined ? undefined : cambio(m.listaInicial.porSegundo, m.listaFinal.porSegundo)),
    formato: porcentaje,
  },
  {
    nombre: 'GET /pedidos?cliente_id= p99, largest table against 10k',
    relacion: '≤',
    cota: 0.2,
    valor: (m) => (m.listaFinal === undefined ? undefined : cambio(m.listaInicial.p99, m.listaFinal.p99)),
    formato: porcentaje,
  },
  {
    nombre: 'peak resident memory of the service, MiB',
    relacion: '≤',
    cota: 150,
    valor: (m) => m.memoriaPicoMiB,
    formato: entero,
  },
  {
    nombre: 'start-up to ready, embedded database, new directory, ms',
    relacion: '<',
    cota: 1000,
    valor: (m) => m.arranque.primeraVezMs,
    formato: entero,
  },
  {
    nombre: 'start-up to ready, embedded database, again, ms',
    relacion: '<',
    cota: 1000,
    valor: (m) => m.arranque.otraVezMs,
    formato: entero,
  },
];

export function evaluar(objetivos: readonly Objetivo[], medidas: Medidas): Evaluacion[] {
  return objetivos.map(({ nombre, relacion, cota, valor, formato }) => {
    const objetivo = `${relacion} ${formato(cota)}`;
    const v = valor(medidas);
    return v === undefined
      ? { nombre, objetivo, valor: null, medido: 'not measured', cumplido: false }
      : { nombre, objetivo, valor: v, medido: formato(v), cumplido: CUMPLE[relacion](v, cota) };
  });
}
