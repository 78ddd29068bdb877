import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import type { Compiler, WebpackPluginInstance } from 'webpack';
import remarkUniqueHeadingIds from './src/remark/heading-ids.ts';

// One docs instance rooted at the repository, so that docs/ and chart/README.md
// share a link graph: `../chart/README.md#quickstart` resolves on the site and
// on GitHub alike. `include` keeps everything else (examples, node_modules) out.
/** Emits package.json {"type":"commonjs"} next to the server bundle (webpack and Rspack alike). */
const commonJsMarker: WebpackPluginInstance = {
  apply(compiler: Compiler): void {
    compiler.hooks.thisCompilation.tap('ghostwire-commonjs-marker', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'ghostwire-commonjs-marker', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          compilation.emitAsset('package.json', new compiler.webpack.sources.RawSource('{"type":"commonjs"}\n'));
        },
      );
    });
  },
};

const config: Config = {
  title: 'Ghostwire',
  tagline: 'Signal Desktop in Kubernetes, wired into the platform you already run',
  url: 'https://ghostwire.example.org',
  baseUrl: '/',
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  markdown: {
    mermaid: true,
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },
  future: {
    // Rspack, SWC and Lightning CSS through @docusaurus/faster (see DESIGN notes
    // for the measured build times). GHOSTWIRE_SLOW_BUILD=1 falls back to webpack.
    faster: process.env['GHOSTWIRE_SLOW_BUILD'] !== '1',
    // Only the v4 flags we need: ssgWorkerThreads (part of `faster`) requires
    // removeLegacyPostBuildHeadAttribute. The rest of v4 would turn off MDX 1
    // compatibility, which the explicit heading ids `{#id}` depend on.
    v4: { removeLegacyPostBuildHeadAttribute: true },
  },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  presets: [
    [
      'classic',
      {
        docs: {
          path: '.',
          include: ['docs/**/*.{md,mdx}', 'chart/README.md'],
          exclude: ['**/_*/**', '**/_*.{md,mdx}', 'node_modules/**'],
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          editUrl: undefined,
          remarkPlugins: [remarkUniqueHeadingIds],
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],
  plugins: [
    // package.json says "type": "module". Two consequences for the generated code:
    //  - webpack would parse the route registry in .docusaurus/ as strict ESM and leave
    //    its require.resolveWeak calls untranslated, so they are parsed as "auto";
    //  - the server build's chunks in build/__server/ are CommonJS files ending in .js,
    //    which Node would load as ES modules during static rendering ("exports is not
    //    defined"), so that folder gets a package.json that says "commonjs".
    () => ({
      name: 'ghostwire-commonjs-generated-code',
      configureWebpack: (_config, isServer) => ({
        module: { rules: [{ test: /[\\/]\.docusaurus[\\/].*\.js$/, type: 'javascript/auto' }] },
        plugins: isServer ? [commonJsMarker] : [],
      }),
    }),
  ],
  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexDocs: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        docsDir: ['docs', 'chart'],
        highlightSearchTermsOnTargetPage: false,
      },
    ],
  ],
  themeConfig: {
    navbar: {
      title: 'Ghostwire',
      items: [
        { type: 'docSidebar', sidebarId: 'guide', position: 'left', label: 'Guide' },
        { type: 'doc', docId: 'chart/README', label: 'Chart', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'Ghostwire documentation. Examples are tested on every change.',
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash', 'yaml', 'json'],
    },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
  } satisfies Preset.ThemeConfig,
};

export default config;
