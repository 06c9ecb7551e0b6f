/**
 * The scenario controls, built from the scenario's schema (server/src/simulator/scenarioSchema.ts):
 * each field with an `x-form` hint gets its control, in the schema's order — the pod's fields in
 * one fieldset, each container's in one of its own. The form edits `state.scenario` in place and
 * stays in place across renders, so that typing is never interrupted.
 */
import { isJsonObject } from '../../../server/src/common/guards';
import {
  type ScenarioFormHint,
  scenarioSchema,
  type ScenarioSchemaNode,
} from '../../../server/src/simulator/scenarioSchema';
import type { ContainerType, FailWindow, SimulationResult } from '../../../server/src/simulator/types';
import { el } from './dom';
import type { PanelState } from './state';

export interface ScenarioFormActions {
  /** A field changed; `state.scenario` holds the change. */
  changed(): void;
  /** The reset button: the scenario is to start over. */
  reset(): void;
  exportScenario(): void;
}

type Fields = Record<string, unknown>;

/** Which simulation the form is for: a single pod, or a workload's controller and cluster. */
export type ScenarioLevel = 'pod' | 'workload';

/** Where a control reads and writes its field: the mapping is looked up when it is used. */
interface Binding {
  /** The mapping, if it exists. */
  read(): Fields | undefined;
  /** The mapping, created when missing. */
  target(): Fields;
  key: string;
}

export class ScenarioForm {
  private section: HTMLElement | undefined;
  private sectionKey = '';
  private level: ScenarioLevel = 'pod';
  /** The pod's containers, for controls per container inside another field (an update's). */
  private containers: readonly { name: string; type: ContainerType }[] = [];

  constructor(
    private readonly state: PanelState,
    private readonly actions: ScenarioFormActions,
  ) {}

  /**
   * The form for the pod's containers at a level: the same element until they or the level change
   * or `rebuild` is called.
   */
  element(result: SimulationResult | undefined, level: ScenarioLevel = 'pod'): HTMLElement {
    const key = JSON.stringify([
      level,
      result?.pod.containers.map((container) => [container.name, container.type]) ?? [],
    ]);
    if (!this.section || key !== this.sectionKey) {
      this.level = level;
      this.section = this.build(result);
      this.sectionKey = key;
    }
    return this.section;
  }

  /** Builds the form again from the scenario (after a reset, or for another document). */
  rebuild(): void {
    this.section = undefined;
  }

  private build(result: SimulationResult | undefined): HTMLElement {
    this.containers = result?.pod.containers ?? [];
    const section = el('section', { class: 'panel scenario', id: 'scenario' }, el('h2', {}, 'Scenario'));
    const pod = el('fieldset', {}, el('legend', {}, this.level === 'workload' ? 'Cluster' : 'Pod'));
    const scenario = (): Fields => this.state.scenario as Fields;
    for (const [key, node] of Object.entries(scenarioSchema.properties ?? {})) {
      pod.append(...this.controls(node, { read: scenario, target: scenario, key }, 'pod'));
    }
    section.append(pod);
    const containerNode = scenarioSchema.properties?.containers?.additionalProperties || {};
    result?.pod.containers.forEach((container, index) => {
      const fields = el(
        'fieldset',
        { 'data-container': container.name },
        el('legend', {}, `${container.name} (${container.type})`),
      );
      const read = (): Fields | undefined =>
        this.state.scenario.containers?.[container.name] as Fields | undefined;
      const target = (): Fields => {
        const containers = (this.state.scenario.containers ??= {});
        return (containers[container.name] ??= {}) as Fields;
      };
      for (const [key, node] of Object.entries(containerNode.properties ?? {})) {
        fields.append(...this.controls(node, { read, target, key }, `c${index}`, container.type));
      }
      section.append(fields);
    });
    const reset = el('button', { type: 'button', id: 'reset-scenario' }, 'Reset scenario');
    reset.addEventListener('click', () => this.actions.reset());
    const exportButton = el('button', { type: 'button', id: 'export-scenario' }, 'Export scenario…');
    exportButton.addEventListener('click', () => this.actions.exportScenario());
    section.append(el('div', { class: 'buttons' }, reset, exportButton));
    return section;
  }

