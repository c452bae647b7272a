#!/usr/bin/env node
// Validates synthesized objects against their schemas; unknown fields are failures.
//  - Kubernetes built-in kinds: kubernetes-models' OpenAPI validators (types, required fields, enums), plus an
//    unknown-field walk over the OpenAPI model attribute maps of @kubernetes/client-node (the models
//    kubernetes-models does not close against extra fields).
//  - cert-manager, trust-manager, prometheus-operator objects: the CRDs' openAPIV3Schema with Ajv, every
//    object schema closed (additionalProperties: false) unless it preserves unknown fields.
// Usage: node test/schema/validate.mjs manifests.json  → prints a JSON array of findings; exit 0.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const YAML = require('yaml');
const Ajv = require('ajv');
const models = await import(join(require.resolve('@kubernetes/client-node/package.json'), '..', 'dist', 'gen', 'models', 'all.js'));

const findings = [];
const manifests = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// ---- CRDs
const crdDir = join(here, '..', 'fixtures', 'crds');
const crdSchemas = new Map(); // `${group}/${version}/${kind}` → ajv validate
// CRD patterns are Go RE2: translate the inline case-insensitive flag, which JavaScript lacks.
function re2(pattern, flags) {
  return pattern.includes('(?i)') ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags);
}
re2.code = 're2';
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, code: { regExp: re2 } });
function close(schema) {
  if (!schema || typeof schema !== 'object') return schema;
  const out = Array.isArray(schema) ? schema.map(close) : Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, close(v)]));
  if (!Array.isArray(out) && out.type === 'object' && out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}
for (const project of readdirSync(crdDir)) {
  for (const file of readdirSync(join(crdDir, project))) {
    for (const doc of YAML.parseAllDocuments(readFileSync(join(crdDir, project, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) {
        const schema = close(v.schema.openAPIV3Schema);
        // apiVersion, kind and metadata are checked by the API server itself.
        schema.properties.metadata = { type: 'object' };
        crdSchemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
}

// ---- Kubernetes built-ins
const k8sModels = {};
async function builtin(apiVersion, kind) {
  const path = apiVersion.includes('/') ? apiVersion : `v1`;
  const mod = k8sModels[path] ??= await import(`kubernetes-models/${path}`);
  return mod[kind];
}
const PRIMITIVES = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString', 'Buffer']);
function unknownFields(value, type, path) {
  if (value === null || value === undefined) return;
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) { value.forEach((v, i) => unknownFields(v, arr[1], `${path}[${i}]`)); return; }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) { for (const [k, v] of Object.entries(value)) unknownFields(v, map[1], `${path}.${k}`); return; }
  if (PRIMITIVES.has(type)) return;
  const model = models[type];
  if (!model?.getAttributeTypeMap) { findings.push(`${path}: no model for type ${type}`); return; }
  const attrs = model.getAttributeTypeMap();
  for (const [k, v] of Object.entries(value)) {
    const attr = attrs.find((a) => a.baseName === k);
    if (!attr) findings.push(`${path}.${k}: unknown field of ${type}`);
    else unknownFields(v, attr.type, `${path}.${k}`);
  }
}

for (const m of manifests) {
  const where = `${m.kind}/${m.metadata?.name}`;
  const [group, version] = m.apiVersion.includes('/') ? m.apiVersion.split('/') : ['', m.apiVersion];
  const crd = crdSchemas.get(`${group}/${version}/${m.kind}`);
  if (crd) {
    if (!crd(m)) for (const e of crd.errors) findings.push(`${where}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
    continue;
  }
  const Model = await builtin(m.apiVersion, m.kind).catch(() => undefined);
  if (!Model) { findings.push(`${where}: no schema for ${m.apiVersion} ${m.kind}`); continue; }
  try { new Model(m).validate(); } catch (e) { findings.push(`${where}: ${e.message}`); }
  unknownFields(m, `V1${m.kind}`, where);
}
console.log(JSON.stringify(findings));
