/** What a request for a report carries: its query. */
import { z } from '@hono/zod-openapi';
import { instante } from '../../comun/consultas.ts';

/** The longest range a report covers: a leap year's days, so that a report by `dia` has at most 366 rows. */
export const DIAS_MAXIMOS_DEL_INFORME = 366;

const MS_POR_DIA = 24 * 60 * 60 * 1000;

/** `desde` strictly before `hasta`, and at most `DIAS_MAXIMOS_DEL_INFORME` days apart. */
function rangoAcotado({ desde, hasta }: { readonly desde: Date; readonly hasta: Date }, ctx: z.RefinementCtx): void {
  if (desde >= hasta) {
    ctx.addIssue({ code: 'custom', message: 'debe ser posterior a desde', path: ['hasta'], input: hasta });
  } else if (hasta.getTime() - desde.getTime() > DIAS_MAXIMOS_DEL_INFORME * MS_POR_DIA) {
    ctx.addIssue({
      code: 'custom',
      message: `no puede distar más de ${DIAS_MAXIMOS_DEL_INFORME} días de desde`,
      path: ['hasta'],
      input: hasta,
    });
  }
}

export const ConsultaDeVentas = z
  .strictObject({
    desde: instante.openapi({
      description: 'Cota inclusiva de `confirmado_en`. Una fecha sola es su medianoche UTC.',
      example: '2026-12-01T00:00:00Z',
    }),
    hasta: instante.openapi({
      description: `Cota exclusiva de \`confirmado_en\`: posterior a \`desde\`, a ${DIAS_MAXIMOS_DEL_INFORME} días como mucho.`,
      example: '2026-12-08T00:00:00Z',
    }),
    agrupar: z
      .enum(['dia', 'producto'])
      .default('dia')
      .openapi({ description: 'Una fila por día (UTC) de `confirmado_en`, o por producto.' }),
  })
  .superRefine(rangoAcotado);
