/** The shape of an English strings file with every text widened to `string`: what each translation must fill. */
export type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
