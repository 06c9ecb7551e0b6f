/**
 * The benchmark's workloads, generated from the Kubernetes docs' example manifests
 * (`../shared/corpus/k8s-website-examples`) with a seeded PRNG, so that every run on every
 * machine measures the same text:
 *
 * - `small`: one Pod of about 30 lines;
 * - `2k`: about 2,000 lines of Pods and workloads, documents separated by `---`;
 * - `1mb`: about 1 MiB of the same, the corpus shuffled again for every pass over it;
 * - `500`: about 500 lines of Pods and workloads, as `2k`;
 * - `helm500`: a Helm template of about 500 lines, the same kind of documents written as a
 *   chart writes them (`helmTemplate`): each in an `if`, values and images from `.Values`,
 *   labels and extra pod fields from `include … | nindent`, and an `if`/`else` in every pod
 *   spec, so that the keystroke path of a template is measured beside a plain file of its size.
 *
 * Every workload carries three deliberate mistakes (an unknown field, a value outside its enum,
 * a wrong type) whose lines the correctness check looks for in each server's diagnostics. Every
 * document starts with a comment naming its source and copy number, so no two documents have the
 * same text: a server that reuses the parse of identical text would otherwise skip work that a
 * real file would not let it skip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { podSpecPath } from '../../server/src/kubernetes/workloads';
import { splitSegments } from '../../server/src/yaml/manifestFile';
import { shapeTemplate } from '../../server/src/yaml/templateShape';
import { SeededRandom } from './random';

export type WorkloadName = 'small' | '2k' | '1mb' | '500' | 'helm500';

/** A position in LSP terms (0-based line and UTF-16 character). */
export interface Position {
  line: number;
  character: number;
}

export type SiteCategory = 'metadata' | 'pod template' | 'container' | 'probe' | 'enum value';

/** A place where completion and hover are measured. */
export interface Site {
  category: SiteCategory;
  /** What is there, e.g. `containers[0].image` (for the log). */
  label: string;
  /** Completion: the end of the token, as if it had just been typed. */
  completion: Position;
  /** Hover: the middle of the same token. */
  hover: Position;
  /**
   * For a key on a line of its own: where a new sibling key can be typed (a line inserted above
   * this one, at the key's column) and the key's name.
   */
  sibling?: { column: number; key: string };
}

export type MistakeKind = 'unknown field' | 'bad enum value' | 'wrong type';

export interface Mistake {
  kind: MistakeKind;
  /** The 0-based line a diagnostic for it must start on. */
  line: number;
  text: string;
}

export interface Workload {
  name: WorkloadName;
  fileName: string;
  text: string;
  lines: number;
  bytes: number;
  documents: number;
  mistakes: Mistake[];
  sites: Site[];
  /** Where a character is typed for the re-validation measure (inside a value, mid-file). */
  editAt: Position;
}

/**
 * The re-validation measure's keystroke number `edit`: an `x` typed at `editAt` on even edits,
 * deleted again on odd ones, so that every other version is the workload's own text.
 */
export function revalidationKeystroke(
  workload: Workload,
  edit: number,
): { range: { start: Position; end: Position }; text: string } {
  const at = workload.editAt;
  return edit % 2 === 0
    ? { range: { start: at, end: at }, text: 'x' }
    : { range: { start: at, end: { ...at, character: at.character + 1 } }, text: '' };
}

/** One manifest of the corpus: its source text (without `---`) and what it is. */
interface CorpusDocument {
  source: string;
  kind: string;
  text: string;
  lines: number;
  hasProbe: boolean;
}

