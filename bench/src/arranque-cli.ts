/**
 * `pnpm bench:arranque`: start-up to ready alone, three times (arranque.ts), on
 * the compiled program `pnpm build` left; the figures beside the target.
 */
import { medirArranque } from './arranque.ts';

const OBJETIVO_MS = 1000;
for (let vez = 1; vez <= 3; vez++) {
  const { primeraVezMs, otraVezMs } = await medirArranque();
  console.log(
    `start-up to ready, run ${vez}: new directory ${primeraVezMs.toFixed(0)} ms, again ${otraVezMs.toFixed(0)} ms (target < ${OBJETIVO_MS} ms)`,
  );
}
