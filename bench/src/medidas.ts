/** Latency samples and the figures a scenario reports. */

export type Figuras = {
  /** Operations per second (requests, or placements for the placement scenarios). */
  readonly porSegundo: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers that are neither a success nor an expected refusal, plus transport errors. */
  readonly errores: number;
  /** Expected refusals, such as 409 STOCK_INSUFICIENTE once the scarce stock is gone. */
  readonly rechazos: number;
  readonly total: number;
};

export function percentil(ordenadas: readonly number[], p: number): number {
  if (ordenadas.length === 0) return Number.NaN;
  const indice = Math.min(ordenadas.length - 1, Math.ceil((p / 100) * ordenadas.length) - 1);
  return ordenadas[Math.max(0, indice)] ?? Number.NaN;
}

export class Muestras {
  private readonly latencias: number[] = [];
  errores = 0;
  rechazos = 0;

  anotar(ms: number): void {
    this.latencias.push(ms);
  }

  figuras(segundos: number): Figuras {
    const ordenadas = [...this.latencias].sort((a, b) => a - b);
    return {
      porSegundo: ordenadas.length / segundos,
      p50: percentil(ordenadas, 50),
      p99: percentil(ordenadas, 99),
      errores: this.errores,
      rechazos: this.rechazos,
      total: ordenadas.length,
    };
  }
}

/** Runs `trabajo` from `concurrencia` loops until `segundos` have passed. */
export async function enBucle(
  concurrencia: number,
  segundos: number,
  trabajo: (muestras: Muestras) => Promise<void>,
): Promise<Figuras> {
  const muestras = new Muestras();
  const fin = performance.now() + segundos * 1000;
  const inicio = performance.now();
  await Promise.all(
    Array.from({ length: concurrencia }, async () => {
      while (performance.now() < fin) await trabajo(muestras);
    }),
  );
  return muestras.figuras((performance.now() - inicio) / 1000);
}

export function elegir<T>(valores: readonly T[]): T {
  const valor = valores[Math.floor(Math.random() * valores.length)];
  if (valor === undefined) throw new Error('nada entre lo que elegir');
  return valor;
}

/** Three distinct values, or as many as there are. */
export function tresDistintos<T>(valores: readonly T[]): T[] {
  const elegidos = new Set<T>();
  while (elegidos.size < Math.min(3, valores.length)) elegidos.add(elegir(valores));
  return [...elegidos];
}
