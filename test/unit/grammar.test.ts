import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type IGrammar } from 'vscode-textmate';
import { repoRoot } from '../support/paths';
import { loadGrammar, tokenize, type Token } from '../support/textmate';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

// The YAML fixtures end in .txt so that Prettier leaves their exact layout alone (and cannot parse Helm).
const fixtures = path.join(repoRoot, 'test/fixtures/grammar');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { grammars?: GrammarContribution[]; snippets?: { language: string; path: string }[] };
};
const [contribution] = manifest.contributes.grammars ?? [];
assert.ok(contribution, 'package.json contributes no grammar');
const injectionFile = path.join(repoRoot, contribution.path);

/** The grammar as VS Code loads it: our stand-in for its YAML grammar, plus the injection. */
function loadYaml(options: { withInjection: boolean; withShell: boolean }): Promise<IGrammar> {
  assert.ok(contribution);
  return loadGrammar('source.yaml', {
    grammars: {
      'source.yaml': path.join(fixtures, 'yaml.tmLanguage.json'),
      [contribution.scopeName]: injectionFile,
      ...(options.withShell ? { 'source.shell': path.join(fixtures, 'shell.tmLanguage.json') } : {}),
    },
    injections: options.withInjection
      ? Object.fromEntries((contribution.injectTo ?? []).map((scope) => [scope, [contribution.scopeName]]))
      : {},
  });
}

/** A tokenized fixture, searched by line content and token text rather than by position. */
class TokenizedFixture {
  private readonly lines: string[];
  private readonly tokens: Token[][];

  constructor(grammar: IGrammar, file: string) {
    const text = fs.readFileSync(path.join(fixtures, file), 'utf8');
    this.lines = text.split('\n');
    this.tokens = tokenize(grammar, text);
  }

  /** The scopes of the `occurrence`-th token reading exactly `token` on the line `line` (see {@link lineTokens}). */
  scopes(line: string, token: string, occurrence = 0): readonly string[] {
    const hit = this.lineTokens(line).filter((candidate) => candidate.text === token)[occurrence];
    assert.ok(hit, `no token ${JSON.stringify(token)} (#${occurrence}) on the line ${JSON.stringify(line)}`);
    return hit.scopes;
  }

  /** Every token on the line `line`, as its text and its innermost scope. */
  innermost(line: string): [string, string][] {
    return this.lineTokens(line).map((token) => [token.text, token.scopes[token.scopes.length - 1] ?? '']);
  }

  /** The tokens of the one line that reads `line` once trimmed, or else of the one line containing it. */
  private lineTokens(line: string): Token[] {
    const find = (test: (text: string) => boolean): number[] =>
      this.lines.flatMap((text, index) => (test(text) ? [index] : []));
    const exact = find((text) => text.trim() === line.trim());
    const matches = exact.length > 0 ? exact : find((text) => text.includes(line));
    assert.equal(matches.length, 1, `expected exactly one line reading ${JSON.stringify(line)}`);
    return this.tokens[matches[0] ?? -1] ?? [];
  }
}

// The scopes of the stand-in YAML grammar, named as in VS Code's.
const documentScopes = ['source.yaml', 'meta.stream.yaml', 'meta.document.yaml'];
const mapping = 'meta.mapping.yaml';
const value = 'meta.map.value.yaml';
const sequence = 'meta.block.sequence.yaml';
const key = ['meta.map.key.yaml', 'string.unquoted.plain.yaml', 'entity.name.tag.yaml'];
const plain = 'string.unquoted.plain.out.yaml';
const template = 'meta.embedded.template.go';
const shell = 'meta.embedded.block.shell';

/** The scopes inside nested structures: `within(mapping, value)` = document, mapping, value. */
function within(...scopes: string[]): string[] {
  return [...documentScopes, ...scopes];
}

