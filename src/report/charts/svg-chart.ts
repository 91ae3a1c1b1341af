import { escapeHtml } from '../html/escape.js';
import type { Tick } from './scale.js';

/** A colour of the report's palette; the page's stylesheet maps each to a colour (light and dark). */
export type ChartColour = 'blue' | 'green' | 'amber' | 'red' | 'purple' | 'teal' | 'grey' | 'sky';

export interface ChartSeries {
  name: string;
  colour: ChartColour;
  /** [x, y] in axis units; a null y breaks the line (no data there). */
  points: readonly (readonly [number, number | null])[];
  /** `area` fills under the line. */
  style?: 'line' | 'area';
  dashed?: boolean;
  thin?: boolean;
  /** Extra text after the name in the legend (e.g. "max 412ms"). */
  note?: string;
  /** One entry per point: a dot with a tooltip, and a link when `href` is set (e.g. to a run's report). */
  dots?: readonly (ChartDot | null)[];
}

export interface ChartDot {
  title: string;
  href?: string | null;
}

/** A shaded band between a low and a high line (e.g. a confidence interval), drawn under the series. */
export interface ChartBand {
  name: string;
  colour: ChartColour;
  /** [x, low, high] in axis units; a null breaks the band. */
  points: readonly (readonly [number, number | null, number | null])[];
}

export interface ChartAxis {
  label: string;
  min: number;
  max: number;
  ticks: Tick[];
}

/** A mark under the x axis where something happened (errors, violations), clear of the lines. */
export interface ChartMarker {
  x: number;
  /** Row 0 sits just under the x axis, row 1 under row 0. */
  row: 0 | 1;
  colour: ChartColour;
  title: string;
}

/** A transparent column over one x position whose tooltip lists every series there. */
export interface ChartHover {
  x: number;
  text: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  x: ChartAxis;
  y: ChartAxis;
  series: ChartSeries[];
  bands?: ChartBand[];
  markers?: ChartMarker[];
  /** Legend entries for the markers (they are not series). */
  markerLegend?: { name: string; colour: ChartColour }[];
  hover?: ChartHover[];
  /** Shown in the plot when no series has a point. */
  emptyText?: string;
  /** A line under the chart, e.g. how points were grouped. */
  caption?: string;
}

