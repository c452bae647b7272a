// Reading rendered manifests: documents split at `---` lines, each object located at its first line, Lists
// unwrapped, and a document that does not parse reported with its line while the others are still read.
import { readManifests } from '../../src/doctor/manifests';

test('documents, lines, Lists and parse errors', () => {
  const text = [
    '# Source: chart/templates/a.yaml', // 1
    '---', // 2
    'apiVersion: v1', // 3
    'kind: ConfigMap', // 4
    'metadata: { name: a }', // 5
    'data:', // 6
    '  script: |', // 7
    '    ---not a separator: indented', // 8
    '--- # a comment after the separator', // 9
    '# Source: chart/templates/b.yaml', // 10
    'kind: List', // 11
    'items:', // 12
    '- { kind: Service, metadata: { name: b } }', // 13
    '- { kind: Service, metadata: { name: c } }', // 14
    '---', // 15
    'kind: Secret', // 16
    'metadata: { name: [unclosed', // 17
    '---', // 18
    'not: an object of Kubernetes', // 19
    '---', // 20
    '--- ', // 21
    'kind: Deployment', // 22
    'metadata:', // 23
    '  name: d', // 24
  ].join('\n');
  const { objects, errors } = readManifests(text, 'r.yaml');
  expect(objects.map((o) => [o.kind, o.metadata.name, o.source.line])).toEqual([['ConfigMap', 'a', 3], ['Service', 'b', 11], ['Service', 'c', 11], ['Deployment', 'd', 22]]);
  expect((objects[0] as any).data.script).toBe('---not a separator: indented\n');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^r\.yaml:1[78]: /);
});

test('a document without a leading separator and one starting the text', () => {
  expect(readManifests('kind: A\nmetadata: {name: x}\n', 'f').objects.map((o) => o.source.line)).toEqual([1]);
  expect(readManifests('---\nkind: A\nmetadata: {name: x}\n', 'f').objects.map((o) => o.source.line)).toEqual([2]);
});
