// The site's shell grammar (src/prism/bash.ts) colours the guides' commands: each token type
// it produces is one the code themes colour (test/site-contrast.test.ts checks their contrast).
import { Prism } from '../src/prism/highlight.ts';
import { describe, expect, it } from 'vitest';
import { shellGrammar } from '../src/prism/bash.ts';
import { lightCodeTheme } from '../src/prism/themes.ts';

type Token = string | Prism.Token;
const flat = (tokens: Token[]): [string, string][] =>
  tokens.flatMap((t) =>
    typeof t === 'string'
      ? []
      : Array.isArray(t.content)
        ? [
            [t.type, (t.content as Token[]).map((c) => (typeof c === 'string' ? c : String(c.content))).join('')],
            ...flat(t.content as Token[]),
          ]
        : [[t.type, String(t.content)]],
  );

describe('the shell grammar', () => {
  const tokens = flat(
    Prism.tokenize(
      [
        '# Create the Secret first',
        'kubectl -n ghostwire create secret generic oauth2-proxy \\',
        '  --from-literal=cookie-secret="$(openssl rand -hex 16)"',
        'helm install ghostwire ./chart -f values.yaml && echo "done for ${RELEASE}"',
      ].join('\n'),
      shellGrammar,
    ),
  );

  it.each([
    ['comment', '# Create the Secret first'],
    ['function', 'kubectl'],
    ['function', 'helm'],
    ['parameter', '--from-literal='],
    ['string', '"$(openssl rand -hex 16)"'],
    ['variable', '$(openssl rand -hex 16)'],
    ['variable', '${RELEASE}'],
    ['operator', '&&'],
    ['builtin', 'echo'],
  ])('should mark %s %s', (type, text) => {
    expect(tokens).toContainEqual([type, text]);
  });

  it('should not take a # inside a word or a string for a comment', () => {
    const t = flat(Prism.tokenize('curl https://x.example/#/path "a # b"', shellGrammar));
    expect(t.filter(([type]) => type === 'comment')).toEqual([]);
  });

  it('should only produce token types the code themes colour', () => {
    const coloured = new Set(lightCodeTheme.styles.flatMap((s) => s.types));
    const types = new Set(tokens.map(([type]) => type));
    for (const type of types) expect(coloured.has(type) || type === 'parameter').toBe(true);
    // parameter is aliased to variable, which the themes colour.
    expect(coloured.has('variable')).toBe(true);
  });

  it('should be registered for every shell fence name the guides use', () => {
    for (const name of ['bash', 'sh', 'shell', 'console']) expect(Prism.languages[name]).toBe(shellGrammar);
  });
});