  /**
   * The controls of one field, as its hint asks (none without one); ids start with `prefix`. A
   * container's field whose hint names other container types gets none.
   */
  private controls(
    node: ScenarioSchemaNode,
    binding: Binding,
    prefix: string,
    containerType?: ContainerType,
  ): HTMLElement[] {
    const hint: ScenarioFormHint | undefined = node['x-form'];
    if (hint?.level !== undefined && hint.level !== this.level) {
      return [];
    }
    if (
      hint?.control === 'number' &&
      hint.containerTypes &&
      (containerType === undefined || !hint.containerTypes.includes(containerType))
    ) {
      return [];
    }
    const id = `${prefix}-${binding.key}`;
    const current = (): unknown => binding.read()?.[binding.key];
    switch (hint?.control) {
      case undefined:
        return [];
      case 'number':
        return [
          this.numberField(hint.label, numberOrUndefined(current()), id, (value) => set(binding, value)),
        ];
      case 'checkbox':
        return [
          this.checkbox(hint.label, current() === hint.checked, id, (checked) =>
            set(binding, checked ? hint.checked : undefined),
          ),
        ];
      case 'field': {
        // A mapping edited through one field (a hook's seconds): emptying it removes the mapping.
        const field = hint.field;
        const value = current();
        const shown = isJsonObject(value) ? numberOrUndefined(value[field]) : undefined;
        return [
          this.numberField(hint.label, shown, id, (seconds) => {
            const mapping = current();
            set(
              binding,
              seconds === undefined
                ? undefined
                : { ...(isJsonObject(mapping) ? mapping : {}), [field]: seconds },
            );
          }),
        ];
      }
      case 'text':
        return [
          this.textField(hint.label, stringOrUndefined(current()), id, hint.placeholder, (value) =>
            set(binding, value),
          ),
        ];
      case 'windows':
        return hint.order.map((probe) => this.windowRow(node, binding, probe, `${prefix}-${probe}`));
      case 'firstItem':
        return [this.firstItemRow(node, binding, hint.label, hint.required, id)];
      case 'containers':
        // Only inside a firstItem row, which knows the item it writes.
        return [];
    }
  }

  /**
   * "node loss: node [ ] lost at [ ] returns at [ ]": the first item of a list, one control per
   * field of the item with a hint. The item is written once its required fields have values (the
   * others typed so far wait in the row), and removed with the list when one is emptied.
   */
  private firstItemRow(
    field: ScenarioSchemaNode,
    binding: Binding,
    label: string,
    required: readonly string[],
    id: string,
  ): HTMLElement {
    const stored = binding.read()?.[binding.key];
    const list = field.type === 'array' || Array.isArray(stored);
    const first: unknown = Array.isArray(stored) ? (stored as unknown[])[0] : stored;
    const draft: Fields = isJsonObject(first) ? structuredClone(first) : {};
    const itemNode = field.items ?? field.anyOf?.find((branch) => branch.type === 'object');
    const itemBinding = (key: string): Binding => ({ read: () => draft, target: () => draft, key });
    const row = el('span', { class: 'item', id }, label);
    for (const [key, node] of Object.entries(itemNode?.properties ?? {})) {
      const hint = node['x-form'];
      if (hint?.control === 'containers') {
        row.append(...this.containerRows(node, draft, key, `${id}-${key}`, hint.label));
      } else {
        row.append(...this.controls(node, itemBinding(key), id));
      }
    }
    // A control changes the draft and queues the scenario (which goes after a short delay); its
    // change then bubbles here, where the field is written from the draft.
    row.addEventListener('change', () => {
      const complete = required.every((key) => draft[key] !== undefined);
      if (!complete) {
        set(binding, undefined);
        return;
      }
      const rest: unknown[] = Array.isArray(stored) ? (stored as unknown[]).slice(1) : [];
      const item = structuredClone(draft);
      set(binding, list ? [item, ...rest] : item);
    });
    return row;
  }