const podKinds = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** The Pods and workloads of the corpus that parse cleanly, in a stable order. */
export function loadCorpus(directory: string): CorpusDocument[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.yaml')) {
        files.push(full);
      }
    }
  };
  walk(directory);
  files.sort();
  const documents: CorpusDocument[] = [];
  for (const file of files) {
    const source = path.relative(directory, file);
    for (const segment of splitSegments(fs.readFileSync(file, 'utf8'))) {
      const text = `${segment.text.replace(/^---[^\n]*\n/, '').trimEnd()}\n`;
      const parsed = parseAllDocuments(text, { version: '1.1' });
      if (!Array.isArray(parsed) || parsed.length !== 1 || /^\.\.\.$/m.test(text)) {
        continue;
      }
      const document = parsed[0]!;
      const kind = document.get('kind');
      if (document.errors.length > 0 || typeof kind !== 'string' || !podKinds.has(kind)) {
        continue;
      }
      const spec = document.getIn(podSpecPath(kind)!, true);
      if (!isMap(spec) || spec.flow || !isSeq(spec.get('containers', true))) {
        continue;
      }
      documents.push({
        source,
        kind,
        text,
        lines: text.split('\n').length - 1,
        hasProbe: /^\s*(?:liveness|readiness|startup)Probe:/m.test(text),
      });
    }
  }
  return documents;
}

/** The documents of a workload before its mistakes are put in. */
function chooseDocuments(
  corpus: readonly CorpusDocument[],
  name: WorkloadName,
  random: SeededRandom,
): CorpusDocument[] {
  if (name === 'small') {
    // The Pod with a probe that comes closest to 30 lines with its three mistakes.
    const pods = corpus.filter((document) => document.kind === 'Pod' && document.hasProbe);
    const distance = (document: CorpusDocument): number => Math.abs(document.lines + 4 - 30);
    const best = Math.min(...pods.map(distance));
    return [random.pick(pods.filter((document) => distance(document) === best))];
  }
  if (name === '2k' || name === '500' || name === 'helm500') {
    // A template's documents grow by about 8 lines each (helmTemplate): fewer of them make 500.
    const targetLines = name === '2k' ? 2000 : name === '500' ? 500 : 400;
    const shuffled = random.shuffle(corpus);
    // Probes are rare in the corpus: three documents with probes are always in.
    const withProbes = shuffled.filter((document) => document.hasProbe).slice(0, 3);
    const chosen: CorpusDocument[] = [];
    let lines = withProbes.reduce((sum, document) => sum + document.lines + 2, 0);
    for (const document of shuffled) {
      if (withProbes.includes(document)) {
        continue;
      }
      if (lines + document.lines + 2 > targetLines) {
        continue;
      }
      chosen.push(document);
      lines += document.lines + 2;
    }
    withProbes.forEach((document, index) => {
      chosen.splice(Math.round(((index * 2 + 1) * chosen.length) / 6), 0, document);
    });
    return chosen;
  }
  const targetBytes = 1024 * 1024;
  const chosen: CorpusDocument[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    for (const document of random.shuffle(corpus)) {
      chosen.push(document);
      bytes += document.text.length + 40;
      if (bytes >= targetBytes) {
        break;
      }
    }
  }
  return chosen;
}

interface PlannedEdit {
  at: number;
  remove: number;
  insert: string;
}

function applyEdits(text: string, edits: PlannedEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.at - a.at)) {
    result = result.slice(0, edit.at) + edit.insert + result.slice(edit.at + edit.remove);
  }
  return result;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function rangeOf(node: unknown): [number, number] {
  const range = (node as Node).range;
  if (!range) {
    throw new Error('A node without a source range.');
  }
  return [range[0], range[1]];
}

/**
 * An edit that adds `key: value` to a block map: on a line of its own before a key that starts
 * its line, or after a single-line `key: scalar` pair (for a map that opens a sequence item).
 */
function addKeyEdit(text: string, map: YAMLMap, entry: string): PlannedEdit {
  for (const pair of map.items) {
    const keyStart = rangeOf(pair.key)[0];
    const lineStart = lineStartOf(text, keyStart);
    if (/^[ ]*$/.test(text.slice(lineStart, keyStart))) {
      return { at: lineStart, remove: 0, insert: `${' '.repeat(keyStart - lineStart)}${entry}\n` };
    }
  }
  for (const pair of map.items) {
    if (isScalar(pair.value) && !text.slice(...rangeOf(pair.value)).includes('\n')) {
      const keyStart = rangeOf(pair.key)[0];
      const lineEnd = text.indexOf('\n', rangeOf(pair.value)[1]);
      const indent = keyStart - lineStartOf(text, keyStart);
      return { at: lineEnd + 1, remove: 0, insert: `${' '.repeat(indent)}${entry}\n` };
    }
  }
  throw new Error('No place to add a key to this map.');
}

