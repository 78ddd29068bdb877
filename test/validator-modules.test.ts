// Loading kubernetes-models' validators (validator-modules.ts): the key a module has in the
// launcher's validators bundle, and the shared format table aligned with Go's base64 on the
// path the sources take (the bundled path is compared with it in launch.test.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleKey, validatorModule } from '../scripts/harness/validator-modules.ts';

const require = createRequire(import.meta.url);
const schemas = path.join(path.dirname(require.resolve('kubernetes-models/package.json')), '_schemas');

describe('bundleKey', () => {
  it('should key a module by its path inside the innermost node_modules, without .js', () => {
    expect(bundleKey('/r/node_modules/kubernetes-models/_schemas/IoK8sApiCoreV1Secret.js')).toBe(
      'kubernetes-models/_schemas/IoK8sApiCoreV1Secret',
    );
    expect(bundleKey('/r/node_modules/a/node_modules/@kubernetes-models/apimachinery/_schemas/X.js')).toBe(
      '@kubernetes-models/apimachinery/_schemas/X',
    );
  });
});

describe('validatorModule', () => {
  it('should load a validator whose byte format reads base64 as Go does', async () => {
    const validate = await validatorModule(path.join(schemas, 'IoK8sApiCoreV1Secret.js'));
    const secret = (data: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: data } });
    // A certificate wrapped over lines: kubectl sends it and the API server decodes it.
    expect(validate(secret('QUJD\nREVG\r\nR0g='))).toBe(true);
    expect(validate(secret('not base64!'))).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'format', params: { format: 'byte' } });
  });
});
