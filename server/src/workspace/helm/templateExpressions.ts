/**
 * What a Helm template's actions say about values and named templates: every `.Values.a.b` it
 * reads (with whether the read is guarded), every `define`, every `include`/`template` call,
 * and which object `.` stands for at an offset. Pure and computed once per text.
 *
 * Read as Go's text/template reads a template (Helm renders with it):
 * - actions are delimited by `{{` and `}}`, with trim markers `{{- ` and ` -}}`; quoted, raw
 *   and character strings may hold `}}`; a comment is `{{/* … *\/}}`
 *   (text/template/parse/lex.go: `lexLeftDelim`, `lexQuote`, `lexRawQuote`, `lexComment`);
 * - `with` sets dot to the value of its pipeline in its body (not in its `else`); `range` sets
 *   dot to each element in its body; `if` leaves dot alone; `$` is the data the template was
 *   executed with: the root object in a chart's template, the argument in a `define` body
 *   (text/template docs, "Actions" and "Variables");
 * - `define "name"` declares a named template; `template "name"` and Helm's `include "name"`
 *   call one (text/template docs "Nested template definitions"; Helm's `include`:
 *   pkg/engine/engine.go `includeFun`; https://helm.sh/docs/chart_template_guide/named_templates/). All named templates of a chart and of its subcharts share
 *   one namespace (Helm parses them into one template set: engine.go `render`).
 *
 * The builtin objects (`.Values`, `.Chart`, `.Release`…) are Helm's:
 * https://helm.sh/docs/chart_template_guide/builtin_objects/.
 *
 * A read of `.Values` is **guarded** when the template itself expects that the value may be
 * absent: an argument of `default`, `required`, `hasKey`, `empty`, `coalesce` (Sprig and Helm's
 * functions: https://helm.sh/docs/chart_template_guide/function_list/), a pipeline that ends in
 * one of them (`.Values.a | default "x"`), a path tested by `if`, `with` or `range` (or a parent
 * of it) in the body of that test, and `hasKey .Values.a "b"` in a test for `.Values.a.b`.
 * `| quote` and the other functions do not guard.
 */
import { opensBlock, scanAction } from '../../yaml/templateBranches';

/** The functions whose arguments the template expects may be absent. */
const guardingFunctions = new Set(['default', 'required', 'hasKey', 'empty', 'coalesce']);

/** What `.` is at a place of a template. */
export type DotScope =
  /** The root object (`.Values`, `.Chart`… are the builtin objects). */
  | { readonly kind: 'root' }
  /** A value of values.yaml, set by `with .Values.a.b`: `.c` reads `.Values.a.b.c`. */
  | { readonly kind: 'values'; readonly path: readonly string[] }
  /** Something the text does not say (an element of `range`, a `with` of anything else). */
  | { readonly kind: 'unknown' };

/** A read of a value: `.Values.a.b` (or `$.Values.a.b`, or `.b` in `with .Values.a`). */
export interface ValuesRead {
  /** The keys below `.Values`. */
  readonly path: readonly string[];
  /** Offsets of the whole expression (`.Values.a.b`, `$.Values.a.b`, `.b`). */
  readonly start: number;
  readonly end: number;
  /** Offset of each key of `path` in the text (its first character). */
  readonly keyOffsets: readonly number[];
  /** The template expects the value may be absent (see the file comment). */
  readonly guarded: boolean;
  /** In a `define` body: `.` and `$` are whatever the caller passes (usually the root). */
  readonly inDefinition: boolean;
}

/** A `define "name"`, or an `include "name"` / `template "name"` call: the name's string. */
export interface NamedTemplateSite {
  readonly name: string;
  /** Offsets of the name inside its quotes. */
  readonly start: number;
  readonly end: number;
  /** A define's body: from the end of its action to the start of its `end` (unknown while unclosed). */
  body?: { readonly start: number; end: number };
}

export interface TemplateExpressions {
  readonly reads: readonly ValuesRead[];
  readonly defines: readonly NamedTemplateSite[];
  readonly calls: readonly NamedTemplateSite[];
  /** What `.` is at an offset (the actions before it decide). */
  scopeAt(offset: number): { readonly dot: DotScope; readonly inDefinition: boolean };
}

