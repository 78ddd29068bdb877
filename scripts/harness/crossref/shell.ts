// Shell commands a page documents, split into words with their lines, and the opt-outs
// that apply to them. Pure.
import { parseMeta } from '../extract.ts';
import type { Finding } from '../types.ts';

/** A shell fence: the shape `extractPage()` returns as `commands` (meta when known). */
export interface ShellFence {
  file: string;
  /** 1-based line of the first line inside the fence. */
  line: number;
  lang: string;
  text: string;
  meta?: Record<string, string>;
}

/** One command of a fence: its words, the line it starts on and the opt-outs of its fence. */
export interface Command {
  file: string;
  line: number;
  argv: string[];
  ignores: Map<string, string>;
}

const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);

/**
 * Shell fences of a Markdown page, plus `kubectl`/`helm` commands in inline code (lang
 * "inline"). The fence part is an internal stand-in, to be replaced by `extractPage().commands`
 * once the parse stage returns them (same shape); the inline part stays.
 */
export function shellFences(file: string, text: string): ShellFence[] {
  const out: ShellFence[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i] as string);
    if (!open) {
      // Commands in running text (`kubectl get pods -l app=x`) are documented commands too.
      for (const m of (lines[i] as string).matchAll(/`((?:kubectl|helm) [^`]+)`/g))
        out.push({ file, line: i + 1, lang: 'inline', text: m[1] as string });
      continue;
    }
    const [, indent, marker, lang, meta] = open as unknown as [string, string, string, string, string];
    const close = new RegExp(`^ {0,${indent.length + 3}}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] as string)) j++;
    if (SHELL_LANGS.has(lang.toLowerCase()))
      out.push({
        file,
        line: i + 2,
        lang: lang.toLowerCase(),
        text: lines
          .slice(i + 1, j)
          .map((l) => l.slice(Math.min(indent.length, l.length - l.trimStart().length)))
          .join('\n'),
        meta: parseMeta(meta),
      });
    i = j;
  }
  return out;
}

/** Splits one command line into words: quotes kept together, `$(...)` as one word. */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      cur += line.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? line.length : end;
      has = true;
    } else if (ch === '$' && line[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === '(') depth++;
        if (line[j] === ')' && --depth === 0) break;
      }
      cur += line.slice(i, j + 1);
      i = j;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else if (ch === '#' && !has) break;
    else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** A command line split at ` && `, ` || `, ` | ` and ` ; `, but not inside quotes or `$(...)`. */
export function splitList(line: string): string[] {
  const out: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '$' && line[i + 1] === '(') {
      depth++;
      i++;
    } else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0 && /\s/.test(ch)) {
      const m = /^\s(?:&&|\|\||\||;)\s/.exec(line.slice(i));
      if (m) {
        out.push(line.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
      }
    }
  }
  out.push(line.slice(start));
  return out;
}

/** Commands of the fences: continuation lines joined, prompts stripped, pipes and && split. */
export function commandsOf(fences: readonly ShellFence[]): { commands: Command[]; findings: Finding[] } {
  const commands: Command[] = [];
  const findings: Finding[] = [];
  for (const f of fences) {
    const ignores = new Map<string, string>();
    const optOut = (codes: string, reason: string, line: number) => {
      if (reason.trim()) for (const c of codes.split(',').filter(Boolean)) ignores.set(c.trim(), reason.trim());
      else
        findings.push({
          code: 'OPT_OUT_WITHOUT_REASON',
          severity: 'error',
          file: f.file,
          line,
          path: '',
          message: `This shell fence opts out of ${codes} without a reason; add one after the code.`,
        });
    };
    if (f.meta?.['ignore']) optOut(f.meta['ignore'], f.meta['reason'] ?? '', f.line - 1);
    const lines = f.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const start = i;
      let raw = lines[i] as string;
      const ign = /^\s*#\s*ghostwire-ignore\s+([A-Z_,]+)\s*:?\s*(.*)$/.exec(raw);
      if (ign) {
        optOut(ign[1] as string, ign[2] as string, f.line + i);
        continue;
      }
      if (f.lang === 'console') {
        if (!/^\s*[$#]\s/.test(raw)) continue;
        raw = raw.replace(/^\s*[$#]\s/, '');
      }
      while (/\\\s*$/.test(raw) && i + 1 < lines.length) raw = raw.replace(/\\\s*$/, ' ') + lines[++i];
      for (const part of splitList(raw)) {
        const argv = words(part);
        if (argv.length > 0) commands.push({ file: f.file, line: f.line + start, argv, ignores });
      }
    }
  }
  return { commands, findings };
}

/** The value of a flag (`-n x`, `-n=x`, `--namespace x`, `--namespace=x`), last one wins. */
export function flag(argv: readonly string[], names: readonly string[]): string | undefined {
  let v: string | undefined;
  argv.forEach((a, i) => {
    for (const n of names) {
      if (a === n) v = argv[i + 1];
      else if (a.startsWith(`${n}=`)) v = a.slice(n.length + 1);
      else if (n.length === 2 && a.startsWith(n) && a.length > 2 && !a.startsWith('--')) v = a.slice(2);
    }
  });
  return v;
}

/** Every value of a repeatable flag. */
export function flags(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === name && argv[i + 1] !== undefined) out.push(argv[i + 1] as string);
    else if (a.startsWith(`${name}=`)) out.push(a.slice(name.length + 1));
  });
  return out;
}

/** Words that are not flags nor flag values, given which flags take a value. */
export function positionals(argv: readonly string[], valued: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('-')) {
      if (!a.includes('=') && valued.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
