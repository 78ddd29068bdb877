// Sizes for --max-file-size and for messages. Pure.

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1048576 };

/** Parses a size such as 2MiB, 512KiB, 1MB or 300000 (bytes); undefined when it is not one. */
export function parseSize(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(s);
  const unit = UNITS[(m?.[2] ?? 'x').toLowerCase()];
  if (!m || unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return n > 0 ? n : undefined;
}

/** A size for messages: whole MiB or KiB without decimals (2 MiB), else one decimal. */
export function formatSize(n: number): string {
  const unit = (d: number, name: string) => `${Number.isInteger(n / d) ? n / d : (n / d).toFixed(1)} ${name}`;
  if (n >= 1048576) return unit(1048576, 'MiB');
  if (n >= 1024) return unit(1024, 'KiB');
  return `${n} bytes`;
}
