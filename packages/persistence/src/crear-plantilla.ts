/** Run by `pnpm build`: the template new embedded databases start from (plantilla.ts). */
import { crearPlantilla } from './base-de-datos.ts';

const inicio = performance.now();
const ruta = await crearPlantilla();
console.log(`template of a new embedded database: ${ruta} (${Math.round(performance.now() - inicio)} ms)`);