const WIDTH = 920;
const HEIGHT = 300;
const PAD = { left: 70, right: 18, top: 14, bottom: 64 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const MARKER_SIZE = 7;

const num = (n: number) => (Math.round(n * 10) / 10).toString();

function scaler(axis: ChartAxis, length: number, flip: boolean): (v: number) => number {
  const span = axis.max - axis.min || 1;
  return (v) => {
    const ratio = Math.min(1, Math.max(0, (v - axis.min) / span));
    return flip ? length * (1 - ratio) : length * ratio;
  };
}

/** Splits a series into runs of consecutive non-null points, in plot coordinates. */
function runs(series: ChartSeries, sx: (v: number) => number, sy: (v: number) => number): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  for (const [x, y] of series.points) {
    if (y === null || !Number.isFinite(y) || !Number.isFinite(x)) {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    current.push([PAD.left + sx(x), PAD.top + sy(y)]);
  }
  if (current.length) out.push(current);
  return out;
}

function seriesSvg(series: ChartSeries, sx: (v: number) => number, sy: (v: number) => number): string {
  const parts: string[] = [];
  const baseline = num(PAD.top + PLOT_H);
  for (const run of runs(series, sx, sy)) {
    const line = run.map(([x, y], i) => `${i ? 'L' : 'M'}${num(x)} ${num(y)}`).join('');
    if (series.style === 'area') parts.push(`<path class="area c-${series.colour}" d="${line}L${num(run.at(-1)![0])} ${baseline}L${num(run[0]![0])} ${baseline}Z"/>`);
    // A single point draws no line: show it as a dot instead.
    if (run.length === 1) parts.push(`<circle class="dot c-${series.colour}" cx="${num(run[0]![0])}" cy="${num(run[0]![1])}" r="3"/>`);
    else parts.push(`<path class="line c-${series.colour}${series.dashed ? ' dashed' : ''}${series.thin ? ' thin' : ''}" d="${line}"/>`);
  }
  return `<g class="series" data-series="${escapeHtml(series.name)}">${parts.join('')}</g>`;
}

function bandSvg(band: ChartBand, sx: (v: number) => number, sy: (v: number) => number): string {
  const parts: string[] = [];
  let run: [number, number, number][] = [];
  const flush = () => {
    if (run.length) {
      const top = run.map(([x, , high], i) => `${i ? 'L' : 'M'}${num(PAD.left + sx(x))} ${num(PAD.top + sy(high))}`).join('');
      const bottom = [...run].reverse().map(([x, low]) => `L${num(PAD.left + sx(x))} ${num(PAD.top + sy(low))}`).join('');
      parts.push(`<path class="band c-${band.colour}" d="${top}${bottom}Z"/>`);
    }
    run = [];
  };
  for (const [x, low, high] of band.points) {
    if (low === null || high === null || !Number.isFinite(low) || !Number.isFinite(high) || !Number.isFinite(x)) flush();
    else run.push([x, low, high]);
  }
  flush();
  return `<g class="bands" data-band="${escapeHtml(band.name)}">${parts.join('')}</g>`;
}

/** The dots of the series that have them, each with a tooltip and, when given, a link; drawn on top so they can be clicked. */
function dotsSvg(series: readonly ChartSeries[], sx: (v: number) => number, sy: (v: number) => number): string {
  const parts: string[] = [];
  for (const s of series) {
    s.points.forEach(([x, y], i) => {
      const dot = s.dots?.[i];
      if (!dot || y === null || !Number.isFinite(y) || !Number.isFinite(x)) return;
      const circle = `<circle class="point c-${s.colour}" cx="${num(PAD.left + sx(x))}" cy="${num(PAD.top + sy(y))}" r="4"><title>${escapeHtml(dot.title)}</title></circle>`;
      parts.push(dot.href ? `<a href="${escapeHtml(dot.href)}">${circle}</a>` : circle);
    });
  }
  return parts.length ? `<g class="points">${parts.join('')}</g>` : '';
}

function axesSvg(spec: ChartSpec, sx: (v: number) => number, sy: (v: number) => number): string {
  const parts: string[] = [];
  const bottom = PAD.top + PLOT_H;
  // Markers take a strip under the axis; the tick labels move down only when there are some.
  const tickY = bottom + (spec.markers?.length ? 34 : 18);
  for (const tick of spec.y.ticks) {
    const y = num(PAD.top + sy(tick.value));
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick y" x="${PAD.left - 8}" y="${y}" dy="0.32em" text-anchor="end">${escapeHtml(tick.label)}</text>`);
  }
  for (const tick of spec.x.ticks) {
    const x = num(PAD.left + sx(tick.value));
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${PAD.top}" y2="${bottom}"/>`);
    parts.push(`<text class="tick x" x="${x}" y="${tickY}" text-anchor="middle">${escapeHtml(tick.label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${bottom}"/>`);
  parts.push(`<text class="axis-label x" x="${PAD.left + PLOT_W / 2}" y="${tickY + 24}" text-anchor="middle">${escapeHtml(spec.x.label)}</text>`);
  parts.push(`<text class="axis-label y" transform="translate(16 ${PAD.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.y.label)}</text>`);
  return parts.join('');
}

function markersSvg(markers: readonly ChartMarker[], sx: (v: number) => number): string {
  const bottom = PAD.top + PLOT_H;
  return markers
    .map((m) => {
      const x = PAD.left + sx(m.x);
      const y = bottom + 3 + (MARKER_SIZE + 2) * m.row;
      return `<rect class="marker c-${m.colour}" x="${num(x - MARKER_SIZE / 2)}" y="${num(y)}" width="${MARKER_SIZE}" height="${MARKER_SIZE}" rx="1.5"><title>${escapeHtml(m.title)}</title></rect>`;
    })
    .join('');
}

/** Transparent columns centred on each x, reaching halfway to the neighbours, each with a tooltip. */
function hoverSvg(hover: readonly ChartHover[], sx: (v: number) => number): string {
  const xs = hover.map((h) => PAD.left + sx(h.x));
  return hover
    .map((h, i) => {
      const left = i === 0 ? PAD.left : (xs[i - 1]! + xs[i]!) / 2;
      const right = i === hover.length - 1 ? PAD.left + PLOT_W : (xs[i]! + xs[i + 1]!) / 2;
      return `<rect class="hover" x="${num(left)}" y="${PAD.top}" width="${num(Math.max(0.5, right - left))}" height="${PLOT_H}"><title>${escapeHtml(h.text)}</title></rect>`;
    })
    .join('');
}

function legendHtml(spec: ChartSpec): string {
  const entries = [
    ...spec.series.map((s) => `<li><span class="swatch c-${s.colour}${s.dashed ? ' dashed' : ''}"></span>${escapeHtml(s.name)}${s.note ? ` <span class="muted">${escapeHtml(s.note)}</span>` : ''}</li>`),
    ...(spec.bands ?? []).map((b) => `<li><span class="swatch band c-${b.colour}"></span>${escapeHtml(b.name)}</li>`),
    ...(spec.markerLegend ?? []).map((m) => `<li><span class="swatch marker c-${m.colour}"></span>${escapeHtml(m.name)}</li>`),
  ];
  return entries.length ? `<ul class="chart-legend">${entries.join('')}</ul>` : '';
}

/** One chart as inline SVG with an HTML legend: no script, no external resource. Pure. */
export function renderChart(spec: ChartSpec): string {
  const sx = scaler(spec.x, PLOT_W, false);
  const sy = scaler(spec.y, PLOT_H, true);
  const hasData = spec.series.some((s) => s.points.some(([, y]) => y !== null));
  const body = hasData
    ? (spec.bands ?? []).map((b) => bandSvg(b, sx, sy)).join('') + spec.series.map((s) => seriesSvg(s, sx, sy)).join('')
    : `<text class="empty" x="${PAD.left + PLOT_W / 2}" y="${PAD.top + PLOT_H / 2}" text-anchor="middle">${escapeHtml(spec.emptyText ?? 'no data')}</text>`;
  const svg = `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(spec.title)}" xmlns="http://www.w3.org/2000/svg">`
    + `<title>${escapeHtml(spec.title)}</title>`
    + axesSvg(spec, sx, sy)
    + `<clipPath id="${escapeHtml(spec.id)}-clip"><rect x="${PAD.left}" y="${PAD.top - 2}" width="${PLOT_W}" height="${PLOT_H + 2}"/></clipPath>`
    + `<g clip-path="url(#${escapeHtml(spec.id)}-clip)">${body}</g>`
    + markersSvg(spec.markers ?? [], sx)
    + hoverSvg(spec.hover ?? [], sx)
    + (hasData ? dotsSvg(spec.series, sx, sy) : '')
    + '</svg>';
  const caption = spec.caption ? `<figcaption class="muted">${escapeHtml(spec.caption)}</figcaption>` : '';
  return `<figure class="chart-figure" id="${escapeHtml(spec.id)}">${svg}${legendHtml(spec)}${caption}</figure>`;
}