/** Sets `key: value` in a block map: replaces a scalar value that is there, or adds the pair. */
function setKeyEdit(text: string, map: YAMLMap, key: string, value: string): PlannedEdit {
  const existing = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
  if (existing && isScalar(existing.value)) {
    const [start, end] = rangeOf(existing.value);
    return { at: start, remove: end - start, insert: value };
  }
  if (existing) {
    throw new Error(`${key} holds a collection.`);
  }
  return addKeyEdit(text, map, `${key}: ${value}`);
}

const mistakeEntries: Record<MistakeKind, { marker: string }> = {
  'unknown field': { marker: 'imagePullPolcy' },
  'bad enum value': { marker: 'Sometimes' },
  'wrong type': { marker: 'thirty' },
};

/** Puts mistakes into one document's text: each one in the first container or the pod spec. */
function withMistakes(document: CorpusDocument, kinds: readonly MistakeKind[]): string {
  const parsed = parseDocument(document.text, { version: '1.1' });
  const spec = parsed.getIn(podSpecPath(document.kind)!, true) as YAMLMap;
  const containers = spec.get('containers', true);
  const container = isSeq(containers) ? containers.items[0] : undefined;
  if (!isMap(container) || container.flow) {
    throw new Error(`${document.source}: the first container is not a block map.`);
  }
  const edits: PlannedEdit[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'unknown field':
        // A misspelling of imagePullPolicy: unknown in Container.
        edits.push(addKeyEdit(document.text, container, 'imagePullPolcy: IfNotPresent'));
        break;
      case 'bad enum value':
        edits.push(setKeyEdit(document.text, spec, 'dnsPolicy', 'Sometimes'));
        break;
      case 'wrong type':
        edits.push(setKeyEdit(document.text, spec, 'terminationGracePeriodSeconds', 'thirty'));
        break;
    }
  }
  return applyEdits(document.text, edits);
}

/** Whether the mistakes can be put into a document (block maps where they go). */
function acceptsMistakes(document: CorpusDocument, kinds: readonly MistakeKind[]): boolean {
  try {
    const text = withMistakes(document, kinds);
    return parseAllDocuments(text, { version: '1.1' }).length === 1;
  } catch {
    return false;
  }
}

/** Generates a workload: the same seed gives the same text, sites and mistakes. */
export function generateWorkload(
  corpus: readonly CorpusDocument[],
  name: WorkloadName,
  seed: number,
): Workload {
  const random = new SeededRandom(seed);
  const documents = chooseDocuments(corpus, name, random);
  const allKinds: MistakeKind[] = ['unknown field', 'bad enum value', 'wrong type'];
  // Which document gets which mistakes: all three in the small Pod; spread over a quarter, half
  // and three quarters of the bigger files (the next document that accepts them).
  const plan = new Map<number, MistakeKind[]>();
  if (documents.length === 1) {
    plan.set(0, allKinds);
  } else {
    allKinds.forEach((kind, index) => {
      let target = Math.floor(((index + 1) * documents.length) / 4);
      while (plan.has(target) || !acceptsMistakes(documents[target]!, [kind])) {
        target++;
      }
      plan.set(target, [kind]);
    });
  }
  const copies = new Map<string, number>();
  const texts = documents.map((document, index) => {
    const copy = (copies.get(document.source) ?? 0) + 1;
    copies.set(document.source, copy);
    const kinds = plan.get(index);
    const body = kinds ? withMistakes(document, kinds) : document.text;
    return `# ${document.source} (copy ${copy})\n${body}`;
  });
  const text = name === 'helm500' ? texts.map(helmTemplate).join('---\n') : texts.join('---\n');
  // A template's sites are read from its YAML shape (the same offsets), as Podscope reads it.
  const parsed = parseWithLines(shapeTemplate(text)?.text ?? text);
  const mistakes = findMistakes(text);
  if (mistakes.length !== 3) {
    throw new Error(`The ${name} workload should hold 3 mistakes, found ${mistakes.length}.`);
  }
  // The character is typed at the end of a plain metadata.name near the middle of the file. In
  // the 500-line file and the 500-line template, in the same document: the second of the three
  // documents with probes that both always hold (the same seed shuffles the corpus the same
  // way), so that the two measure the same edit, plain and templated, not two documents of
  // different sizes.
  const names = (documents: readonly Document.Parsed[]): Scalar[] =>
    documents
      .map((document) => document.getIn(['metadata', 'name'], true))
      .filter((node): node is Scalar => isScalar(node) && node.type === 'PLAIN');
  const editable = names(parsed.documents);
  const pairedSource =
    name === '500' || name === 'helm500'
      ? documents.filter((document) => document.hasProbe)[1]?.source
      : undefined;
  const pairedAt = pairedSource ? text.indexOf(`# ${pairedSource} (copy 1)\n`) : -1;
  const paired =
    pairedAt >= 0
      ? names(
          parsed.documents.filter(
            (document) => document.range[0] <= pairedAt + 2 && pairedAt < document.range[2],
          ),
        )[0]
      : undefined;
  const editName = paired ?? editable[Math.floor(editable.length / 2)];
  if (!editName) {
    throw new Error(`The ${name} workload has no plain metadata.name to type into.`);
  }
  return {
    name,
    fileName: `${name}.yaml`,
    text,
    lines: text.split('\n').length - 1,
    bytes: Buffer.byteLength(text),
    documents: documents.length,
    mistakes,
    sites: pickSites(parsed, 20),
    editAt: parsed.position(rangeOf(editName)[1]),
  };
}

