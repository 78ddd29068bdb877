import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Compiler, WebpackPluginInstance } from 'webpack';
import { codeColorsCss, siteCodeTheme } from './src/prism/themes.ts';
import tableLabels from './src/rehype/table-labels.ts';
import taskListLabels from './src/rehype/task-list-labels.ts';
import remarkUniqueHeadingIds from './src/remark/heading-ids.ts';
import remarkVersions from './src/remark/versions.ts';
import routeScripts from './src/plugins/route-scripts.ts';

// Where the site is published. GitHub Pages (.github/workflows/pages.yml) passes the origin
// and the path that actions/configure-pages reports; a local build serves from /.
const siteUrl = process.env['GHOSTWIRE_SITE_URL'] || 'https://ghostwire.example.org';
const baseUrl = `/${(process.env['GHOSTWIRE_BASE_URL'] || '').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');

/** The repository on GitHub, for "Edit this page": set by Actions, else the git remote. */
function repositoryUrl(): string | undefined {
  const fromEnv = process.env['GHOSTWIRE_REPO_URL'];
  if (fromEnv) return fromEnv.replace(/\/$/, '');
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = process.env;
  if (server && repo) return `${server}/${repo}`;
  try {
    const remote = execFileSync('git', ['remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: 'pipe' }).trim();
    const github = /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(remote);
    return github ? `https://github.com/${github[1]}` : undefined;
  } catch {
    return undefined; // no remote (a fresh local repository): no edit links
  }
}
const repoUrl = repositoryUrl();

/** Dates from git need a git worktree; a copy of the site elsewhere (an export, a test) builds without them. */
function insideGitWorktree(): boolean {
  try {
    return (
      execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { encoding: 'utf8', stdio: 'pipe' }).trim() === 'true'
    );
  } catch {
    return false;
  }
}

// One docs instance rooted at the repository, so that docs/ and chart/README.md
// share a link graph: `../chart/README.md#quickstart` resolves on the site and
// on GitHub alike. `include` keeps everything else (examples, node_modules) out.
/** Emits package.json {"type":"commonjs"} next to the server bundle (webpack and Rspack alike). */

