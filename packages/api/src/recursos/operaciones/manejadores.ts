/** The handlers of operations. */
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import * as rutas from './rutas.ts';

export function operaciones(baseDeDatosResponde: () => Promise<boolean>) {
  const app = enrutador();

  app.openapi(rutas.salud, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(rutas.preparado, async (c) =>
    (await baseDeDatosResponde())
      ? c.json({ status: 'ok' as const }, 200)
      : responderProblema(c, { kind: 'BaseDeDatosNoDisponible' }),
  );

  return app;
}
