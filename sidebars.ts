import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

const sidebars: SidebarsConfig = {
  guide: [
    'docs/index',
    'docs/integration-patterns',
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
