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
