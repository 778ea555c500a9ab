/** `%text%` for LIKE / ILIKE, the text's own `%`, `_` and `\` taken literally (a search for "50%" is not "50…"). */
export const containingPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;
