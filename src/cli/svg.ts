// Graphviz (compiled to WebAssembly, no network, no binary) lays the graph out and draws it as SVG.
export async function renderSvg(dot: string): Promise<string> {
  const viz = await import('@viz-js/viz');
  const instance = await viz.instance();
  return instance.renderString(dot, { format: 'svg' });
}
