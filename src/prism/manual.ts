// Loaded before prismjs: in a browser, Prism highlights every `language-*` element of the page
// by itself unless told it is driven by hand, which would rewrite React's server markup.
const scope = globalThis as { Prism?: { manual?: boolean; disableWorkerMessageHandler?: boolean } };
scope.Prism = { ...scope.Prism, manual: true, disableWorkerMessageHandler: true };
export {};
