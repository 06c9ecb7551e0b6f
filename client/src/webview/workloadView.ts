/**
 * The workload's view: a chart of the controller's conditions, the Service's ready endpoints, the
 * events, and one lane per pod grouped by revision (created and removed marks, restarts), on one
 * time axis; kubectl's row for the workload at the cursor; the events and why. Clicking a pod
 * opens its detailed timeline. Views take data and callbacks; the panel owns the state.
 */
import type { WorkloadSimulationResult } from '../../../server/src/simulator/types';
import { el, svg, svgTitle } from './dom';
import type { SimulationSource } from './messages';
import { axisTicks, formatTime, type Segment } from './timelineModel';
import {
  conditionExplanations,
  conditionLanes,
  endpointSteps,
  podHover,
  revealable,
  revisionGroups,
  workloadEventField,
  workloadLegend,
  workloadStatusRow,
} from './workloadModel';

const laneHeight = 22;
const labelWidth = 190;
const endpointsHeight = 44;

export interface WorkloadActions {
  moveCursor(t: number): void;
  openPod(pod: number, t: number): void;
  selectEvent(index: number): void;
  revealField(key: string): void;
}

function chartWidth(): number {
  return Math.max(240, Math.min(1400, (document.body.clientWidth || 900) - labelWidth - 60));
}

export function workloadHeader(source: SimulationSource, result: WorkloadSimulationResult): HTMLElement {
  const lost = result.nodes.filter((node) => node.lostAt !== null).map((node) => node.name);
  return el(
    'header',
    {},
    el('h1', {}, `${source.kind} ${source.name}`),
    el(
      'span',
      { class: 'muted' },
      ` ${source.fileName} · document ${source.documentIndex + 1} · ${result.pods.length} pods on ${result.nodes.length} nodes${lost.length > 0 ? ` (${lost.join(', ')} lost)` : ''} · ${formatTime(result.duration)} simulated`,
    ),
  );
}

function segmentRects(
  segments: readonly Segment[],
  y: number,
  scale: (t: number) => number,
  title: (segment: Segment) => string,
): SVGElement[] {
  return segments.map((segment) => {
    const rect = svg('rect', {
      x: scale(segment.from),
      y: y + 3,
      width: Math.max(1, scale(segment.to) - scale(segment.from)),
      height: laneHeight - 6,
      class: `segment state-${segment.state}`,
      rx: 2,
    });
    rect.append(svgTitle(title(segment)));
    return rect;
  });
}

function laneLabel(text: string, y: number, clickable = false): SVGTextElement {
  const label = svg('text', { x: 4, y: y + 15, class: clickable ? 'lane-label clickable' : 'lane-label' });
  label.textContent = text;
  return label;
}

