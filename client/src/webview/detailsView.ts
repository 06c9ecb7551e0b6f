/**
 * The text around the timeline: the header, kubectl's status row at the cursor, the events, and
 * the explanation of the selected event and of the pod at the cursor.
 */
import { timelineNotes } from '../../../server/src/simulator/backOff';
import type { SimulationResult } from '../../../server/src/simulator/types';
import { el } from './dom';
import type { SimulationSource } from './messages';
import { explainEvent, formatTime, snapshotAt, statusColumns, statusRow } from './timelineModel';
import { podEventField, revealable } from './workloadModel';

export function header(source: SimulationSource, result: SimulationResult): HTMLElement {
  return el(
    'header',
    {},
    el('h1', {}, `${source.kind} ${source.name}`),
    el(
      'span',
      { class: 'muted' },
      ` ${source.fileName} · document ${source.documentIndex + 1} · restartPolicy ${result.pod.restartPolicy} · ${formatTime(result.duration)} simulated`,
    ),
  );
}

export function statusLine(result: SimulationResult, cursor: number, createdAt = 0): HTMLElement {
  const { cells, statusState } = statusRow(result, cursor, createdAt);
  const [name, ready, status, restarts, age, phase] = cells;
  const table = el('table', { class: 'status', id: 'status-line' });
  table.append(
    el('tr', {}, ...statusColumns.map((column) => el('th', {}, column))),
    el(
      'tr',
      {},
      el('td', {}, name),
      el('td', {}, ready),
      el('td', { class: `state-${statusState}` }, status),
      el('td', {}, restarts),
      el('td', {}, age),
      el('td', {}, phase),
    ),
  );
  return table;
}

export function eventList(
  result: SimulationResult,
  cursor: number,
  selected: number | undefined,
  select: (index: number) => void,
): HTMLElement {
  const list = el('ol', { class: 'events', id: 'events' });
  result.events.forEach((event, index) => {
    const item = el(
      'li',
      {
        class: `event ${event.type === 'Warning' ? 'warning-event' : ''} ${event.t > cursor ? 'future' : ''} ${index === selected ? 'selected' : ''}`,
        tabindex: '0',
      },
      el('span', { class: 'time' }, formatTime(event.t)),
      el('span', { class: 'reason' }, event.reason),
      el('span', { class: 'object' }, event.object),
      el('span', { class: 'message' }, event.message),
    );
    item.addEventListener('click', () => select(index));
    item.addEventListener('keydown', (keyboard) => {
      if (keyboard.key === 'Enter' || keyboard.key === ' ') {
        select(index);
      }
    });
    list.append(item);
  });
  return el('section', { class: 'panel' }, el('h2', {}, 'Events'), list);
}

/** Links from an explanation to the line of YAML it names (the extension reveals it). */
export interface FieldLinks {
  /** The fields the extension can reveal (`SimulationSource.fields`). */
  fields: readonly string[] | undefined;
  revealField(key: string): void;
}

export function explanationPanel(
  result: SimulationResult,
  cursor: number,
  selected: number | undefined,
  links?: FieldLinks,
): HTMLElement {
  const panel = el('section', { class: 'panel', id: 'explanation' }, el('h2', {}, 'Why'));
  const event = selected !== undefined ? result.events[selected] : undefined;
  if (event) {
    panel.append(
      el('p', { class: 'why' }, `${event.reason} at ${formatTime(event.t)}: ${explainEvent(event)}`),
    );
    const key = links ? revealable(podEventField(event), links.fields) : undefined;
    if (links && key) {
      // The probe, hook, policy or limit the explanation names, at its line in the manifest.
      const field = key
        .split('.')
        .slice(key.startsWith('container.') ? 2 : 1)
        .join('.');
      const link = el('a', { href: '#', class: 'reveal', 'data-field': key }, `Show ${field} in the YAML`);
      link.addEventListener('click', (click) => {
        click.preventDefault();
        links.revealField(key);
      });
      panel.append(el('p', { class: 'links' }, link));
    }
  }
  const snapshot = snapshotAt(result, cursor);
  const conditions = el('ul', { class: 'conditions' });
  for (const condition of snapshot.podConditions) {
    conditions.append(el('li', {}, condition.explanation));
  }
  const containers = el('ul', { class: 'containers' });
  for (const container of snapshot.containers) {
    containers.append(el('li', {}, `${container.name}: ${container.explanation}`));
  }
  panel.append(el('h3', {}, `At ${formatTime(cursor)}`), conditions, containers);
  // What a real node's timing adds (the restart jitter), as the text timeline notes it.
  for (const note of timelineNotes(result)) {
    panel.append(el('p', { class: 'note muted' }, note));
  }
  return panel;
}
