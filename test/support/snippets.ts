import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './paths';

/** One entry of a VS Code snippet file. */
export interface SnippetDefinition {
  readonly prefix: string;
  readonly description: string;
  readonly body: readonly string[];
}

export const snippetFile = path.join(repoRoot, 'snippets/kubernetes.json');

/** Reads `snippets/kubernetes.json`: snippet name → definition. Throws on an unexpected shape. */
export function loadSnippets(file = snippetFile): Map<string, SnippetDefinition> {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${file}: expected an object of snippets`);
  }
  const snippets = new Map<string, SnippetDefinition>();
  for (const [name, entry] of Object.entries(data as Record<string, unknown>)) {
    const candidate = entry as Partial<Record<keyof SnippetDefinition, unknown>> | null;
    if (
      candidate === null ||
      typeof candidate !== 'object' ||
      typeof candidate.prefix !== 'string' ||
      typeof candidate.description !== 'string' ||
      !Array.isArray(candidate.body) ||
      !candidate.body.every((line): line is string => typeof line === 'string')
    ) {
      throw new Error(
        `${file}: snippet "${name}" needs a string prefix, a string description and a body of strings`,
      );
    }
    snippets.set(name, {
      prefix: candidate.prefix,
      description: candidate.description,
      body: candidate.body,
    });
  }
  return snippets;
}

// ---------------------------------------------------------------------------------------------
// Expansion

/** A tab stop as written in the body, in document order. */
export interface TabStopOccurrence {
  readonly index: number;
  /** `${1:default}` or `${1|a,b|}` (rather than a bare `$1` / `${1}` mirror). */
  readonly hasValue: boolean;
  /** For a choice, its options. */
  readonly choices?: readonly string[];
}

export interface SnippetExpansion {
  /** The inserted text when every placeholder keeps its default (a choice its first option). */
  readonly text: string;
  /** Every tab stop occurrence, in document (pre-)order, nested ones after their parent. */
  readonly tabStops: readonly TabStopOccurrence[];
}

type SnippetNode =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'tabstop'; readonly index: number; readonly children?: readonly SnippetNode[] }
  | { readonly type: 'choice'; readonly index: number; readonly options: readonly string[] };

/**
 * Expands a VS Code snippet body with default values, as VS Code inserts it before the user
 * types anything: `$1`/`${1}` mirrors take the value of the first placeholder of that index that
 * has one (VS Code's rule), `${1|a,b|}` becomes `a`, `$0` becomes nothing. Escapes are `\$`, `\}`
 * and `\\` (plus `\,` and `\|` inside choices); any other backslash is literal, and so is a `$`
 * that starts no tab stop. Variables (`$TM_FILENAME`, `${name}`) and transforms are rejected: our
 * snippets use none, so one is a mistake (e.g. an unescaped `$HOME` in a shell command).
 */
export function expandSnippet(body: string | readonly string[]): SnippetExpansion {
  const source = typeof body === 'string' ? body : body.join('\n');
  const nodes = new SnippetParser(source).parse();
  const tabStops: TabStopOccurrence[] = [];
  const values = new Map<number, string>();
  const collect = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.type === 'choice') {
        tabStops.push({ index: node.index, hasValue: true, choices: node.options });
      } else if (node.type === 'tabstop') {
        tabStops.push({
          index: node.index,
          hasValue: node.children !== undefined && node.children.length > 0,
        });
        collect(node.children ?? []);
      }
    }
  };
  collect(nodes);
  // The first placeholder of an index that has a value defines the value of all of them.
  const render = (list: readonly SnippetNode[]): string =>
    list
      .map((node) => {
        switch (node.type) {
          case 'text':
            return node.value;
          case 'choice':
            return valueOf(node.index, node.options[0] ?? '');
          case 'tabstop':
            return valueOf(
              node.index,
              node.children && node.children.length > 0 ? render(node.children) : undefined,
            );
        }
      })
      .join('');
  const valueOf = (index: number, own: string | undefined): string => {
    if (index === 0) {
      return own ?? '';
    }
    if (!values.has(index) && own !== undefined) {
      values.set(index, own);
    }
    return values.get(index) ?? '';
  };
  // Render twice: mirrors that come before their valued placeholder only know it the second time.
  render(nodes);
  return { text: render(nodes), tabStops };
}

class SnippetParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    const nodes = this.parseUntil(undefined);
    if (this.position < this.source.length) {
      this.fail('unexpected text');
    }
    return nodes;
  }

  /** Parses text and tab stops up to (not including) an unescaped `terminator`, or the end. */
  private parseUntil(terminator: '}' | undefined): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) {
        nodes.push({ type: 'text', value: text });
        text = '';
      }
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === terminator) {
        break;
      }
      if (char === '\\') {
        const next = this.source[this.position + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.position += 2;
        } else {
          text += char;
          this.position += 1;
        }
        continue;
      }
      if (char === '$') {
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += char;
      this.position += 1;
    }
    flush();
    return nodes;
  }

  /** At a `$`: a tab stop, placeholder or choice, or undefined when the `$` is literal text. */
  private parseDollar(): SnippetNode | undefined {
    const rest = this.source.slice(this.position);
    const simple = /^\$(\d+)/.exec(rest);
    if (simple?.[1] !== undefined) {
      this.position += simple[0].length;
      return { type: 'tabstop', index: Number(simple[1]) };
    }
    if (/^\$[_a-zA-Z]/.test(rest) || /^\$\{[_a-zA-Z]/.test(rest)) {
      this.fail('variables are not supported in Podscope snippets (escape a literal $ as \\$)');
    }
    const complex = /^\$\{(\d+)([:|}/])/.exec(rest);
    if (complex?.[1] === undefined) {
      return undefined;
    }
    const index = Number(complex[1]);
    this.position += complex[0].length;
    switch (complex[2]) {
      case '}':
        return { type: 'tabstop', index };
      case ':': {
        const children = this.parseUntil('}');
        this.expect('}', `placeholder \${${index}:…} is not closed`);
        return { type: 'tabstop', index, children };
      }
      case '|': {
        const options = this.parseChoiceOptions(index);
        return { type: 'choice', index, options };
      }
      default:
        return this.fail('transforms are not supported in Podscope snippets');
    }
  }

  private parseChoiceOptions(index: number): string[] {
    const options: string[] = [];
    let option = '';
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === '\\') {
        const next = this.source[this.position + 1];
        if (next === ',' || next === '|' || next === '\\') {
          option += next;
          this.position += 2;
        } else {
          option += char;
          this.position += 1;
        }
      } else if (char === ',') {
        options.push(option);
        option = '';
        this.position += 1;
      } else if (char === '|') {
        if (this.source[this.position + 1] !== '}') {
          this.fail(`choice \${${index}|…|} has an unescaped | inside`);
        }
        options.push(option);
        this.position += 2;
        return options;
      } else {
        option += char;
        this.position += 1;
      }
    }
    return this.fail(`choice \${${index}|…|} is not closed`);
  }

  private expect(char: string, message: string): void {
    if (this.source[this.position] !== char) {
      this.fail(message);
    }
    this.position += 1;
  }

  private fail(message: string): never {
    throw new Error(`Snippet syntax at offset ${this.position}: ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Where each snippet goes