/** Docusaurus modules (by resolved path) and the file in src/client/ that replaces each in the browser. */
const CLIENT_MODULES: [RegExp, string][] = [
  [/@docusaurus[\\/]core[\\/]lib[\\/]client[\\/]clientEntry\.js$/, 'client-entry.tsx'],
  [/@docusaurus[\\/]core[\\/]lib[\\/]client[\\/]prefetch\.js$/, 'prefetch.ts'],
  [/@docusaurus[\\/]core[\\/]lib[\\/]client[\\/]browserContext\.js$/, 'browser-context.tsx'],
  [
    /docusaurus-search-local[\\/]dist[\\/]client[\\/]client[\\/]theme[\\/]hooks[\\/]useSearchQuery\.js$/,
    'search-query.ts',
  ],
  [/@docusaurus[\\/]theme-common[\\/]lib[\\/]hooks[\\/]useWindowSize\.js$/, 'window-size.ts'],
  [/@docusaurus[\\/]theme-common[\\/]lib[\\/]utils[\\/]reactUtils\.js$/, 'react-utils.ts'],
  [
    /@docusaurus[\\/]plugin-content-docs[\\/]lib[\\/]client[\\/]docsPreferredVersion\.js$/,
    'docs-preferred-version.tsx',
  ],
];

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
  url: siteUrl,
  baseUrl,
  favicon: 'favicon.ico',
  headTags: [{ tagName: 'link', attributes: { rel: 'apple-touch-icon', href: `${baseUrl}img/apple-touch-icon.png` } }],
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  markdown: {
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
          // "Edit this page" opens the file on the default branch.
          editUrl: repoUrl ? `${repoUrl}/edit/main/` : undefined,
          // From git: CI checks out the whole history for the site (a shallow clone
          // would date every page with the last commit).
          showLastUpdateTime: insideGitWorktree(),
          // Column headers on every table cell, for the phone layout (src/css/custom.css).
          rehypePlugins: [tableLabels, taskListLabels],
          remarkPlugins: [remarkVersions, remarkUniqueHeadingIds],
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],
  // Registers the shell grammar on the server and in the browser before any page renders.
  clientModules: ['./src/prism/bash.ts'],
  plugins: [
    // package.json says "type": "module". Two consequences for the generated code:
    //  - webpack would parse the route registry in .docusaurus/ as strict ESM and leave
    //    its require.resolveWeak calls untranslated, so they are parsed as "auto";
    //  - the server build's chunks in build/__server/ are CommonJS files ending in .js,
    //    which Node would load as ES modules during static rendering ("exports is not
    //    defined"), so that folder gets a package.json that says "commonjs".
    (context) => ({
      // The theme's CodeBlock imports `prism-react-renderer`; the site bundles get our
      // highlighter with YAML, JSON and shell only (src/prism/highlight.tsx says why).
      name: 'ghostwire-highlighter',
      configureWebpack: () => ({
        resolve: {
          alias: { 'prism-react-renderer$': path.join(context.siteDir, 'src', 'prism', 'highlight.ts') },
        },
      }),
    }),
    (context) => ({
      // Modules of Docusaurus replaced in the browser bundle by ours in src/client/, each with
      // the same exports (the files say why): the entry that starts the app over several
      // tasks, link prefetching one per idle period, the hydration flag and the window size
      // set as transitions (and the search page's query hook that counted on the flag's being
      // synchronous), a shallow memo without the collator, a preferred docs version that
      // changes only when storage holds another.
      name: 'ghostwire-client-modules',
      configureWebpack: (_config, isServer, utils) =>
        isServer
          ? {}
          : {
              // React DOM in a script of its own: the browser compiles each script in a task of its
              // own, and main.js's compile was a fifth of its task.
              optimization: {
                splitChunks: {
                  cacheGroups: {
                    reactDom: {
                      test: /[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/,
                      name: 'react-dom',
                      chunks: 'initial',
                      enforce: true,
                      priority: 60,
                    },
                  },
                },
              },
              plugins: CLIENT_MODULES.map(
                ([pattern, file]) =>
                  new utils.currentBundler.instance.NormalModuleReplacementPlugin(
                    pattern,
                    path.join(context.siteDir, 'src', 'client', file),
                  ),
              ),
            },
    }),
    // Each page's own chunks as scripts in its HTML (src/plugins/route-scripts.ts says why).
    routeScripts,
    () => ({
      name: 'ghostwire-code-colours',
      injectHtmlTags: () => ({ headTags: [{ tagName: 'style', innerHTML: codeColorsCss() }] }),
    }),
    () => ({
      name: 'ghostwire-commonjs-generated-code',
      configureWebpack: (_config, isServer) => ({
        module: { rules: [{ test: /[\\/]\.docusaurus[\\/].*\.js$/, type: 'javascript/auto' }] },
        plugins: isServer ? [commonJsMarker] : [],
      }),
    }),
  ],
  themes: [
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
        // Each hit names its page and the headings above it ("Integration patterns › Ingress").
        explicitSearchResultPath: true,
        searchResultContextMaxLength: 60,
      },
    ],
  ],
  themeConfig: {
    navbar: {
      title: 'Ghostwire',
      // The title next to it names the site; alt text repeating it is redundant for screen readers.
      logo: { alt: '', src: 'img/logo.svg', width: 32, height: 32 },
      items: [
        { type: 'docSidebar', sidebarId: 'guide', position: 'left', label: 'Guide' },
        { type: 'doc', docId: 'chart/README', label: 'Chart', position: 'left' },
        // Release, namespace and host for every example (src/components/ReaderSettings).
        { type: 'custom-readerSettings', position: 'right' },
        ...(repoUrl ? [{ href: repoUrl, label: 'GitHub', position: 'right' as const }] : []),
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'Ghostwire documentation. Examples are tested on every change.',
    },
    prism: {
      // One theme of CSS variables for both modes (defined by the code-colours plugin below).
      theme: siteCodeTheme,
      darkTheme: siteCodeTheme,
      // YAML and JSON come with prism-react-renderer; shell blocks use our own grammar
      // (src/prism/bash.ts, a client module), which loads without walking every grammar.
      additionalLanguages: [],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