  /** The container controls of each of the pod's containers, writing `draft[key][name]`. */
  private containerRows(
    node: ScenarioSchemaNode,
    draft: Fields,
    key: string,
    id: string,
    label: string,
  ): HTMLElement[] {
    const containerNode = node.additionalProperties || {};
    return this.containers.map((container, index) => {
      const read = (): Fields | undefined => {
        const containers = draft[key];
        return isJsonObject(containers) ? (containers[container.name] as Fields | undefined) : undefined;
      };
      const target = (): Fields => {
        const containers = isJsonObject(draft[key]) ? draft[key] : (draft[key] = {});
        return (containers[container.name] ??= {}) as Fields;
      };
      const fields = el(
        'span',
        { class: 'item', 'data-container': container.name },
        `${label} ${container.name}:`,
      );
      for (const [field, child] of Object.entries(containerNode.properties ?? {})) {
        fields.append(
          ...this.controls(child, { read, target, key: field }, `${id}-c${index}`, container.type),
        );
      }
      return fields;
    });
  }

  private textField(
    label: string,
    value: string | undefined,
    id: string,
    placeholder: string | undefined,
    onChange: (value: string | undefined) => void,
  ): HTMLElement {
    const input = el('input', {
      type: 'text',
      id,
      value: value ?? '',
      ...(placeholder !== undefined ? { placeholder } : {}),
    });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      onChange(text === '' ? undefined : text);
      this.actions.changed();
    });
    return el('label', { for: id }, label, input);
  }

  /** "startup probe fails from [ ] until [ ]": the first failure window of one probe. */
  private windowRow(probes: ScenarioSchemaNode, binding: Binding, probe: string, id: string): HTMLElement {
    const windowNode = probes.properties?.[probe]?.anyOf?.find((branch) => branch.type === 'object');
    const window = (): FailWindow | undefined => {
      const all = binding.read()?.[binding.key];
      const windows = isJsonObject(all) ? all[probe] : undefined;
      return (Array.isArray(windows) ? windows[0] : windows) as FailWindow | undefined;
    };
    const row = el('span', { class: 'probe' });
    let prefix = `${probe} probe `;
    for (const [key, node] of Object.entries(windowNode?.properties ?? {})) {
      const hint = node['x-form'];
      if (hint?.control !== 'number') {
        continue;
      }
      const update = (value: number | undefined): void => {
        const probesValue = binding.target()[binding.key];
        const probes = isJsonObject(probesValue) ? probesValue : {};
        const next: Fields = { ...(window() ?? {}) };
        setField(next, key, value);
        setField(probes, probe, Object.keys(next).length > 0 ? next : undefined);
        set(binding, probes);
      };
      const current = window()?.[key as keyof FailWindow];
      row.append(`${prefix}${hint.label}`, this.numberField('', current, `${id}-${hint.id ?? key}`, update));
      prefix = '';
    }
    return row;
  }

  private numberField(
    label: string,
    value: number | undefined,
    id: string,
    onChange: (value: number | undefined) => void,
  ): HTMLElement {
    const input = el('input', {
      type: 'number',
      min: '0',
      step: '1',
      id,
      value: value === undefined ? '' : String(value),
    });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      const parsed = Number(text);
      onChange(text === '' || !Number.isFinite(parsed) ? undefined : parsed);
      this.actions.changed();
    });
    return el('label', { for: id }, label, input);
  }

  private checkbox(
    label: string,
    checked: boolean,
    id: string,
    onChange: (checked: boolean) => void,
  ): HTMLElement {
    const input = el('input', { type: 'checkbox', id });
    input.checked = checked;
    input.addEventListener('change', () => {
      onChange(input.checked);
      this.actions.changed();
    });
    return el('label', { for: id, class: 'check' }, input, label);
  }
}

function set(binding: Binding, value: unknown): void {
  setField(binding.target(), binding.key, value);
}

function setField(target: Fields, key: string, value: unknown): void {
  if (value === undefined) {
    delete target[key];
  } else {
    target[key] = value;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
