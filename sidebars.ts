import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

// Layers in the order traffic meets them (ingress, TLS, sign-on, network), then
// operations (monitoring, backup), then the optional mesh, delivery and security.
const LAYERS = ['ingress', 'tls', 'auth', 'network', 'monitoring', 'backup', 'service-mesh', 'gitops', 'security'];

const sidebars: SidebarsConfig = {
  guide: [
    'docs/index',
    {
      type: 'category',
      label: 'Integration patterns',
      link: { type: 'doc', id: 'docs/integration-patterns' },
      items: LAYERS.map((layer) => `docs/integration-patterns/${layer}`),
    },
    'docs/integration-examples',
    'docs/infrastructure-layer-options',
    {
      type: 'category',
      label: 'By role',
      items: ['docs/roles/platform-engineers', 'docs/roles/application-teams', 'docs/roles/security-teams'],
    },
    'chart/README',
  ],
};

export default sidebars;