interface Action {
  /** Offset of the action's `{{`. */
  readonly start: number;
  /** Offsets of the action's body (between the delimiters and trim markers). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly end: number;
}

type Token =
  | { readonly type: 'field'; readonly text: string; readonly start: number }
  | { readonly type: 'word'; readonly text: string; readonly start: number }
  | { readonly type: 'string'; readonly text: string; readonly start: number }
  | { readonly type: '(' | ')' | '|' | 'other'; readonly start: number };

const space = /[ \t\r\n]/;

/**
 * The actions of a template, in order. An action that never closes (being typed) ends the list:
 * everything before it is still read.
 */
export function lexActions(text: string): Action[] {
  const actions: Action[] = [];
  for (let start = text.indexOf('{{'); start >= 0; start = text.indexOf('{{', start)) {
    let index = start + 2;
    if (text[index] === '-' && space.test(text[index + 1] ?? '')) {
      index += 2;
    }
    if (/^\s*\/\*/.test(text.slice(index, index + 64))) {
      const close = text.indexOf('*/', index);
      const after = close < 0 ? -1 : text.indexOf('}}', close);
      if (after < 0) {
        break;
      }
      start = after + 2;
      continue;
    }
    const end = scanAction(text, index)?.[1];
    if (end === undefined) {
      break;
    }
    let bodyEnd = end - 2;
    if (text[bodyEnd - 1] === '-' && space.test(text[bodyEnd - 2] ?? '')) {
      bodyEnd -= 1;
    }
    actions.push({ start, bodyStart: index, bodyEnd, end });
    start = end;
  }
  return actions;
}

/** The tokens of an action's body (lex.go's items, as far as this reading needs them). */
function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /("(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*')|(\$?[A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\.?|\$[A-Za-z_0-9]*|\.)|([A-Za-z_][A-Za-z0-9_]*)|([()|])|(\S)/g;
  pattern.lastIndex = from;
  // The action's tokens end at its body's end (a token never crosses it: the lexer found the body's end outside quotes).
  for (let match = pattern.exec(text); match && match.index < to; match = pattern.exec(text)) {
    const start = match.index;
    if (match[1] !== undefined) {
      tokens.push({ type: 'string', text: match[1].slice(1, -1), start: start + 1 });
    } else if (match[2] !== undefined) {
      tokens.push({ type: 'field', text: match[2], start });
    } else if (match[3] !== undefined) {
      tokens.push({ type: 'word', text: match[3], start });
    } else if (match[4] !== undefined) {
      tokens.push({ type: match[4] as '(' | ')' | '|', start });
    } else {
      tokens.push({ type: 'other', start });
    }
  }
  return tokens;
}

/** A field chain that reads values, in a scope: its path below `.Values`, or undefined. */
function valuesPathOf(
  field: string,
  dot: DotScope,
  inDefinition: boolean,
): { path: string[]; keysFrom: number } | undefined {
  const parts = field.split('.');
  const head = parts[0]!;
  const keys = parts.slice(1).filter((key, index, all) => key !== '' || index < all.length - 1);
  if (head === '$' || (head === '' && dot.kind === 'root')) {
    // `$` is the root in a chart's template; in a define body it is the argument, taken to be
    // the root as `include "x" .` and `include "x" $` pass it.
    if (keys[0] === 'Values') {
      return { path: keys.slice(1), keysFrom: 2 };
    }
    return undefined;
  }
  if (head === '' && dot.kind === 'values' && !inDefinition) {
    return { path: [...dot.path, ...keys], keysFrom: 1 };
  }
  return undefined;
}

interface Frame {
  readonly keyword: 'if' | 'with' | 'range' | 'define' | 'block';
  /** The define a `define`/`block` frame declares, for its body's end. */
  readonly define?: NamedTemplateSite;
  /** Paths the chain's tests guard, for the rest of the chain. */
  readonly guards: string[][];
  readonly outerDot: DotScope;
  dot: DotScope;
}

/** The expressions of a template text. */
export function readTemplateExpressions(text: string): TemplateExpressions {
  const reads: ValuesRead[] = [];
  const defines: NamedTemplateSite[] = [];
  const calls: NamedTemplateSite[] = [];
  /** Where `.` changes: the scope from each offset on. */
  const scopes: { offset: number; dot: DotScope; inDefinition: boolean }[] = [
    { offset: 0, dot: { kind: 'root' }, inDefinition: false },
  ];
  const stack: Frame[] = [];
  const dotNow = (): DotScope => stack[stack.length - 1]?.dot ?? { kind: 'root' };
  const inDefinitionNow = (): boolean => stack.some((frame) => frame.keyword === 'define');
  const guardedNow = (path: readonly string[]): boolean =>
    stack.some((frame) => frame.guards.some((guard) => isPrefix(guard, path)));

  for (const action of lexActions(text)) {
    const tokens = tokenize(text, action.bodyStart, action.bodyEnd);
    const first = tokens[0];
    const keyword = first?.type === 'word' ? first.text : undefined;
    const second = tokens[1];
    const elseChain = keyword === 'else' && second?.type === 'word' ? second.text : undefined;
    const dot = dotNow();
    const inDefinition = inDefinitionNow();

    // The reads of the action, with the paths its test (if any) guards.
    const isTest =
      keyword === 'if' ||
      keyword === 'with' ||
      keyword === 'range' ||
      elseChain === 'if' ||
      elseChain === 'with';
    const pipelineFrom = declarationEnd(tokens, elseChain ? 2 : isTest ? 1 : 0);
    const found = readsOf(tokens.slice(pipelineFrom), dot, inDefinition);
    const tested = isTest ? found.map((read) => read.path).concat(found.flatMap((read) => read.hasKey)) : [];
    for (const read of found) {
      reads.push({
        path: read.path,
        start: read.start,
        end: read.end,
        keyOffsets: read.keyOffsets,
        guarded: read.guarded || isTest || guardedNow(read.path) || dot.kind === 'values',
        inDefinition,
      });
    }

    // Named templates.
    let declared: NamedTemplateSite | undefined;
    if ((keyword === 'define' || keyword === 'block') && second?.type === 'string') {
      declared = {
        name: second.text,
        start: second.start,
        end: second.start + second.text.length,
        body: { start: action.end, end: text.length },
      };
      defines.push(declared);
    }
    tokens.forEach((token, index) => {
      const next = tokens[index + 1];
      if (
        token.type === 'word' &&
        (token.text === 'include' || token.text === 'template') &&
        next?.type === 'string'
      ) {
        calls.push({ name: next.text, start: next.start, end: next.start + next.text.length });
      }
    });

    // The structure: which frame is open, and what `.` is.
    const withDot = (): DotScope => {
      const pipeline = tokens.slice(pipelineFrom);
      const only = pipeline.length === 1 ? pipeline[0] : undefined;
      const path = only?.type === 'field' ? valuesPathOf(only.text, dot, inDefinition) : undefined;
      return path ? { kind: 'values', path: path.path } : { kind: 'unknown' };
    };
    if (opensBlock(keyword)) {
      const frameDot: DotScope =
        keyword === 'with'
          ? withDot()
          : keyword === 'range'
            ? { kind: 'unknown' }
            : keyword === 'if'
              ? dot
              : keyword === 'block'
                ? dot
                : { kind: 'root' };
      stack.push({
        keyword,
        guards: tested,
        outerDot: dot,
        dot: frameDot,
        ...(declared ? { define: declared } : {}),
      });
    } else if (keyword === 'else') {
      const frame = stack[stack.length - 1];
      if (frame) {
        frame.guards.push(...tested);
        // `else with x` sets dot to x; a plain `else` of `with`/`range` runs with the outer dot.
        frame.dot = elseChain === 'with' ? withDot() : frame.outerDot;
      }
    } else if (keyword === 'end') {
      const frame = stack.pop();
      if (frame?.define?.body) {
        frame.define.body.end = action.start;
      }
    } else {
      continue;
    }
    scopes.push({ offset: action.end, dot: dotNow(), inDefinition: inDefinitionNow() });
  }

  return {
    reads,
    defines,
    calls,
    scopeAt(offset) {
      let found = scopes[0]!;
      for (const scope of scopes) {
        if (scope.offset > offset) {
          break;
        }
        found = scope;
      }
      return { dot: found.dot, inDefinition: found.inDefinition };
    },
  };
}

interface FoundRead {
  readonly path: string[];
  readonly start: number;
  readonly end: number;
  readonly keyOffsets: number[];
  readonly guarded: boolean;
  /** For `hasKey .Values.a "b"`: the path it tests, `a.b`. */
  readonly hasKey: string[][];
}

/**
 * The values reads of a pipeline's tokens. Commands are split at `|` (outside parentheses); a
 * parenthesised pipeline is an argument of its command. A read is guarded when its command, or
 * a later command of its pipeline (which receives the value: text/template docs, "Pipelines"),
 * or a command around its parentheses, is a guarding function.
 */
function readsOf(tokens: readonly Token[], dot: DotScope, inDefinition: boolean): FoundRead[] {
  const found: FoundRead[] = [];
  let index = 0;
  /** Reads one pipeline up to `)` or the end; returns whether any of its commands guards. */
  const pipeline = (outerGuard: boolean): void => {
    const start = found.length;
    const commandStarts: { from: number; guarding: boolean }[] = [];
    let commandFrom = found.length;
    let commandHead: Token | undefined;
    let commandGuarding = false;
    const closeCommand = (): void => {
      commandStarts.push({ from: commandFrom, guarding: commandGuarding });
    };
    while (index < tokens.length) {
      const token = tokens[index]!;
      if (token.type === ')') {
        index++;
        break;
      }
      if (token.type === '|') {
        closeCommand();
        commandFrom = found.length;
        commandHead = undefined;
        commandGuarding = false;
        index++;
        continue;
      }
      if (!commandHead) {
        commandHead = token;
        commandGuarding = token.type === 'word' && guardingFunctions.has(token.text);
      }
      if (token.type === '(') {
        index++;
        pipeline(outerGuard || commandGuarding);
        continue;
      }
      if (token.type === 'field') {
        const resolved = valuesPathOf(token.text, dot, inDefinition);
        if (resolved) {
          const parts = token.text.replace(/\.$/, '').split('.');
          const keyOffsets: number[] = [];
          let offset = token.start + parts[0]!.length;
          parts.slice(1).forEach((part, partIndex) => {
            offset += 1;
            if (partIndex + 1 >= resolved.keysFrom) {
              keyOffsets.push(offset);
            }
            offset += part.length;
          });
          const prefixLength = resolved.path.length - keyOffsets.length;
          const next = tokens[index + 1];
          const hasKey =
            commandHead.type === 'word' && commandHead.text === 'hasKey' && next?.type === 'string'
              ? [[...resolved.path, next.text]]
              : [];
          found.push({
            path: resolved.path,
            start: token.start,
            end: token.start + token.text.replace(/\.$/, '').length,
            keyOffsets: [...Array<number>(Math.max(0, prefixLength)).fill(token.start), ...keyOffsets],
            guarded: outerGuard || commandGuarding,
            hasKey,
          });
        }
      }
      index++;
    }
    closeCommand();
    // A command feeds the next: a guarding function later in the pipeline receives the value.
    let guardAfter = false;
    for (let command = commandStarts.length - 1; command >= 0; command--) {
      const { from, guarding } = commandStarts[command]!;
      const to = command + 1 < commandStarts.length ? commandStarts[command + 1]!.from : found.length;
      if (guardAfter) {
        for (let read = Math.max(from, start); read < to; read++) {
          found[read] = { ...found[read]!, guarded: true };
        }
      }
      guardAfter ||= guarding;
    }
  };
  while (index < tokens.length) {
    pipeline(false);
  }
  return found;
}

/**
 * Where a pipeline starts after its variable declaration, if any: `$x :=`, `$x =`, `$i, $v :=`
 * (text/template/parse/parse.go `pipeline`: a declaration or assignment comes first).
 */
function declarationEnd(tokens: readonly Token[], from: number): number {
  let index = from;
  const variable = (token: Token | undefined): boolean =>
    token?.type === 'field' && /^\$[A-Za-z_0-9]*$/.test(token.text);
  if (!variable(tokens[index])) {
    return from;
  }
  index++;
  if (
    tokens[index]?.type === 'other' &&
    tokens[index + 1] &&
    variable(tokens[index + 1]) &&
    tokens[index + 2]?.type === 'other'
  ) {
    // `$i, $v :=`
    index += 2;
  }
  if (tokens[index]?.type === 'other') {
    while (tokens[index]?.type === 'other') {
      index++;
    }
    return index;
  }
  return from;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => path[index] === key);
}

