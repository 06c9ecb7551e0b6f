/**
 * The timeline chart (an SVG: one lane per band and container, the axis, the time cursor), its
 * legend and the time slider. Views take data and callbacks; the panel owns the state.
 */
import type { SimulationResult } from '../../../server/src/simulator/types';
import { el, svg, svgTitle } from './dom';
import { axisTicks, formatTime, legend, timelineLanes } from './timelineModel';

const laneHeight = 22;
const labelWidth = 150;

export interface TimelineActions {
  moveCursor(t: number): void;
  revealContainer(name: string): void;
}

/** The width of the time axis: the panel's width, so that a narrow panel shows the whole run. */
function chartWidth(): number {
  return Math.max(240, Math.min(1400, (document.body.clientWidth || 900) - labelWidth - 60));
}

export function timelineChart(
  result: SimulationResult,
  cursor: number,
  actions: TimelineActions,
): HTMLElement {
  const width = chartWidth();
  const scale = (t: number): number => labelWidth + (t / Math.max(1, result.duration)) * width;
  const lanes = timelineLanes(result);
  const height = (lanes.length + 1) * laneHeight + 8;
  const chart = svg('svg', {
    width: labelWidth + width + 10,
    height,
    class: 'timeline',
    role: 'img',
    'aria-label': 'Pod lifecycle timeline',
  });
  for (const t of axisTicks(result.duration)) {
    const x = scale(t);
    chart.append(svg('line', { x1: x, x2: x, y1: 0, y2: height - laneHeight, class: 'grid' }));
    const tick = svg('text', { x, y: height - 6, class: 'tick', 'text-anchor': 'middle' });
    tick.textContent = formatTime(t);
    chart.append(tick);
  }
  lanes.forEach((lane, index) => {
    const y = index * laneHeight + 2;
    const label = svg('text', {
      x: 4,
      y: y + 15,
      class: lane.container ? 'lane-label clickable' : 'lane-label',
    });
    label.textContent = lane.label;
    const group = svg('g', { class: `lane lane-${lane.kind}`, 'data-lane': lane.label });
    group.append(label);
    for (const segment of lane.segments) {
      const rect = svg('rect', {
        x: scale(segment.from),
        y: y + 3,
        width: Math.max(1, scale(segment.to) - scale(segment.from)),
        height: laneHeight - 6,
        class: `segment state-${segment.state}`,
        rx: 2,
      });
      rect.append(
        svgTitle(`${lane.label}: ${segment.label} (${formatTime(segment.from)}–${formatTime(segment.to)})`),
      );
      group.append(rect);
    }
    for (const t of lane.restarts) {
      const marker = svg('line', { x1: scale(t), x2: scale(t), y1: y, y2: y + laneHeight, class: 'restart' });
      marker.append(svgTitle(`${lane.label}: restarted at ${formatTime(t)}`));
      group.append(marker);
    }
    if (lane.container) {
      const name = lane.container;
      group.addEventListener('click', () => actions.revealContainer(name));
    }
    chart.append(group);
  });
  const cursorX = scale(cursor);
  chart.append(svg('line', { x1: cursorX, x2: cursorX, y1: 0, y2: height - laneHeight, class: 'cursor' }));
  chart.addEventListener('click', (event) => {
    const target = event.target as Element;
    // A container's name reveals the container; it does not move the cursor.
    if (target.closest('.lane-container') && target.classList.contains('lane-label')) {
      return;
    }
    const x = event.clientX - chart.getBoundingClientRect().left;
    if (x >= labelWidth) {
      actions.moveCursor(Math.round(((x - labelWidth) / width) * result.duration));
    }
  });
  const wrapper = el('div', { class: 'timeline-wrapper' });
  wrapper.append(chart);
  return wrapper;
}

export function legendRow(): HTMLElement {
  const row = el('div', { class: 'legend' });
  for (const [state, label] of legend) {
    const swatch = svg('svg', { width: 12, height: 12 });
    swatch.append(svg('rect', { width: 12, height: 12, class: `segment state-${state}`, rx: 2 }));
    row.append(el('span', {}, swatch, label));
  }
  return row;
}

export function cursorSlider(
  result: { duration: number },
  cursor: number,
  actions: TimelineActions,
): HTMLElement {
  const input = el('input', {
    type: 'range',
    min: '0',
    max: String(result.duration),
    step: '1',
    value: String(cursor),
    'aria-label': 'Time',
  });
  input.addEventListener('input', () => actions.moveCursor(Number(input.value)));
  return el('label', { class: 'cursor-control' }, `t = ${formatTime(cursor)} `, input);
}