/**
 * One document written as a Helm chart's template (bitnami's style): rendered only when enabled,
 * its replicas and images from `.Values`, labels from a helper with the literal ones beside them,
 * extra pod fields from `include … | nindent`, and an `if`/`else` choosing the scheduler. The
 * first line (the source comment) and every line a mistake or `metadata.name` is on are kept.
 */
export function helmTemplate(document: string): string {
  const lines = document.trimEnd().split('\n');
  const out: string[] = [lines[0]!, '{{- if .Values.enabled }}'];
  let podSpecDone = false;
  for (const line of lines.slice(1)) {
    const image = /^(\s*(?:- )?)image: *(\S+)$/.exec(line);
    const labels = /^(\s*)labels:$/.exec(line);
    const containers = /^(\s*)containers:$/.exec(line);
    if (image) {
      out.push(
        `${image[1]}image: {{ .Values.image.registry }}/{{ .Values.image.repository | default ${JSON.stringify(image[2])} }}`,
      );
    } else if (/^\s*replicas: \d+$/.test(line)) {
      out.push(line.replace(/replicas: \d+$/, 'replicas: {{ .Values.replicaCount }}'));
    } else if (labels) {
      out.push(`${line} {{- include "chart.labels" . | nindent ${labels[1]!.length + 2} }}`);
    } else if (containers && !podSpecDone) {
      podSpecDone = true;
      const indent = containers[1]!;
      out.push(
        `${indent}{{- include "chart.imagePullSecrets" . | nindent ${indent.length} }}`,
        `${indent}{{- if .Values.schedulerName }}`,
        `${indent}schedulerName: {{ .Values.schedulerName | quote }}`,
        `${indent}{{- else }}`,
        `${indent}schedulerName: default-scheduler`,
        `${indent}{{- end }}`,
        line,
      );
    } else {
      out.push(line);
    }
  }
  out.push('{{- end }}');
  return `${out.join('\n')}\n`;
}

function findMistakes(text: string): Mistake[] {
  const mistakes: Mistake[] = [];
  text.split('\n').forEach((line, index) => {
    for (const [kind, { marker }] of Object.entries(mistakeEntries) as [MistakeKind, { marker: string }][]) {
      if (new RegExp(`\\b${marker}\\b`).test(line)) {
        mistakes.push({ kind, line: index, text: line.trim() });
      }
    }
  });
  return mistakes;
}

interface ParsedText {
  text: string;
  documents: Document.Parsed[];
  position(offset: number): Position;
}

function parseWithLines(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { version: '1.1', lineCounter }) as Document.Parsed[];
  return {
    text,
    documents,
    position(offset) {
      const { line, col } = lineCounter.linePos(offset);
      return { line: line - 1, character: col - 1 };
    },
  };
}

const enumFields = new Set([
  'imagePullPolicy',
  'restartPolicy',
  'protocol',
  'dnsPolicy',
  'terminationMessagePolicy',
  'concurrencyPolicy',
  'podManagementPolicy',
  'preemptionPolicy',
]);