export function workloadChart(
  result: WorkloadSimulationResult,
  cursor: number,
  actions: WorkloadActions,
): HTMLElement {
  const width = chartWidth();
  const duration = Math.max(1, result.duration);
  const scale = (t: number): number => labelWidth + (Math.min(t, duration) / duration) * width;
  const toTime = (x: number): number => Math.round(((x - labelWidth) / width) * duration);
  const conditions = conditionLanes(result);
  const groups = revisionGroups(result);
  const steps = endpointSteps(result);
  const maxEndpoints = Math.max(1, ...steps.map((step) => step.count));
  const rows = conditions.length + 1 + groups.reduce((sum, group) => sum + 1 + group.pods.length, 0);
  const height = rows * laneHeight + endpointsHeight + laneHeight * 2 + 8;
  const chart = svg('svg', {
    width: labelWidth + width + 10,
    height,
    class: 'timeline workload',
    role: 'img',
    'aria-label': `${result.workload.kind} ${result.workload.name}: conditions, ready endpoints, events and pods over time`,
  });
  const plotBottom = height - laneHeight * 2;
  for (const t of axisTicks(result.duration)) {
    const x = scale(t);
    chart.append(svg('line', { x1: x, x2: x, y1: 0, y2: plotBottom, class: 'grid' }));
    const tick = svg('text', { x, y: plotBottom + 14, class: 'tick', 'text-anchor': 'middle' });
    tick.textContent = formatTime(t);
    chart.append(tick);
  }
  const caption = svg('text', {
    x: labelWidth + width / 2,
    y: height - 4,
    class: 'tick',
    'text-anchor': 'middle',
  });
  caption.textContent = 'time since the workload was created (s, m, h)';
  chart.append(caption);

  let y = 2;
  for (const lane of conditions) {
    const group = svg('g', { class: 'lane lane-condition', 'data-lane': lane.type });
    group.append(
      laneLabel(lane.type, y),
      ...segmentRects(
        lane.segments,
        y,
        scale,
        (segment) => `${segment.label} (${formatTime(segment.from)}–${formatTime(segment.to)})`,
      ),
    );
    chart.append(group);
    y += laneHeight;
  }

  // The Service's ready endpoints: a step line over a faint area, with the count at each step.
  const endpoints = svg('g', { class: 'lane lane-endpoints', 'data-lane': 'endpoints' });
  endpoints.append(laneLabel(`Ready endpoints (0–${maxEndpoints})`, y + endpointsHeight / 2 - 11));
  const top = y + 4;
  const bottom = y + endpointsHeight - 4;
  const level = (count: number): number => bottom - (count / maxEndpoints) * (bottom - top);
  let path = '';
  for (const step of steps) {
    path += `${path ? 'L' : 'M'}${scale(step.from)},${level(step.count)} L${scale(step.to)},${level(step.count)} `;
    const block = svg('rect', {
      x: scale(step.from),
      y: level(step.count),
      width: Math.max(0, scale(step.to) - scale(step.from)),
      height: bottom - level(step.count),
      class: 'endpoints-area',
    });
    block.append(
      svgTitle(
        `${step.count} ready endpoint${step.count === 1 ? '' : 's'} (${formatTime(step.from)}–${formatTime(step.to)})`,
      ),
    );
    endpoints.append(block);
    if (scale(step.to) - scale(step.from) >= 14) {
      const count = svg('text', {
        x: scale(step.from) + 3,
        y: level(step.count) - 2,
        class: 'endpoint-count',
      });
      count.textContent = String(step.count);
      endpoints.append(count);
    }
  }
  endpoints.append(svg('path', { d: path.trim(), class: 'endpoints-line' }));
  chart.append(endpoints);
  y += endpointsHeight;

  // The events, as marks: a warning stands out.
  const events = svg('g', { class: 'lane lane-events', 'data-lane': 'events' });
  events.append(laneLabel('Events', y));
  result.events.forEach((event, index) => {
    const mark = svg('rect', {
      x: scale(event.t) - 2,
      y: y + 4,
      width: 4,
      height: laneHeight - 8,
      class: `event-mark ${event.type === 'Warning' ? 'warning-mark' : ''}`,
      'data-event': index,
    });
    mark.append(svgTitle(`${formatTime(event.t)} ${event.reason} ${event.object}: ${event.message}`));
    mark.addEventListener('click', (click) => {
      click.stopPropagation();
      actions.selectEvent(index);
    });
    events.append(mark);
  });
  chart.append(events);
  y += laneHeight;

  for (const group of groups) {
    const heading = svg('text', { x: 4, y: y + 15, class: 'revision-label' });
    heading.textContent = `revision ${group.revision} · ${group.pods.length} pod${group.pods.length === 1 ? '' : 's'}`;
    chart.append(heading);
    y += laneHeight;
    for (const lane of group.pods) {
      const pod = result.pods[lane.pod]!;
      const row = svg('g', {
        class: 'lane lane-pod',
        'data-pod': lane.pod,
        'data-lane': pod.name,
        'data-revision': group.revision,
        tabindex: 0,
        role: 'button',
        'aria-label': `${pod.name}: open its timeline`,
      });
      row.append(
        laneLabel(lane.label, y, true),
        ...segmentRects(
          lane.segments,
          y,
          scale,
          (segment) =>
            `${podHover(pod, segment.from)}\n(${segment.label}, ${formatTime(segment.from)}–${formatTime(segment.to)}; click for its timeline)`,
        ),
      );
      const created = svg('path', {
        d: `M${scale(lane.createdAt)},${y + 1} l4,0 l-4,5 z`,
        class: 'created-mark',
      });
      created.append(svgTitle(`${pod.name} created at ${formatTime(lane.createdAt)}`));
      row.append(created);
      if (lane.deletedAt !== null && lane.deletedAt <= result.duration) {
        const x = scale(lane.deletedAt);
        const removed = svg('path', {
          d: `M${x - 3},${y + 5} l6,12 M${x + 3},${y + 5} l-6,12`,
          class: 'deleted-mark',
        });
        removed.append(svgTitle(`${pod.name} removed at ${formatTime(lane.deletedAt)}`));
        row.append(removed);
      }
      for (const t of lane.restarts) {
        const marker = svg('line', {
          x1: scale(t),
          x2: scale(t),
          y1: y,
          y2: y + laneHeight,
          class: 'restart',
        });
        marker.append(svgTitle(`${pod.name}: a container restarted at ${formatTime(t)}`));
        row.append(marker);
      }
      const index = lane.pod;
      row.addEventListener('click', (click) => {
        click.stopPropagation();
        const x = click.clientX - chart.getBoundingClientRect().left;
        actions.openPod(index, x >= labelWidth ? toTime(x) : cursor);
      });
      row.addEventListener('keydown', (keyboard) => {
        if (keyboard.key === 'Enter' || keyboard.key === ' ') {
          actions.openPod(index, cursor);
        }
      });
      chart.append(row);
      y += laneHeight;
    }
  }

  const cursorX = scale(cursor);
  chart.append(svg('line', { x1: cursorX, x2: cursorX, y1: 0, y2: plotBottom, class: 'cursor' }));
  chart.addEventListener('click', (click) => {
    const x = click.clientX - chart.getBoundingClientRect().left;
    if (x >= labelWidth) {
      actions.moveCursor(toTime(x));
    }
  });
  const wrapper = el('div', { class: 'timeline-wrapper' });
  wrapper.append(chart);
  return wrapper;
}

