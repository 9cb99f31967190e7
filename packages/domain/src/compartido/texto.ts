/** Length in Unicode code points, so that "ñ" or an emoji counts as one character. */
export function longitudEnCaracteres(texto: string): number {
  let n = 0;
  for (const _ of texto) n++;
  return n;
}

/**
 * Whether the text can be stored and sent as UTF-8 text: no lone UTF-16
 * surrogate (which has no UTF-8 form) and no NUL (which PostgreSQL's text, C
 * strings and many protocols cannot hold).
 */
export function esTextoRepresentable(texto: string): boolean {
  return !texto.includes('\u0000') && !/\p{Cs}/u.test(texto);
}

/** Whether the text has a control character (line breaks, tabs, NUL, ...), which no name has. */
export function tieneCaracteresDeControl(texto: string): boolean {
  return /\p{Cc}/u.test(texto);
}

/** Why a text was refused. */
export type MotivoDeTextoInvalido = 'vacio' | 'demasiado-largo' | 'caracteres-invalidos';

/**
 * The text trimmed, if it has 1 to `maximo` characters and none of them is a
 * control character or unrepresentable: the rule of every one-line text of the
 * domain (names, address lines, payment references, ...).
 */
export function textoDeUnaLinea(valor: string, maximo: number): MotivoDeTextoInvalido | { readonly texto: string } {
  const recortado = valor.trim();
  if (recortado.length === 0) return 'vacio';
  if (longitudEnCaracteres(recortado) > maximo) return 'demasiado-largo';
  if (!esTextoRepresentable(recortado) || tieneCaracteresDeControl(recortado)) return 'caracteres-invalidos';
  return { texto: recortado };
}