/**
 * Where a snippet is inserted: a whole manifest, an item of a pod spec's `containers:` or
 * `initContainers:`, fields of a container, or fields of a pod spec.
 */
export type SnippetPlacement = 'manifest' | 'containers' | 'initContainers' | 'container' | 'podSpec';

/** Every snippet's placement, by prefix. A snippet missing here fails the snippet tests. */
export const snippetPlacements: Readonly<Record<string, SnippetPlacement>> = {
  'k8s-pod': 'manifest',
  'k8s-deployment': 'manifest',
  'k8s-statefulset': 'manifest',
  'k8s-daemonset': 'manifest',
  'k8s-job': 'manifest',
  'k8s-cronjob': 'manifest',
  'k8s-container': 'containers',
  'k8s-init-container': 'initContainers',
  'k8s-sidecar': 'initContainers',
  ...Object.fromEntries(
    ['liveness', 'readiness', 'startup'].flatMap((probe) =>
      ['http', 'tcp', 'exec', 'grpc'].map((handler) => [`k8s-${probe}-${handler}`, 'container' as const]),
    ),
  ),
  'k8s-resources': 'container',
  'k8s-envfrom-configmap': 'container',
  'k8s-envfrom-secret': 'container',
  'k8s-env-configmap-key': 'container',
  'k8s-env-secret-key': 'container',
  'k8s-volume-emptydir': 'podSpec',
  'k8s-volume-configmap': 'podSpec',
  'k8s-volume-secret': 'podSpec',
  'k8s-volume-pvc': 'podSpec',
  'k8s-volume-mount': 'container',
  'k8s-security-context': 'container',
  'k8s-pod-security-context': 'podSpec',
  'k8s-lifecycle': 'container',
  'k8s-poststart-exec': 'container',
  'k8s-poststart-http': 'container',
  'k8s-prestop-sleep': 'container',
  'k8s-prestop-exec': 'container',
  'k8s-prestop-http': 'container',
};