export function workloadLegendRow(): HTMLElement {
  const row = el('div', { class: 'legend' });
  for (const [state, label] of workloadLegend) {
    const swatch = svg('svg', { width: 12, height: 12 });
    swatch.append(svg('rect', { width: 12, height: 12, class: `segment state-${state}`, rx: 2 }));
    row.append(el('span', {}, swatch, label));
  }
  const created = svg('svg', { width: 12, height: 12 });
  created.append(svg('path', { d: 'M2,2 l8,0 l-8,9 z', class: 'created-mark' }));
  const removed = svg('svg', { width: 12, height: 12 });
  removed.append(svg('path', { d: 'M2,2 l8,8 M10,2 l-8,8', class: 'deleted-mark' }));
  row.append(el('span', {}, created, 'created'), el('span', {}, removed, 'removed'));
  return row;
}

export function workloadStatusLine(result: WorkloadSimulationResult, cursor: number): HTMLElement {
  const { columns, cells, endpoints } = workloadStatusRow(result, cursor);
  const table = el('table', { class: 'status', id: 'status-line' });
  table.append(
    el('tr', {}, ...columns.map((column) => el('th', {}, column)), el('th', {}, 'READY ENDPOINTS')),
    el('tr', {}, ...cells.map((cell) => el('td', {}, cell)), el('td', {}, String(endpoints))),
  );
  return table;
}

function fieldLink(key: string, actions: WorkloadActions): HTMLElement {
  const field = key.split('.').slice(1).join('.');
  const link = el('a', { href: '#', class: 'reveal', 'data-field': key }, `Show spec.${field} in the YAML`);
  link.addEventListener('click', (click) => {
    click.preventDefault();
    actions.revealField(key);
  });
  return link;
}

export function workloadEventList(
  result: WorkloadSimulationResult,
  cursor: number,
  selected: number | undefined,
  actions: WorkloadActions,
): HTMLElement {
  const list = el('ol', { class: 'events workload-events', id: 'events' });
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
    item.addEventListener('click', () => actions.selectEvent(index));
    item.addEventListener('keydown', (keyboard) => {
      if (keyboard.key === 'Enter' || keyboard.key === ' ') {
        actions.selectEvent(index);
      }
    });
    list.append(item);
  });
  return el('section', { class: 'panel' }, el('h2', {}, 'Events'), list);
}

export function workloadExplanation(
  result: WorkloadSimulationResult,
  source: SimulationSource,
  cursor: number,
  selected: number | undefined,
  actions: WorkloadActions,
): HTMLElement {
  const panel = el('section', { class: 'panel', id: 'explanation' }, el('h2', {}, 'Why'));
  const event = selected !== undefined ? result.events[selected] : undefined;
  if (event) {
    const why = el(
      'p',
      { class: 'why' },
      `${event.reason} at ${formatTime(event.t)}: ${event.explanation ?? event.message}`,
    );
    const field = revealable(workloadEventField(event), source.fields);
    const links = el('p', { class: 'links' });
    if (field) {
      links.append(fieldLink(field, actions));
    }
    const pod = event.pod;
    if (pod !== undefined && result.pods[pod]) {
      const open = el('a', { href: '#', class: 'open-pod' }, `Open ${result.pods[pod].name}'s timeline`);
      open.addEventListener('click', (click) => {
        click.preventDefault();
        actions.openPod(pod, event.t);
      });
      links.append(open);
    }
    panel.append(why);
    if (links.childNodes.length > 0) {
      panel.append(links);
    }
  }
  panel.append(el('h3', {}, `At ${formatTime(cursor)}`));
  const list = el('ul', { class: 'conditions' });
  for (const { text, field } of conditionExplanations(result, cursor)) {
    const item = el('li', {}, text);
    const key = revealable(field, source.fields);
    if (key) {
      item.append(' ', fieldLink(key, actions));
    }
    list.append(item);
  }
  panel.append(list);
  for (const note of result.notes) {
    panel.append(el('p', { class: 'note muted' }, note));
  }
  return panel;
}
