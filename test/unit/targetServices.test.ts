import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover, Position } from 'vscode-languageserver-types';
import { defaultSettings, type PodscopeSettings } from '../../server/src/common/settings';
import { spanText } from '../../server/src/service/hover';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { withCursor } from '../support/cursor';
import { minorsCatalog } from '../support/minorsCatalog';
import { yamlDocument } from '../support/service';

let shared: LanguageService | undefined;
function service(): LanguageService {
  shared ??= getLanguageService({ catalog: minorsCatalog() });
  return shared;
}

const at = (kubernetesVersion: number | undefined): PodscopeSettings => ({
  ...defaultSettings,
  kubernetesVersion,
});

function answer<T>(
  fixture: string,
  ask: (text: ReturnType<typeof yamlDocument>, position: Position) => T,
): T {
  const { text, position } = withCursor(fixture);
  const document = yamlDocument(text);
  try {
    return ask(document, position);
  } finally {
    service().closeDocument(document.uri);
  }
}

function labels(fixture: string, minor: number | undefined): string[] {
  return answer(fixture, (document, position) =>
    service()
      .doComplete(document, position, at(minor))
      .items.map((item: CompletionItem) => item.label),
  );
}

function markdown(fixture: string, minor: number | undefined): string {
  const result: Hover | null = answer(fixture, (document, position) =>
    service().doHover(document, position, at(minor)),
  );
  return result ? (result.contents as { value: string }).value : '';
}

const container =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n';

describe('services at the target Kubernetes minor', () => {
  it('completion offers only the fields and enum values the target has', () => {
    const lifecycle = `${container}      lifecycle:\n        |\n`;
    assert.ok(labels(lifecycle, 36).includes('stopSignal'));
    assert.ok(labels(lifecycle, 33).includes('stopSignal'));
    assert.ok(!labels(lifecycle, 32).includes('stopSignal'));
    assert.deepEqual(labels(lifecycle, 31), ['postStart', 'preStop']);
    const operator = `${container}  tolerations:\n    - operator: |\n`;
    assert.deepEqual(labels(operator, 31).sort(), ['Equal', 'Exists']);
    assert.deepEqual(labels(operator, undefined).sort(), ['Equal', 'Exists', 'Gt', 'Lt']);
    const podSpec = 'apiVersion: v1\nkind: Pod\nspec:\n  |\n';
    assert.ok(labels(podSpec, 35).includes('workloadRef'));
    assert.ok(!labels(podSpec, 36).includes('workloadRef'));
  });

  it("completion of kinds offers the target's API versions", () => {
    const kinds = (minor: number): string[] =>
      labels('apiVersion: flowcontrol.apiserver.k8s.io/|\n', minor).filter((label) =>
        label.includes('v1beta3'),
      );
    assert.ok(kinds(31).length > 0);
    assert.deepEqual(kinds(32), []);
  });

  it("hover says since when a field was added, until when it was removed, and reads the target's text", () => {
    const stopSignal = `${container}      lifecycle:\n        stop|Signal: SIGTERM\n`;
    assert.equal(
      markdown(stopSignal, undefined).split('\n')[0],
      '**`pod.spec.containers.lifecycle.stopSignal`** `<string>` *(since 1.33)*',
    );
    assert.equal(markdown(stopSignal, 31), '', 'the field is not in 1.31');
    assert.equal(
      markdown('apiVersion: v1\nkind: Pod\nspec:\n  workload|Ref: x\n', 35).split('\n')[0],
      '**`pod.spec.workloadRef`** `<string>` *(only 1.35)*',
    );
    assert.equal(
      markdown(`${container}  tolerations:\n    - operator: G|t\n`, 36).split('\n')[0],
      '`Gt` *(since 1.35)* is one of the allowed values of `operator`.',
    );
    // The generated catalog's description variants: PodSpec.nodeName's text changed in 1.32.
    const nodeName = 'apiVersion: v1\nkind: Pod\nspec:\n  node|Name: x\n';
    assert.ok(
      markdown(nodeName, 31).includes('\n\nNodeName is a request to schedule this pod onto a specific node.'),
    );
    assert.ok(markdown(nodeName, 36).includes('\n\nNodeName indicates in which node this pod is scheduled.'));
  });

  it('a kind the target does not serve is read at the nearest minor that serves it', () => {
    const flowSchema = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nspec:\n  |\n';
    assert.ok(labels(flowSchema, 36).includes('priorityLevelConfiguration'));
    const view = answer(flowSchema, (document, position) =>
      service().catalogFor(at(36), document, position.line),
    );
    assert.equal(view.minor, 31);
    assert.equal(service().catalogFor(at(33)).minor, 33);
  });

  it('document info: whether a file holds Kubernetes objects, and the target minor', () => {
    const info = (text: string, minor: number | undefined) =>
      service().getDocumentInfo(yamlDocument(text), at(minor));
    assert.deepEqual(info(container, 31), { kubernetes: true, kubernetesVersion: '1.31' });
    assert.deepEqual(info(container, undefined), { kubernetes: true, kubernetesVersion: '1.36' });
    assert.deepEqual(info(container, 12), { kubernetes: true, kubernetesVersion: '1.31' });
    assert.deepEqual(info('name: not kubernetes\nvalues: [1]\n', 33), {
      kubernetes: false,
      kubernetesVersion: '1.33',
    });
  });

  it('words a span for hover', () => {
    const catalog = minorsCatalog();
    assert.equal(spanText(catalog, [33, 36]), 'since 1.33');
    assert.equal(spanText(catalog, [31, 35]), 'until 1.35');
    assert.equal(spanText(catalog, [32, 34]), '1.32 to 1.34');
    assert.equal(spanText(catalog, [31, 36]), undefined);
    assert.equal(spanText(catalog, undefined), undefined);
  });
});
