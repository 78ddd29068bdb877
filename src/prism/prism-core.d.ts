// Prism's core without any grammar; its types are those of the whole `prismjs` package.
declare module 'prismjs/components/prism-core' {
  import Prism from 'prismjs';
  export default Prism;
}
declare module 'prismjs/components/prism-yaml';
declare module 'prismjs/components/prism-json';
