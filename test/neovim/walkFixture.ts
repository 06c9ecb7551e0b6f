/**
 * What the Neovim walk opens and what it expects, written against the fixture's text: places are
 * found through anchors that occur exactly once (`restart|Policy` for a cursor, `debug: «yes»`
 * for a range), never counted by hand.
 */
import { SymbolKind } from 'vscode-languageserver-types';

/**
 * The manifest Neovim opens. A Korean comment sits above a flagged line; an emoji and Korean
 * text come before the misspelled `valeu` on the `env` line (4 + 5 × 3 bytes, 2 + 5 UTF-16
 * units, so byte and UTF-16 columns differ by 12 there) and after a flagged value on the
 * `imagePullPolicy` line.
 */
export const fixture = `# 웹 서버: 데모용 파드
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web # 🚀 프런트엔드
    debug: yes
spec:
  # 재시작 정책: 항상 다시 시작
  restartPolicy: Sometimes
  containers:
    - name: web
      image: nginx:1.25
      imagePullPolicy: Sometimes # 🚀 항상?
      env: [{ name: WELCOME, value: "🚀 환영합니다" }, { name: DEBUG, valeu: "1" }]
      ports:
        - { name: http, containerPort: 8080, protocol: HTTP }
      resources:
        requests: { cpu: 100m, memory: 64Mi }
        limits: { memory: 128Mi }
`;

/** A place in the fixture: 0-based line, UTF-16 character and byte column in that line. */
export interface Place {
  readonly line: number;
  readonly character: number;
  readonly byteColumn: number;
}

/** The one line of the fixture holding `needle`; throws unless it occurs exactly once. */
export function uniqueLine(needle: string): { line: number; lineText: string; index: number } {
  const total = fixture.split(needle).length - 1;
  const lines = fixture.split('\n');
  const line = lines.findIndex((lineText) => lineText.includes(needle));
  if (total !== 1 || line < 0) {
    throw new Error(`"${needle}" occurs ${total} times in the fixture (or across lines); it must occur once`);
  }
  const lineText = lines[line]!;
  return { line, lineText, index: lineText.indexOf(needle) };
}

function placeIn(lineText: string, line: number, character: number): Place {
  return { line, character, byteColumn: Buffer.byteLength(lineText.slice(0, character)) };
}

/** The cursor marked with `|` in a snippet of one line: `restart|Policy`. */
export function cursorAt(snippet: string): Place {
  const marker = snippet.indexOf('|');
  if (marker < 0 || snippet.indexOf('|', marker + 1) >= 0) {
    throw new Error(`"${snippet}" needs exactly one cursor marker |`);
  }
  const { line, lineText, index } = uniqueLine(snippet.replace('|', ''));
  return placeIn(lineText, line, index + marker);
}

/** The range marked with «» in a snippet of one line: `debug: «yes»`. */
export function rangeAt(snippet: string): { start: Place; end: Place } {
  const open = snippet.indexOf('«');
  const close = snippet.indexOf('»');
  if (open < 0 || close < open) {
    throw new Error(`"${snippet}" needs a range marked «like this»`);
  }
  const { line, lineText, index } = uniqueLine(snippet.replace('«', '').replace('»', ''));
  return { start: placeIn(lineText, line, index + open), end: placeIn(lineText, line, index + close - 1) };
}

/** Replaces the one occurrence of `anchor` in `text`; throws unless it occurs exactly once. */
export function editOnce(text: string, anchor: string, replacement: string): string {
  const parts = text.split(anchor);
  if (parts.length !== 2) {
    throw new Error(`"${anchor}" occurs ${parts.length - 1} times; the edit needs exactly one`);
  }
  return parts.join(replacement);
}

export interface ExpectedDiagnostic {
  /** A snippet of one line with the flagged text in «». */
  readonly at: string;
  /** As vim.diagnostic.severity names them. */
  readonly severity: 'ERROR' | 'WARN' | 'INFO' | 'HINT';
  readonly code: string;
  readonly message: string;
}

const onContainer = (
  severity: ExpectedDiagnostic['severity'],
  code: string,
  message: string,
): ExpectedDiagnostic => ({ at: '- name: «web»', severity, code, message: `Container "web" ${message}` });

