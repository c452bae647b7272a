// Kubernetes objects read from YAML text, each with where it came from (file and line) for the report.
import { LineCounter, parseAllDocuments } from 'yaml';

export interface SourceRef {
  readonly file: string;
  /** 1-based line of the object's first line. */
  readonly line: number;
}

export interface K8sObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: { [k: string]: string } };
  readonly spec?: any;
  readonly data?: { [key: string]: string };
  readonly stringData?: { [key: string]: string };
  readonly source: SourceRef;
}

/** Every object of a multi-document YAML text (Lists unwrapped); documents that are not objects are skipped. */
export function parseManifests(text: string, file: string): K8sObject[] {
  const lines = new LineCounter();
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    const value = doc.toJS({ maxAliasCount: 1000 });
    const line = doc.contents ? lines.linePos(doc.contents.range[0]).line : 1;
    const items = value?.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (item && typeof item === 'object' && typeof item.kind === 'string' && item.metadata && typeof item.metadata.name === 'string') {
        out.push({ ...item, source: { file, line } });
      }
    }
  }
  return out;
}

/** YAML documents that could not be parsed, as `file:line: message`. */
export function parseErrors(text: string, file: string): string[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines }).flatMap((d) => ('errors' in d ? d.errors : [])
    .map((e) => `${file}:${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
}