/** The container every wrapping pod runs beside (or around) a fragment. */
export const wrapperContainer = { name: 'main', image: 'nginx:1.27' } as const;

/**
 * Inserts an expanded fragment the way VS Code inserts a snippet typed on an indented line:
 * the first line goes after the cursor, every following line gets the line's indentation.
 */
export function insertAtIndentation(fragment: string, indentation: string): string {
  return fragment
    .split('\n')
    .map((line) => indentation + line)
    .join('\n');
}

/**
 * Wraps an expanded fragment into a minimal valid Pod manifest (YAML text) at the place it is
 * written for; `manifest` snippets are returned unchanged. `name` becomes the pod's name.
 * A container fragment that mounts volumes gets `emptyDir` volumes of those names, so that the
 * pod stays valid (the API server rejects a mount of an undeclared volume).
 */
export function wrapFragmentInPod(placement: SnippetPlacement, fragment: string, name = 'snippet'): string {
  const header = ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:'];
  const mainContainer = [`    - name: ${wrapperContainer.name}`, `      image: ${wrapperContainer.image}`];
  switch (placement) {
    case 'manifest':
      return fragment + '\n';
    case 'containers':
      return [...header, '  containers:', insertAtIndentation(fragment, '    ')].join('\n') + '\n';
    case 'initContainers':
      return (
        [
          ...header,
          '  initContainers:',
          insertAtIndentation(fragment, '    '),
          '  containers:',
          ...mainContainer,
        ].join('\n') + '\n'
      );
    case 'container': {
      const volumes = mountedVolumeNames(fragment).flatMap((volume) => [
        `    - name: ${volume}`,
        '      emptyDir: {}',
      ]);
      return (
        [
          ...header,
          '  containers:',
          ...mainContainer,
          insertAtIndentation(fragment, '      '),
          ...(volumes.length > 0 ? ['  volumes:', ...volumes] : []),
        ].join('\n') + '\n'
      );
    }
    case 'podSpec':
      return (
        [...header, '  containers:', ...mainContainer, insertAtIndentation(fragment, '  ')].join('\n') + '\n'
      );
  }
}

function mountedVolumeNames(containerFields: string): string[] {
  const [document] = parseAllDocuments(containerFields, { version: '1.1' });
  const fields: unknown = document?.toJS();
  const mounts = (fields as { volumeMounts?: unknown } | null)?.volumeMounts;
  return Array.isArray(mounts)
    ? mounts
        .map((mount) => (mount as { name?: unknown }).name)
        .filter((name): name is string => typeof name === 'string')
    : [];
}

/** A snippet expanded with its defaults and placed into a whole manifest. */
export interface ExpandedSnippet {
  readonly name: string;
  readonly prefix: string;
  readonly placement: SnippetPlacement;
  readonly expansion: SnippetExpansion;
  /** A complete manifest: the snippet itself, or the fragment wrapped into a Pod. */
  readonly manifest: string;
}

/** Every snippet of `snippets/kubernetes.json` as a complete manifest, for checks over all of them. */
export function expandAllSnippets(file = snippetFile): ExpandedSnippet[] {
  return [...loadSnippets(file)].map(([name, snippet]) => {
    const placement = snippetPlacements[snippet.prefix];
    if (placement === undefined) {
      throw new Error(`Snippet "${name}" (${snippet.prefix}) has no entry in snippetPlacements`);
    }
    const expansion = expandSnippet(snippet.body);
    return {
      name,
      prefix: snippet.prefix,
      placement,
      expansion,
      manifest: wrapFragmentInPod(placement, expansion.text, snippet.prefix),
    };
  });
}
