/** lib/plan/literals.ts: image references as the container runtime parses them (the distribution reference grammar). */
import { imageReferenceProblem } from '../../lib/plan/literals';
import { synthApi } from '../helpers/synth';

test.each([
  '4oh4/kubernetes-fastapi:1.0.0',
  'europe-west2-docker.pkg.dev/my-project/apps/orders:2.4.1',
  'localhost:5000/team/api:v1',
  '[::1]:5000/api:1',
  'Registry.Example.com/team/api:1', // a domain may have capitals
  `ghcr.io/acme/orders@sha256:${'a'.repeat(64)}`,
  `ghcr.io/acme/orders:1.2@sha256:${'b'.repeat(64)}`,
  'registry.k8s.io/kubectl:v1.35.0',
  'a__b/c-d.e_f:1',
])('accepts %s', (image) => {
  expect(imageReferenceProblem(image)).toBeUndefined();
});

test.each([
  'UPPER/Case:tag', // the path must be lower case
  'team//api:1',
  'api:1:2',
  'team/-api:1',
  'team/api:-1',
  `team/api:${'t'.repeat(129)}`,
  'team/api@sha256:abc',
  `${'a'.repeat(256)}:1`,
])('refuses %s', (image) => {
  expect(imageReferenceProblem(image)).toMatch(/the runtime would refuse it \(InvalidImageName\)$/);
});

test('WebApi refuses such an image at construction, naming the prop', () => {
  expect(() => synthApi({ image: 'UPPER/Case:tag' })).toThrow("WebApi 'api': 'image' (\"UPPER/Case:tag\") is not an image reference: [registry[:port]/]lower-case/path[:tag][@sha256:digest]; the runtime would refuse it (InvalidImageName)");
  expect(() => synthApi({ cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:db', image: 'Bad/Image:2' } })).toThrow("'cloudSql.image' (\"Bad/Image:2\") is not an image reference");
});