/** The builtin objects' fields: https://helm.sh/docs/chart_template_guide/builtin_objects/. */
export const builtinObjects: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Release: {
    Name: 'The release name.',
    Namespace: 'The namespace to be released into (if the manifest doesn’t override).',
    IsUpgrade: 'Set to `true` if the current operation is an upgrade or rollback.',
    IsInstall: 'Set to `true` if the current operation is an install.',
    Revision:
      'The revision number for this release. On install, this is 1, and it is incremented with each upgrade and rollback.',
    Service: 'The service that is rendering the present template. On Helm, this is always `Helm`.',
  },
  Chart: {
    Name: 'The chart’s name (Chart.yaml `name`).',
    Version: 'The chart’s version (Chart.yaml `version`).',
    AppVersion: 'The version of the app the chart contains (Chart.yaml `appVersion`).',
    Description: 'Chart.yaml `description`.',
    ApiVersion: 'Chart.yaml `apiVersion`.',
    Type: 'Chart.yaml `type` (application or library).',
    KubeVersion: 'Chart.yaml `kubeVersion`.',
    Home: 'Chart.yaml `home`.',
    Sources: 'Chart.yaml `sources`.',
    Keywords: 'Chart.yaml `keywords`.',
    Maintainers: 'Chart.yaml `maintainers`.',
    Icon: 'Chart.yaml `icon`.',
    Deprecated: 'Chart.yaml `deprecated`.',
    Annotations: 'Chart.yaml `annotations`.',
    Dependencies: 'Chart.yaml `dependencies`.',
  },
  Capabilities: {
    APIVersions: 'A set of versions (`.Capabilities.APIVersions.Has "batch/v1"`).',
    KubeVersion: 'The Kubernetes version (`.Capabilities.KubeVersion.Version`, `.Major`, `.Minor`).',
    HelmVersion: 'The Helm version (`.Capabilities.HelmVersion.Version`, `.GitCommit`, `.GoVersion`).',
  },
  Template: {
    Name: 'A namespaced file path to the current template (e.g. `mychart/templates/mytemplate.yaml`).',
    BasePath:
      'The namespaced path to the templates directory of the current chart (e.g. `mychart/templates`).',
  },
  Files: {
    Get: 'A function for getting a file by name (`.Files.Get config.ini`).',
    GetBytes: 'A function for getting the contents of a file as an array of bytes.',
    Glob: 'A function that returns a list of files whose names match the given shell glob pattern.',
    Lines: 'A function that reads a file line-by-line.',
    AsSecrets: 'A function that returns the file bodies as Base 64 encoded strings.',
    AsConfig: 'A function that returns file bodies as a YAML map.',
  },
  Values: {},
  Subcharts: {},
};

/** The builtin objects themselves, for completion after `.`. */
export const builtinObjectDescriptions: Readonly<Record<string, string>> = {
  Values: 'Values passed into the template from the values.yaml file and from user-supplied files.',
  Release: 'Describes the release itself.',
  Chart: 'The contents of the Chart.yaml file.',
  Subcharts: 'Access to the scope (.Values, .Charts, .Releases etc.) of subcharts to the parent.',
  Files: 'Access to all non-special files in a chart.',
  Capabilities: 'Information about what capabilities the Kubernetes cluster supports.',
  Template: 'Information about the current template that is being executed.',
};
