// Kubernetes objects read from YAML text, each with where it came from (file and line) for the report.
import { load, YAMLException } from 'js-yaml';

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

/** The documents of a multi-document YAML text, split at `---` lines, each with the line it starts on. */
function documents(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  const push = (end: number) => { out.push({ text: text.slice(start, end), line: startLine }); };
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 10) continue;
    // A line of its own starting with `---` (at column 0) begins a new document; what follows it on the line is its.
    const next = i + 1;
    if (text.startsWith('---', next) && (next + 3 === text.length || /[\s]/.test(text[next + 3]))) {
      push(next);
      start = next + 3;
      startLine = line + 1;
    }
    line++;
  }
  if (text.startsWith('---') && (text.length === 3 || /\s/.test(text[3]))) { out.length = 0; start = 3; startLine = 1; }
  push(text.length);
  return out.filter((d) => d.text.trim() !== '');
}

/** The line of a document's first content (not a comment or a blank line). */
function firstContentLine(doc: { text: string; line: number }): number {
  const lines = doc.text.split('\n');
  const i = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return doc.line + Math.max(i, 0);
}

/**
 * Every object of a multi-document YAML text (Lists unwrapped; documents that are not objects skipped), and the
 * documents that do not parse as `file:line: message`. One pass of a fast parser (js-yaml): large folders of
 * rendered manifests are read in seconds.
 */
export function readManifests(text: string, file: string): { objects: K8sObject[]; errors: string[] } {
  const objects: K8sObject[] = [];
  const errors: string[] = [];
  for (const doc of documents(text)) {
    let value: any;
    try {
      value = load(doc.text, { filename: file });
    } catch (e) {
      const err = e as YAMLException;
      errors.push(`${file}:${doc.line + (err.mark?.line ?? 0)}: ${err.reason ?? String(err.message).split('\n')[0]}`);
      continue;
    }
    const line = firstContentLine(doc);
    const items = value?.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (item && typeof item === 'object' && typeof item.kind === 'string' && item.metadata && typeof item.metadata.name === 'string') {
        objects.push({ ...item, source: { file, line } });
      }
    }
  }
  return { objects, errors };
}

/** Every object of a multi-document YAML text (see readManifests). */
export function parseManifests(text: string, file: string): K8sObject[] {
  return readManifests(text, file).objects;
}