/** Every diagnostic Neovim holds for the fixture, all severities. */
export const expectedDiagnostics: ExpectedDiagnostic[] = [
  {
    at: 'debug: «yes»',
    severity: 'ERROR',
    code: 'yaml11-boolean-string',
    message: '"yes" is a boolean in YAML 1.1, which Kubernetes uses; quote it: "yes".',
  },
  {
    at: 'restartPolicy: «Sometimes»',
    severity: 'ERROR',
    code: 'invalid-value',
    message: 'Invalid value "Sometimes" for restartPolicy: expected one of Always, Never, OnFailure.',
  },
  onContainer(
    'HINT',
    'pss-capabilities',
    'does not drop all capabilities; add ALL to securityContext.capabilities.drop.',
  ),
  onContainer(
    'HINT',
    'pss-seccomp',
    "has no seccomp profile; set seccompProfile.type: RuntimeDefault in the pod's securityContext.",
  ),
  onContainer(
    'HINT',
    'pss-privilege-escalation',
    'does not forbid privilege escalation; set securityContext.allowPrivilegeEscalation: false.',
  ),
  onContainer(
    'HINT',
    'pss-run-as-non-root',
    "may run as root; set runAsNonRoot: true in the pod's securityContext (or the container's).",
  ),
  onContainer(
    'HINT',
    'read-only-root-filesystem',
    'can write to its root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write.',
  ),
  onContainer(
    'INFO',
    'missing-readiness-probe',
    'has no readinessProbe: it gets traffic as soon as it starts, ready or not; add a readinessProbe.',
  ),
  onContainer(
    'HINT',
    'missing-liveness-probe',
    'has no livenessProbe: if it hangs, nothing restarts it; add a livenessProbe.',
  ),
  {
    at: 'imagePullPolicy: «Sometimes» # 🚀',
    severity: 'ERROR',
    code: 'invalid-value',
    message: 'Invalid value "Sometimes" for imagePullPolicy: expected one of Always, IfNotPresent, Never.',
  },
  {
    at: 'DEBUG, «valeu»',
    severity: 'ERROR',
    code: 'unknown-field',
    message: 'Unknown field "valeu" in EnvVar; did you mean "value"?',
  },
  {
    at: 'protocol: «HTTP»',
    severity: 'ERROR',
    code: 'invalid-value',
    message: 'Invalid value "HTTP" for protocol: expected one of SCTP, TCP, UDP.',
  },
];

/** The line on which byte and UTF-16 columns differ before the flagged text. */
export const afterEmoji = 'DEBUG, «valeu»';

/** The hovers: where the cursor goes, and the first lines Neovim's hover window shows. */
export const expectedHovers = [
  {
    step: 'hover',
    cursor: 'restart|Policy: Sometimes',
    firstLines: [
      '**`pod.spec.restartPolicy`** `<string>`',
      '',
      'Allowed values: `Always`, `Never`, `OnFailure`',
      '',
      'Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
    ],
  },
  {
    step: 'hover-after-emoji',
    cursor: '{ na|me: DEBUG',
    firstLines: ['**`pod.spec.containers.env.name`** `<string>` **required**'],
  },
];

/** Completion on a new line typed inside containers[0], below `image:`. */
export const expectedCompletion = {
  below: '      image: nginx:1.25',
  typed: '      work',
  offered: [
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'workingDir',
    'command',
    'args',
    'securityContext',
  ],
  // The container has these already; they are not offered again.
  notOffered: ['name', 'image', 'imagePullPolicy', 'env', 'ports', 'resources'],
  apply: 'workingDir',
  // The line as a person expects it after choosing the item: the key, ready for its value.
  lineAfter: '      workingDir: ',
};

/** The quick fix asked for with the cursor on the misspelled `valeu`, after the emoji. */
export const expectedQuickFix = {
  cursor: 'DEBUG, val|eu',
  title: 'Rename to "value"',
  textAfter: editOnce(fixture, '{ name: DEBUG, valeu: "1" }]', '{ name: DEBUG, value: "1" }]'),
};

export interface ExpectedSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly detail: string;
  /** The symbol's selectionRange, as a snippet of one line with the range in «». */
  readonly selection: string;
  readonly children: ExpectedSymbol[];
}

/** The outline Neovim gets: one entry per document, its containers below it. */
export const expectedSymbols: ExpectedSymbol[] = [
  {
    name: 'Pod web',
    kind: SymbolKind.Class,
    detail: 'v1',
    selection: '  name: «web»',
    children: [
      {
        name: 'web',
        kind: SymbolKind.Object,
        detail: 'container · nginx:1.25',
        selection: '- name: «web»',
        children: [],
      },
    ],
  },
];
