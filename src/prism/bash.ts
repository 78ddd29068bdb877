// A small shell grammar for the site's command blocks (bash, sh, shell, console). Prism's own
// bash grammar is registered through `insertBefore`, which walks every loaded grammar on each
// page load (about a tenth of a second of a phone's start-up); this one is a plain object.
// It colours what the guides' commands need: comments, strings, variables, the commands the
// guides run, options, shell keywords, operators.
import { Prism } from './highlight';

const COMMANDS =
  'kubectl|helm|kind|curl|openssl|flux|argocd|velero|istioctl|linkerd|cilium|cmctl|jq|yq|git|npm|npx|docker|' +
  'ssh-keygen|base64|htpasswd|kubeseal|cosign|crane|skopeo|sed|grep|awk|xargs|tee|cat|sleep|watch|unzip|tar';
const word = (alternatives: string) => new RegExp(`(^|[\\s;|&(])(?:${alternatives})(?=$|[\\s;|&)])`, 'm');

const variable = /\$(?:\w+|\{[^}\n]+\}|\((?:[^()\n]|\([^()\n]*\))*\))/;

// Strings first, on one line each, so a # inside quotes stays text; a comment starts at a
// word boundary (`curl https://x/#/a` has none).
export const shellGrammar: Prism.Grammar = {
  string: {
    pattern: /"(?:\\.|[^"\\\n])*"|'[^'\n]*'/,
    greedy: true,
    inside: { variable },
  },
  comment: { pattern: /(^|[\s;|&])#.*/m, lookbehind: true, greedy: true },
  variable,
  function: { pattern: word(COMMANDS), lookbehind: true },
  keyword: { pattern: word('if|then|else|elif|fi|for|while|until|in|do|done|case|esac|function'), lookbehind: true },
  builtin: { pattern: word('cd|echo|export|read|set|unset|source|exit|printf|test|eval'), lookbehind: true },
  parameter: { pattern: /(^|\s)--?[A-Za-z][\w-]*=?/m, lookbehind: true, alias: 'variable' },
  operator: /\|\||&&|\||[<>]{1,2}|\\$/m,
  punctuation: /[[\]{}();]/,
};

for (const name of ['bash', 'sh', 'shell', 'console']) Prism.languages[name] = shellGrammar;
