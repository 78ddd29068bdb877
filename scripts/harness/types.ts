// Shared data shapes of the harness pipeline. Findings are data; report.ts renders them.

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Stable, typed identifier such as UNKNOWN_FIELD or ROUTE_PORT_MISMATCH. */
  code: string;
  severity: Severity;
  /** Path relative to the working directory, forward slashes. */
  file: string;
  /** 1-based line in `file`. */
  line: number;
  /** 1-based column in `file`, when known. */
  column?: number;
  /** YAML path inside the document, for example `spec.rules[0].host`; '' for the whole snippet. */
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/** A YAML block found in a source file. */
export interface Snippet {
  file: string;
  /** 1-based line of the first YAML line (inside the fence, or 1 for a YAML file). */
  line: number;
  /** 0-based column at which the YAML starts (the fence's indentation). */
  indent: number;
  /** 0-based column of each YAML line, where it is not `indent` (inside a blockquote, after tabs). */
  offsets?: number[];
  lang: string;
  /** Fence meta parsed into key/value pairs; bare words map to 'true'. */
  meta: Record<string, string>;
  text: string;
  /** Where the snippet came from: a fence in a page or a whole YAML file. */
  origin: 'fence' | 'file';
}

export type SnippetKind = 'manifests' | 'values' | 'other';
export type SnippetStatus = 'passed' | 'failed' | 'skipped';

export interface SnippetResult {
  file: string;
  line: number;
  kind: SnippetKind;
  status: SnippetStatus;
  reason?: string;
}

/** A Kubernetes object parsed out of a snippet or rendered from the chart. */
export interface KubeDocument {
  file: string;
  /** Line of the document's first line in `file`. */
  line: number;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  object: Record<string, unknown>;
  /** Where the object sits inside its document (`items[0]` of a List); prefixes finding paths. */
  pathPrefix?: (string | number)[];
  /** Comment lines directly above the document (for `# ghostwire-ignore CODE: reason`). */
  comment?: string;
  /** Maps a YAML path (`spec.rules[0].host`) to its 1-based line and column in `file`. */
  locate: (path: readonly (string | number)[]) => { line: number; column: number };
}

/** Injected file access, so the pure stages need no disk in tests. */
export interface FileAccess {
  readText(file: string): Promise<string>;
  exists(file: string): Promise<boolean>;
}
