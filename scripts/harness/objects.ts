// Reading parsed YAML safely: the values are `unknown` until a check says otherwise. Pure.

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a path of keys and indexes, or undefined where the path does not exist. */
export const get = (v: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((o, k) => (isMap(o) ? o[k as string] : Array.isArray(o) ? o[k as number] : undefined), v);

/** A map of strings (labels, annotations, ConfigMap data); anything else gives {}. */
export const strMap = (v: unknown): Record<string, string> =>
  isMap(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};

/** A list, or [] for anything else. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
