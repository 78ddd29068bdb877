// Image references, registry credentials and the node architecture: values,
// global values (when Ghostwire is a subchart) and the amd64-only default.
import { beforeAll, describe, expect, it } from 'vitest';
import { asList, container, dig, one, podSpec, render, type Rendered } from './render';

let defaults: Rendered;
let global: Rendered;
let digest: Rendered;

beforeAll(async () => {
  [defaults, global, digest] = await Promise.all([
    render(),
    render({
      values: {
        global: {
          imageRegistry: 'mirror.example.com:5000',
          imagePullSecrets: ['shared-credentials', { name: 'registry-credentials' }],
        },
        imagePullSecrets: [{ name: 'registry-credentials' }, { name: 'own-credentials' }],
      },
    }),
    render({ values: { image: { digest: `sha256:${'b'.repeat(64)}` } } }),
  ]);
}, 60_000);

const pods = (r: Rendered) => [one(r, 'StatefulSet'), one(r, 'Pod')];
const images = (r: Rendered) => [
  container(one(r, 'StatefulSet'), 'desktop')['image'],
  asList(podSpec(one(r, 'StatefulSet'))['initContainers'])[0]?.['image'],
  container(one(r, 'Pod'), 'webclient')['image'],
];

describe('images', () => {
  it('should pull the pinned images from docker.io by default, without credentials', () => {
    expect(images(defaults)).toEqual([
      'docker.io/kasmweb/signal:1.17.0',
      'docker.io/kasmweb/signal:1.17.0',
      'docker.io/curlimages/curl:8.11.1',
    ]);
    for (const p of pods(defaults)) expect(podSpec(p)['imagePullSecrets']).toBeUndefined();
  });

  it('should take every image from global.imageRegistry', () => {
    expect(images(global)).toEqual([
      'mirror.example.com:5000/kasmweb/signal:1.17.0',
      'mirror.example.com:5000/kasmweb/signal:1.17.0',
      'mirror.example.com:5000/curlimages/curl:8.11.1',
    ]);
  });

  it('should merge global.imagePullSecrets (names or objects) with imagePullSecrets, each once', () => {
    for (const p of pods(global))
      expect(podSpec(p)['imagePullSecrets']).toEqual([
        { name: 'shared-credentials' },
        { name: 'registry-credentials' },
        { name: 'own-credentials' },
      ]);
  });

  it('should pull the Signal image by digest when image.digest is set', () => {
    expect(images(digest).slice(0, 2)).toEqual([
      `docker.io/kasmweb/signal@sha256:${'b'.repeat(64)}`,
      `docker.io/kasmweb/signal@sha256:${'b'.repeat(64)}`,
    ]);
  });

  it('should schedule the Signal pod on amd64 nodes only, the one architecture the image has', () => {
    expect(dig(podSpec(one(defaults, 'StatefulSet')), 'nodeSelector')).toEqual({ 'kubernetes.io/arch': 'amd64' });
  });
});