/** Candidate sites of every category, in file order. */
function collectSites(parsed: ParsedText): Map<SiteCategory, Site[]> {
  const sites = new Map<SiteCategory, Site[]>();
  const add = (category: SiteCategory, label: string, node: unknown): void => {
    const [start, end] = rangeOf(node);
    if (!isScalar(node) || typeof node.value !== 'string' || end - start < 2) {
      return;
    }
    const list = sites.get(category) ?? [];
    const at = parsed.position(start);
    const ownLine = /^ *$/.test(parsed.text.slice(start - at.character, start));
    list.push({
      category,
      label,
      completion: parsed.position(end),
      hover: parsed.position(start + Math.floor((end - start) / 2)),
      ...(category !== 'enum value' && ownLine
        ? { sibling: { column: at.character, key: String(node.value) } }
        : {}),
    });
    sites.set(category, list);
  };
  const keys = (category: SiteCategory, prefix: string, map: unknown, recurse = false): void => {
    if (!isMap(map) || map.flow) {
      return;
    }
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      add(category, `${prefix}.${key}`, pair.key);
      if (recurse) {
        keys(category, `${prefix}.${key}`, pair.value, true);
      }
    }
  };
  const enumValues = (prefix: string, node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (enumFields.has(key) && isScalar(pair.value)) {
          add('enum value', `${prefix}.${key}=${String(pair.value.value)}`, pair.value);
        }
        enumValues(`${prefix}.${key}`, pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => enumValues(`${prefix}[${index}]`, item));
    }
  };
  for (const document of parsed.documents) {
    const kind = document.get('kind');
    const specPath = typeof kind === 'string' ? podSpecPath(kind) : undefined;
    if (typeof kind !== 'string' || !specPath) {
      continue;
    }
    keys('metadata', `${kind}.metadata`, document.get('metadata', true));
    const spec = document.getIn(specPath, true);
    keys('pod template', `${kind}.${specPath.join('.')}`, spec);
    const containers = isMap(spec) ? spec.get('containers', true) : undefined;
    if (isSeq(containers)) {
      containers.items.forEach((container, index) => {
        if (!isMap(container)) {
          return;
        }
        const prefix = `${kind}.containers[${index}]`;
        for (const pair of container.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : '?';
          if (/Probe$/.test(key)) {
            keys('probe', `${prefix}.${key}`, pair.value, true);
          } else {
            add('container', `${prefix}.${key}`, pair.key);
          }
        }
      });
    }
    enumValues(kind, document.contents);
  }
  return sites;
}

/**
 * Picks `count` sites spread over the file: the same number of each category, each category's
 * sites evenly spaced through the file; categories with too few candidates leave their share to
 * the others. A file with fewer candidates than `count` repeats them.
 */
export function pickSites(parsed: ParsedText, count: number): Site[] {
  const candidates = collectSites(parsed);
  const categories: SiteCategory[] = ['metadata', 'pod template', 'container', 'probe', 'enum value'];
  const quota = new Map(categories.map((category) => [category, 0]));
  let remaining = count;
  let progress = true;
  while (remaining > 0 && progress) {
    progress = false;
    for (const category of categories) {
      if (remaining > 0 && quota.get(category)! < (candidates.get(category)?.length ?? 0)) {
        quota.set(category, quota.get(category)! + 1);
        remaining--;
        progress = true;
      }
    }
  }
  const picked: Site[] = [];
  categories.forEach((category, categoryIndex) => {
    const list = candidates.get(category) ?? [];
    const take = quota.get(category)!;
    // Staggered by category, so that together the sites cover the file evenly.
    const offset = (categoryIndex + 0.5) / categories.length;
    for (let index = 0; index < take; index++) {
      picked.push(list[Math.floor(((index + offset) * list.length) / take)]!);
    }
  });
  if (picked.length === 0) {
    throw new Error('No completion sites in the workload.');
  }
  for (let index = 0; picked.length < count; index++) {
    picked.push(picked[index]!);
  }
  return picked.sort(
    (a, b) => a.completion.line - b.completion.line || a.completion.character - b.completion.character,
  );
}
