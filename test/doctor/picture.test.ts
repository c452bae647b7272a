// The graph's picture, measured: every node's text inside its box, no edge label overlapping another or a box, nothing
// outside the drawing (clipped), a legend, zones folded and memberlist drawn once. For the example cluster, the zones
// example, Grafana's Helm and jsonnet renders and a cluster with broken edges (labels).
import { Testing } from 'cdk8s';
import { runDoctor } from '../../src/doctor/doctor';
import { dotOf, fromDoctor } from '../../src/doctor/edge-table';
import { K8sObject } from '../../src/doctor/manifests';
import { ProductionMimirChart } from '../../examples/main';
import { ZonedMimirChart } from '../../examples/zones';
import { anchor, ANCHORS, withAnchors } from './_anchors';

interface Rect { x0: number; y0: number; x1: number; y1: number; what: string }

const num = (s: string) => Number(s);
/**
 * Text width from Helvetica's metrics (its AFM widths, per 1000 em; Arial and Liberation Sans share them), made 12%
 * wider for DejaVu Sans, the widest common fallback: a box must hold its text in any of them.
 */
const HELVETICA: { [c: string]: number } = {
  'a': 556, 'b': 556, 'c': 500, 'd': 556, 'e': 556, 'f': 278, 'g': 556, 'h': 556, 'i': 222, 'j': 222, 'k': 500, 'l': 222, 'm': 833, 'n': 556,
  'o': 556, 'p': 556, 'q': 556, 'r': 333, 's': 500, 't': 278, 'u': 556, 'v': 500, 'w': 722, 'x': 500, 'y': 500, 'z': 500,
  '-': 333, ' ': 278, '(': 333, ')': 333, ':': 278, '.': 278, ',': 278, '\'': 191, '/': 278, '_': 556,
};
const textWidth = (text: string, size: number) => [...text].reduce((w, c) => w + (HELVETICA[c] ?? (/[0-9]/.test(c) ? 556 : 722)), 0) / 1000 * size * 1.12;
const decode = (s: string) => s.replace(/&#([0-9]+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, '\'');

/** Boxes of the nodes and estimated boxes of every text, in the SVG's page coordinates. */
function measure(svg: string) {
  const t = /<g id="graph0" class="graph" transform="scale\(1 1\) rotate\(0\) translate\(([-0-9.]+) ([-0-9.]+)\)">/.exec(svg)!;
  const [dx, dy] = [num(t[1]), num(t[2])];
  const view = /viewBox="([-0-9.]+) ([-0-9.]+) ([-0-9.]+) ([-0-9.]+)"/.exec(svg)!;
  const [width, height] = [num(view[3]), num(view[4])];
  // Each node, edge or cluster group runs to the start of the next (tooltips nest groups inside them).
  const starts = [...svg.matchAll(/<g id="[^"]+" class="(node|edge|cluster)">/g)];
  const groups = starts.map((m, i) => [m[0], m[1], svg.slice(m.index! + m[0].length, i + 1 < starts.length ? starts[i + 1].index : svg.length)]);
  const textsOf = (body: string, kind: string, title: string): Rect[] => [...body.matchAll(/<text[^>]*x="([-0-9.]+)" y="([-0-9.]+)"[^>]*font-size="([0-9.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => {
    const [x, y, size] = [num(m[1]) + dx, num(m[2]) + dy, num(m[3])];
    const w = textWidth(decode(m[4]), size);
    const anchorStart = /text-anchor="start"/.test(m[0]);
    return { x0: anchorStart ? x : x - w / 2, x1: anchorStart ? x + w : x + w / 2, y0: y - size * 0.8, y1: y + size * 0.2, what: `${kind} ${decode(title)}: "${decode(m[4])}"` };
  });
  const nodes: { box: Rect; texts: Rect[] }[] = [];
  const labels: Rect[] = [];
  for (const [, kind, body] of groups) {
    const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
    if (kind === 'node') {
      const pts = [...(/(?:points|d)="([^"]+)"/.exec(body)?.[1] ?? '').matchAll(/([-0-9.]+),([-0-9.]+)/g)].map((p) => [num(p[1]) + dx, num(p[2]) + dy]);
      if (pts.length === 0) continue;
      const box = { x0: Math.min(...pts.map((p) => p[0])), x1: Math.max(...pts.map((p) => p[0])), y0: Math.min(...pts.map((p) => p[1])), y1: Math.max(...pts.map((p) => p[1])), what: title };
      nodes.push({ box, texts: textsOf(body, 'node', title) });
    } else if (kind === 'edge') labels.push(...textsOf(body, 'edge', title));
  }
  return { width, height, nodes, labels };
}

const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Rect, b: Rect) => a.x0 >= b.x0 - 0.5 && a.x1 <= b.x1 + 0.5 && a.y0 >= b.y0 - 0.5 && a.y1 <= b.y1 + 0.5;

async function picture(objects: K8sObject[]) {
  const { renderSvg } = await import('../../src/cli/svg');
  const edges = fromDoctor(runDoctor(objects));
  const dot = dotOf(edges);
  return { edges, dot, svg: await renderSvg(dot) };
}

function expectReadable(svg: string) {
  const m = measure(svg);
  const page: Rect = { x0: 0, y0: 0, x1: m.width, y1: m.height, what: 'page' };
  const problems: string[] = [];
  for (const n of m.nodes) for (const t of n.texts) if (!inside(t, n.box)) problems.push(`${t.what} overruns its box`);
  for (const r of [...m.labels, ...m.nodes.flatMap((n) => n.texts)]) if (!inside(r, page)) problems.push(`${r.what} is clipped`);
  for (let i = 0; i < m.labels.length; i++) {
    for (let j = i + 1; j < m.labels.length; j++) if (overlaps(m.labels[i], m.labels[j])) problems.push(`${m.labels[i].what} overlaps ${m.labels[j].what}`);
    for (const n of m.nodes) if (overlaps(m.labels[i], n.box)) problems.push(`${m.labels[i].what} overlaps node ${n.box.what}`);
  }
  expect(problems).toEqual([]);
  return m;
}

const synthOf = (chart: any) => Testing.synth(chart).map((o: any) => ({ ...o, source: { file: 'x.yaml', index: 0 } })) as unknown as K8sObject[];

test('the example cluster: readable, a legend, zones folded, memberlist once', async () => {
  const { svg, dot } = await picture(synthOf(new ProductionMimirChart(Testing.app(), 'mimir')));
  const m = expectReadable(svg);
  expect(svg).toContain('mutual TLS: both certificates verified');
  expect(svg).toContain('broken: fails at run time');
  expect(dot).toContain('mimir-ingester\\n(3 zones)');
  expect(dot.match(/-> memberlist__gossip_/g) ?? []).toEqual([]);
  expect(dot).toMatch(/memberlist ring\\n\d+ members, server-only/);
  // Healthy arrows carry no words: the only edge labels are the legend's four.
  expect(m.labels).toHaveLength(4);
});

test('the zones example and a cluster with broken edges are readable; broken edges name their checks', async () => {
  expectReadable((await picture(synthOf(new ZonedMimirChart(Testing.app(), 'metrics')))).svg);
  const objects = synthOf(new ProductionMimirChart(Testing.app(), 'mimir'));
  for (const o of objects as any[]) {
    const c = o.spec?.template?.spec?.containers?.find((x: any) => x.name === 'mimir');
    if (c && o.metadata.name.includes('querier')) c.args = c.args.filter((a: string) => !a.startsWith('-querier.store-gateway-client.tls-server-name=') && !a.startsWith('-ingester.client.tls-ca-path='));
  }
  const { svg, edges } = await picture(objects);
  expect([...new Set(edges.filter((e) => e.tls === 'broken').map((e) => `${e.prefix}: ${e.reason}`))].sort()).toEqual(['ingester.client: tls.client-block', 'querier.store-gateway-client: tls.server-name'].sort());
  expect(expectReadable(svg).labels.map((l) => l.what)).toEqual(expect.arrayContaining([expect.stringContaining('"tls.server-name"'), expect.stringContaining('"tls.client-block"')]));
});

withAnchors.each(ANCHORS)('Grafana\'s render %s is readable', async (file) => {
  expectReadable((await picture(anchor(file))).svg);
});