describe('Kubernetes injection grammar', () => {
  let grammar: IGrammar;
  let grammarWithShell: IGrammar;
  let baseOnly: IGrammar;

  before(async () => {
    grammar = await loadYaml({ withInjection: true, withShell: false });
    grammarWithShell = await loadYaml({ withInjection: true, withShell: true });
    baseOnly = await loadYaml({ withInjection: false, withShell: false });
  });

  describe('contribution', () => {
    it('is injected into YAML and maps embedded shell to the shellscript language', () => {
      assert.deepEqual(manifest.contributes.grammars, [
        {
          scopeName: 'podscope.kubernetes.injection',
          path: './syntaxes/kubernetes.injection.tmLanguage.json',
          injectTo: ['source.yaml'],
          embeddedLanguages: { 'meta.embedded.block.shell': 'shellscript' },
        },
      ]);
      const injection = JSON.parse(fs.readFileSync(injectionFile, 'utf8')) as {
        scopeName: string;
        injectionSelector: string;
        repository: Record<string, { contentName?: string; patterns?: { include?: string }[] }>;
      };
      assert.equal(injection.scopeName, contribution.scopeName);
      assert.equal(injection.injectionSelector, 'L:source.yaml -comment -meta.embedded.template.go');
      const shellRules = Object.values(injection.repository).filter((rule) => rule.contentName === shell);
      assert.equal(shellRules.length, 1);
      assert.deepEqual(
        shellRules[0]?.patterns?.map((pattern) => pattern.include),
        ['source.shell', '#go-template'],
      );
    });

    it('contributes the snippets for YAML', () => {
      assert.deepEqual(manifest.contributes.snippets, [
        { language: 'yaml', path: './snippets/kubernetes.json' },
      ]);
    });
  });

  describe('Helm and Go templates (helm-deployment.yaml.txt)', () => {
    let helm: TokenizedFixture;
    before(() => {
      helm = new TokenizedFixture(grammar, 'helm-deployment.yaml.txt');
    });

    it('reads a template on its own line as a template, keywords and variables scoped', () => {
      assert.deepEqual(helm.innermost('{{- if .Values.enabled }}'), [
        ['{{-', 'punctuation.section.embedded.begin.go-template'],
        [' ', template],
        ['if', 'keyword.control.go-template'],
        [' ', template],
        ['.Values.enabled', 'variable.other.go-template'],
        [' ', template],
        ['}}', 'punctuation.section.embedded.end.go-template'],
      ]);
      assert.deepEqual(helm.scopes('{{- if .Values.enabled }}', 'if'), [
        'source.yaml',
        template,
        'keyword.control.go-template',
      ]);
      const closing = '{{- end }} {{- /* .Values.enabled */ -}}';
      assert.deepEqual(helm.scopes(closing, 'end'), [
        ...within(mapping),
        template,
        'keyword.control.go-template',
      ]);
      assert.deepEqual(helm.scopes(closing, ' .Values.enabled '), [
        ...within(mapping),
        template,
        'comment.block.go-template',
      ]);
      assert.deepEqual(helm.scopes(closing, '-}}'), [
        ...within(mapping),
        template,
        'punctuation.section.embedded.end.go-template',
      ]);
    });

    it('reads a template value as a template, not as a flow mapping', () => {
      const line = 'name: {{ include "chart.fullname" . }}';
      const inValue = within(mapping, value, mapping, value, template);
      assert.deepEqual(helm.scopes(line, '{{'), [
        ...inValue,
        'punctuation.section.embedded.begin.go-template',
      ]);
      assert.deepEqual(helm.scopes(line, 'include'), [...inValue, 'keyword.control.go-template']);
      assert.deepEqual(helm.scopes(line, 'chart.fullname'), [...inValue, 'string.quoted.double.go-template']);
      assert.deepEqual(helm.scopes(line, '.'), [...inValue, 'variable.language.dot.go-template']);
      assert.deepEqual(helm.scopes(line, '}}'), [...inValue, 'punctuation.section.embedded.end.go-template']);
      const pipeline = 'replicas: {{ .Values.replicaCount | default 2 }}';
      assert.deepEqual(helm.innermost(pipeline).slice(-11), [
        ['{{', 'punctuation.section.embedded.begin.go-template'],
        [' ', template],
        ['.Values.replicaCount', 'variable.other.go-template'],
        [' ', template],
        ['|', 'keyword.operator.pipe.go-template'],
        [' ', template],
        ['default', 'support.function.go-template'],
        [' ', template],
        ['2', 'constant.numeric.go-template'],
        [' ', template],
        ['}}', 'punctuation.section.embedded.end.go-template'],
      ]);
    });

    it('reads templates inside double- and single-quoted strings', () => {
      const image = 'image: "{{ .Values.image.repository }}';
      const inString = within(
        mapping,
        value,
        mapping,
        value,
        mapping,
        value,
        mapping,
        value,
        sequence,
        mapping,
        value,
      );
      assert.deepEqual(helm.scopes(image, '.Values.image.repository'), [
        ...inString,
        'string.quoted.double.yaml',
        template,
        'variable.other.go-template',
      ]);
      assert.deepEqual(helm.scopes(image, ':', 1), [...inString, 'string.quoted.double.yaml']);
      assert.deepEqual(helm.scopes(image, '$.Chart.AppVersion'), [
        ...inString,
        'string.quoted.double.yaml',
        template,
        'variable.other.go-template',
      ]);
      assert.deepEqual(helm.scopes("args: ['--level={{ .Values.logLevel }}']", '.Values.logLevel'), [
        ...inString,
        'meta.flow.sequence.yaml',
        'string.quoted.single.yaml',
        template,
        'variable.other.go-template',
      ]);
    });

    it('keeps the YAML around templates intact', () => {
      assert.deepEqual(helm.scopes('apiVersion: apps/v1', 'apiVersion'), [...within(mapping), ...key]);
      assert.deepEqual(helm.scopes('resources:', 'resources'), [
        ...within(mapping, value, mapping, value, mapping, value, mapping, value, sequence, mapping),
        ...key,
      ]);
    });
  });

  describe('apiVersion, kind, quantities and durations (pod-values.yaml.txt)', () => {
    let pod: TokenizedFixture;
    before(() => {
      pod = new TokenizedFixture(grammar, 'pod-values.yaml.txt');
    });

    it('highlights the values of apiVersion and kind, plain or quoted', () => {
      assert.deepEqual(pod.scopes('apiVersion: v1', 'v1'), [
        ...within(mapping, value),
        'support.type.kubernetes.api-version',
      ]);
      assert.deepEqual(pod.scopes('kind: Pod', 'Pod'), [
        ...within(mapping, value),
        'entity.name.type.kubernetes.kind',
      ]);
      assert.deepEqual(pod.scopes('apiVersion: cert-manager.io/v1', 'cert-manager.io/v1'), [
        ...within(mapping, value),
        'support.type.kubernetes.api-version',
      ]);
      const owner = within(mapping, value, mapping, value, sequence, mapping, value);
      assert.deepEqual(pod.scopes('- apiVersion: "apps/v1"', 'apps/v1'), [
        ...owner,
        'string.quoted.double.yaml',
        'support.type.kubernetes.api-version',
      ]);
      assert.deepEqual(pod.scopes('kind: ReplicaSet', 'ReplicaSet'), [
        ...owner,
        'entity.name.type.kubernetes.kind',
      ]);
    });

    it('leaves other keys, and comments, alone', () => {
      assert.deepEqual(pod.scopes('name: Pod', 'Pod'), [...within(mapping, value, mapping, value), plain]);
      assert.deepEqual(pod.scopes('path: /metrics # kind: Service', ' kind: Service stays a comment'), [
        ...within(mapping, value, mapping, value, sequence, mapping, value),
        'comment.line.number-sign.yaml',
      ]);
    });

    it('highlights quantities as the values of resource keys', () => {
      const requests = within(
        mapping,
        value,
        mapping,
        value,
        sequence,
        mapping,
        value,
        mapping,
        value,
        mapping,
        value,
      );
      const quantity = 'constant.numeric.quantity.kubernetes';
      assert.deepEqual(pod.scopes('cpu: 250m', '250m'), [...requests, quantity]);
      assert.deepEqual(pod.scopes('memory: "64Mi"', '64Mi'), [
        ...requests,
        'string.quoted.double.yaml',
        quantity,
      ]);
      assert.deepEqual(pod.scopes('ephemeral-storage: 1Gi', '1Gi'), [...requests, quantity]);
      assert.deepEqual(pod.scopes('hugepages-2Mi: 100Mi', '100Mi'), [...requests, quantity]);
      assert.deepEqual(pod.scopes('nvidia.com/gpu: 2', '2'), [...requests, quantity]);
      const limits = [...requests.slice(0, -2), 'meta.flow.mapping.yaml'];
      assert.deepEqual(pod.scopes('limits: {cpu: 1.5, memory: 1e3}', '1.5'), [...limits, quantity]);
      assert.deepEqual(pod.scopes('limits: {cpu: 1.5, memory: 1e3}', '1e3'), [...limits, quantity]);
      assert.deepEqual(pod.scopes('sizeLimit: 100k', '100k'), [
        ...within(mapping, value, mapping, value, sequence, mapping, value, mapping, value),
        quantity,
      ]);
    });

    it('leaves numbers of other keys, and label values, to YAML', () => {
      assert.deepEqual(pod.scopes('activeDeadlineSeconds: 600', '600'), [
        ...within(mapping, value, mapping, value),
        plain,
        'constant.numeric.integer.decimal.yaml',
      ]);
      assert.deepEqual(pod.scopes('app.kubernetes.io/version: "1.5"', '1.5'), [
        ...within(mapping, value, mapping, value, mapping, value),
        'string.quoted.double.yaml',
      ]);
    });

    it('highlights durations as values', () => {
      const duration = 'constant.numeric.duration.kubernetes';
      assert.deepEqual(pod.scopes('duration: 2160h', '2160h'), [
        ...within(mapping, value, mapping, value),
        duration,
      ]);
      assert.deepEqual(pod.scopes('renewBefore: 1h30m', '1h30m'), [
        ...within(mapping, value, mapping, value),
        duration,
      ]);
      const endpoint = within(mapping, value, mapping, value, sequence, mapping, value);
      assert.deepEqual(pod.scopes("interval: '30s'", '30s'), [
        ...endpoint,
        'string.quoted.single.yaml',
        duration,
      ]);
      assert.deepEqual(pod.scopes('scrapeTimeout: 100ms', '100ms'), [...endpoint, duration]);
      assert.deepEqual(pod.scopes('secretName: example-tls', 'example-tls'), [
        ...within(mapping, value, mapping, value),
        plain,
      ]);
    });
  });

  describe('shell scripts (shell-commands.yaml.txt)', () => {
    let shells: TokenizedFixture;
    let withShell: TokenizedFixture;
    before(() => {
      shells = new TokenizedFixture(grammar, 'shell-commands.yaml.txt');
      withShell = new TokenizedFixture(grammarWithShell, 'shell-commands.yaml.txt');
    });
    const initContainer = within(mapping, value, mapping, value, sequence, mapping);

    it('embeds shell in the args block after command: ["/bin/sh", "-c"]', () => {
      assert.deepEqual(shells.innermost('command: ["/bin/sh", "-c"]').slice(-10), [
        ['[', 'punctuation.definition.sequence.begin.yaml'],
        ['"', 'punctuation.definition.string.begin.yaml'],
        ['/bin/sh', 'string.quoted.double.yaml'],
        ['"', 'punctuation.definition.string.end.yaml'],
        [',', 'punctuation.separator.sequence.yaml'],
        [' ', 'meta.flow.sequence.yaml'],
        ['"', 'punctuation.definition.string.begin.yaml'],
        ['-c', 'string.quoted.double.yaml'],
        ['"', 'punctuation.definition.string.end.yaml'],
        [']', 'punctuation.definition.sequence.end.yaml'],
      ]);
      assert.deepEqual(shells.scopes('args:', 'args'), [...initContainer, ...key]);
      assert.deepEqual(shells.scopes('- |', '|'), [
        ...initContainer,
        'keyword.control.flow.block-scalar.literal.yaml',
      ]);
      assert.deepEqual(shells.scopes('until nc -z db 5432', 'until nc -z db 5432; do sleep 2; done'), [
        ...initContainer,
        shell,
      ]);
      // Templates stay templates inside the script.
      assert.deepEqual(shells.scopes('echo "waiting for {{ .Values.database }}"', '.Values.database'), [
        ...initContainer,
        shell,
        template,
        'variable.other.go-template',
      ]);
      // The block ends where the indentation does: the next key is YAML again.
      assert.deepEqual(shells.scopes('resources: {}', 'resources'), [...initContainer, ...key]);
    });

    it('embeds shell in a command list: - bash, flags, - -c, then a block', () => {
      const commandValue = [...initContainer, value];
      assert.deepEqual(shells.scopes('- bash', 'bash'), [...commandValue, plain]);
      assert.deepEqual(shells.innermost('- >-').slice(-4), [
        ['-', 'punctuation.definition.block.sequence.item.yaml'],
        [' ', value],
        ['>', 'keyword.control.flow.block-scalar.folded.yaml'],
        ['-', 'storage.modifier.chomping-indicator.yaml'],
      ]);
      assert.deepEqual(shells.scopes('echo one;', 'echo one;'), [...commandValue, shell]);
      assert.deepEqual(shells.scopes('echo two', 'echo two'), [...commandValue, shell]);
      assert.deepEqual(shells.scopes('imagePullPolicy: IfNotPresent', 'imagePullPolicy'), [
        ...initContainer,
        ...key,
      ]);
      const preStopCommand = [...initContainer, value, mapping, value, mapping, value, mapping, value];
      assert.deepEqual(shells.scopes('sleep 5', 'sleep 5'), [...preStopCommand, shell]);
    });

    it('hands the script to source.shell when a shell grammar is installed', () => {
      const script = [...initContainer, shell];
      assert.deepEqual(withShell.scopes('until nc -z db 5432', 'until'), [
        ...script,
        'keyword.control.shell',
      ]);
      assert.deepEqual(withShell.scopes('echo "waiting for', 'echo'), [
        ...script,
        'support.function.builtin.shell',
      ]);
      assert.deepEqual(withShell.scopes('echo "waiting for', '.Values.database'), [
        ...script,
        'string.quoted.double.shell',
        template,
        'variable.other.go-template',
      ]);
    });

    it('leaves other programs, and inline scripts, alone', () => {
      const python = within(
        mapping,
        value,
        mapping,
        value,
        sequence,
        mapping,
        value,
        sequence,
        'meta.scalar.yaml',
      );
      assert.deepEqual(shells.scopes('print("not a shell script")', ' print("not a shell script")'), [
        ...python,
        'string.unquoted.block.yaml',
      ]);
      assert.deepEqual(shells.scopes('args: ["sh", "-c", "echo inline"]', 'echo inline'), [
        ...within(mapping, value, mapping, value, sequence, mapping, value),
        'meta.flow.sequence.yaml',
        'string.quoted.double.yaml',
      ]);
    });
  });

  describe('without the injection', () => {
    it('YAML alone reads templates as flow mappings, and values and scripts as plain strings', () => {
      const helm = new TokenizedFixture(baseOnly, 'helm-deployment.yaml.txt');
      assert.deepEqual(helm.scopes('{{- if .Values.enabled }}', '{'), [
        ...within(),
        'meta.flow.mapping.yaml',
        'punctuation.definition.mapping.begin.yaml',
      ]);
      assert.deepEqual(helm.scopes('kind: Deployment', 'Deployment'), [...within(mapping, value), plain]);
      const pod = new TokenizedFixture(baseOnly, 'pod-values.yaml.txt');
      assert.equal(pod.scopes('cpu: 250m', '250m').at(-1), plain);
      assert.equal(pod.scopes('renewBefore: 1h30m', '1h30m').at(-1), plain);
      const shells = new TokenizedFixture(baseOnly, 'shell-commands.yaml.txt');
      assert.equal(shells.scopes('echo two', ' echo two').at(-1), 'string.unquoted.block.yaml');
    });
  });
});
