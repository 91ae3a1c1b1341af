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
  /** Drawn pale, behind the rest: a reference (the baseline run), not a figure of this run. */
  faint?: boolean;
  /** Read against the right-hand axis (`ChartSpec.y2`) instead of the left one. */
  axis?: 'y2';
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
  /** Filled solid: one layer of a stacked area rather than an interval. */
  solid?: boolean;
}

export interface ChartAxis {
  label: string;
  min: number;
  max: number;
  ticks: Tick[];
  /** `log`: values are placed by their logarithm (min must then be above 0). */
  scale?: 'linear' | 'log';
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
  /** A right-hand axis for series in another unit (`axis: 'y2'`). */
  y2?: ChartAxis;
  series: ChartSeries[];
  bands?: ChartBand[];
  markers?: ChartMarker[];
  /** Legend entries for the markers (they are not series). */
  markerLegend?: { name: string; colour: ChartColour }[];
  hover?: ChartHover[];
  /** Shown in the plot when no series or band has a point. */
  emptyText?: string;
  /** A line under the chart, e.g. how points were grouped. */
  caption?: string;
}

/**
 * Layout: the text (ticks, axis titles, legend) is HTML around the plot, so it keeps its size
 * at any width; only the plot is SVG. Lines and areas are drawn in a 1000 × 1000 box stretched
 * to the plot (their strokes do not scale), and everything that must stay round or square (dots,
 * markers) is placed in percentages of the plot instead.
 */
const VIEW = 1000;
const MARKER_SIZE = 7;

const num = (n: number) => (Math.round(n * 10) / 10).toString();
const pct = (fraction: number) => `${(Math.round(fraction * 100_000) / 1000).toString()}%`;

/** Axis value → fraction of the plot (0 … 1, clamped), from the low end of the axis. */
export function axisFraction(axis: ChartAxis): (v: number) => number {
  if (axis.scale === 'log') {
    const low = Math.log10(axis.min);
    const span = Math.log10(axis.max) - low || 1;
    return (v) => (v > 0 ? Math.min(1, Math.max(0, (Math.log10(v) - low) / span)) : 0);
  }
  const span = axis.max - axis.min || 1;
  return (v) => Math.min(1, Math.max(0, (v - axis.min) / span));
}

interface Scales {
  /** x → fraction of the width, from the left. */
  fx: (v: number) => number;
  /** y → fraction of the height, from the top, on the series' axis. */
  fy: (v: number, axis?: 'y2') => number;
}

function scalesOf(spec: ChartSpec): Scales {
  const fx = axisFraction(spec.x);
  const fy1 = axisFraction(spec.y);
  const fy2 = spec.y2 ? axisFraction(spec.y2) : fy1;
  return { fx, fy: (v, axis) => 1 - (axis === 'y2' ? fy2 : fy1)(v) };
}

const usable = (x: number, y: number | null): y is number => y !== null && Number.isFinite(y) && Number.isFinite(x);

/** Splits a series into runs of consecutive non-null points, as fractions of the plot. */
function runs(series: ChartSeries, s: Scales): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  for (const [x, y] of series.points) {
    if (!usable(x, y)) {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    current.push([s.fx(x), s.fy(y, series.axis)]);
  }
  if (current.length) out.push(current);
  return out;
}

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

/** A series' lines and areas (in the stretched box), and its lone points as dots (in percentages). */
function seriesSvg(series: ChartSeries, s: Scales): { paths: string; dots: string } {
  const paths: string[] = [];
  const dots: string[] = [];
  for (const run of runs(series, s)) {
    const line = run.map(([x, y], i) => `${i ? 'L' : 'M'}${num(x * VIEW)} ${num(y * VIEW)}`).join('');
    if (series.style === 'area') paths.push(`<path class="area c-${series.colour}" d="${line}L${num(run.at(-1)![0] * VIEW)} ${VIEW}L${num(run[0]![0] * VIEW)} ${VIEW}Z"/>`);
    // A single point draws no line: show it as a dot instead.
    if (run.length === 1) dots.push(`<circle class="${classes('dot', `c-${series.colour}`, series.faint && 'faint')}" cx="${pct(run[0]![0])}" cy="${pct(run[0]![1])}" r="3"/>`);
    else paths.push(`<path class="${classes('line', `c-${series.colour}`, series.dashed && 'dashed', series.thin && 'thin', series.faint && 'faint')}" d="${line}" vector-effect="non-scaling-stroke"/>`);
  }
  return { paths: `<g class="series" data-series="${escapeHtml(series.name)}">${paths.join('')}</g>`, dots: dots.join('') };
}

function bandSvg(band: ChartBand, s: Scales): string {
  const parts: string[] = [];
  let run: [number, number, number][] = [];
  const flush = () => {
    if (run.length) {
      const top = run.map(([x, , high], i) => `${i ? 'L' : 'M'}${num(s.fx(x) * VIEW)} ${num(s.fy(high) * VIEW)}`).join('');
      const bottom = [...run].reverse().map(([x, low]) => `L${num(s.fx(x) * VIEW)} ${num(s.fy(low) * VIEW)}`).join('');
      parts.push(`<path class="${classes('band', band.solid && 'solid', `c-${band.colour}`)}" d="${top}${bottom}Z"/>`);
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
function pointsSvg(series: readonly ChartSeries[], s: Scales): string {
  const parts: string[] = [];
  for (const one of series) {
    one.points.forEach(([x, y], i) => {
      const dot = one.dots?.[i];
      if (!dot || !usable(x, y)) return;
      const circle = `<circle class="point c-${one.colour}" cx="${pct(s.fx(x))}" cy="${pct(s.fy(y, one.axis))}" r="4"><title>${escapeHtml(dot.title)}</title></circle>`;
      parts.push(dot.href ? `<a href="${escapeHtml(dot.href)}">${circle}</a>` : circle);
    });
  }
  return parts.length ? `<g class="points">${parts.join('')}</g>` : '';
}

function gridSvg(spec: ChartSpec, s: Scales): string {
  const lines = [
    ...spec.y.ticks.map((t) => `<line class="grid" x1="0" x2="100%" y1="${pct(s.fy(t.value))}" y2="${pct(s.fy(t.value))}"/>`),
    ...spec.x.ticks.map((t) => `<line class="grid" x1="${pct(s.fx(t.value))}" x2="${pct(s.fx(t.value))}" y1="0" y2="100%"/>`),
  ];
  return `<g class="grid-lines">${lines.join('')}</g>`;
}

/** Transparent columns centred on each x, reaching halfway to the neighbours, each with a tooltip. */
function hoverSvg(hover: readonly ChartHover[], s: Scales): string {
  const xs = hover.map((h) => s.fx(h.x));
  return hover
    .map((h, i) => {
      const left = i === 0 ? 0 : (xs[i - 1]! + xs[i]!) / 2;
      const right = i === hover.length - 1 ? 1 : (xs[i]! + xs[i + 1]!) / 2;
      return `<rect class="hover" x="${pct(left)}" y="0" width="${pct(Math.max(0.0005, right - left))}" height="100%"><title>${escapeHtml(h.text)}</title></rect>`;
    })
    .join('');
}

/** The strip of marks under the plot: squares centred on their x, each with a tooltip. */
function markersHtml(markers: readonly ChartMarker[], s: Scales): string {
  if (!markers.length) return '';
  const rects = markers.map(
    (m) => `<rect class="marker c-${m.colour}" x="${pct(s.fx(m.x))}" y="${3 + (MARKER_SIZE + 2) * m.row}" width="${MARKER_SIZE}" height="${MARKER_SIZE}" rx="1.5" transform="translate(${-MARKER_SIZE / 2} 0)"><title>${escapeHtml(m.title)}</title></rect>`,
  );
  return `<div class="marks"><svg class="marks" width="100%" height="${3 + 2 * (MARKER_SIZE + 2)}" aria-hidden="true">${rects.join('')}</svg></div>`;
}

/** Tick labels along one axis, placed in percentages of its length; the end labels stay inside. */
function ticksHtml(ticks: readonly Tick[], where: 'x' | 'y' | 'y2', place: (v: number) => number): string {
  const spans = ticks
    .filter((t) => t.label)
    .map((t) => {
      const at = place(t.value);
      const edge = where === 'x' ? (at < 0.02 ? ' first' : at > 0.98 ? ' last' : '') : '';
      return `<span class="tick ${where}${t.minor ? ' minor' : ''}${edge}" style="${where === 'x' ? 'left' : 'top'}:${pct(at)}">${escapeHtml(t.label)}</span>`;
    });
  return `<div class="ticks ${where}" aria-hidden="true">${spans.join('')}</div>`;
}

function legendHtml(spec: ChartSpec): string {
  const entries = [
    ...spec.series.map((s) => `<li><span class="${classes('swatch', `c-${s.colour}`, s.dashed && 'dashed', s.faint && 'faint')}"></span>${escapeHtml(s.name)}${s.note ? ` <span class="muted">${escapeHtml(s.note)}</span>` : ''}</li>`),
    ...(spec.bands ?? []).map((b) => `<li><span class="swatch band${b.solid ? ' solid' : ''} c-${b.colour}"></span>${escapeHtml(b.name)}</li>`),
    ...(spec.markerLegend ?? []).map((m) => `<li><span class="swatch marker c-${m.colour}"></span>${escapeHtml(m.name)}</li>`),
  ];
  return entries.length ? `<ul class="chart-legend">${entries.join('')}</ul>` : '';
}

/** One chart: an SVG plot with HTML axes, legend and caption. No script, no external resource. Pure. */
export function renderChart(spec: ChartSpec): string {
  const s = scalesOf(spec);
  const hasData = spec.series.some((one) => one.points.some(([x, y]) => usable(x, y))) || (spec.bands ?? []).some((b) => b.points.some(([, low, high]) => low !== null && high !== null));
  // Faint references go first, under this run's figures.
  const ordered = [...spec.series.filter((one) => one.faint), ...spec.series.filter((one) => !one.faint)];
  const drawn = hasData ? ordered.map((one) => seriesSvg(one, s)) : [];
  const plot = `<svg class="chart" width="100%" height="100%" role="img" aria-label="${escapeHtml(spec.title)}" xmlns="http://www.w3.org/2000/svg">`
    + `<title>${escapeHtml(spec.title)}</title>`
    + gridSvg(spec, s)
    + `<svg class="plot-area" viewBox="0 0 ${VIEW} ${VIEW}" preserveAspectRatio="none" width="100%" height="100%">`
    + (hasData ? (spec.bands ?? []).map((b) => bandSvg(b, s)).join('') + drawn.map((d) => d.paths).join('') : '')
    + '</svg>'
    + drawn.map((d) => d.dots).join('')
    + hoverSvg(spec.hover ?? [], s)
    + (hasData ? pointsSvg(spec.series, s) : '')
    + '</svg>';
  const empty = hasData ? '' : `<div class="empty">${escapeHtml(spec.emptyText ?? 'no data')}</div>`;
  const y2 = spec.y2 ? ticksHtml(spec.y2.ticks, 'y2', (v) => 1 - axisFraction(spec.y2!)(v)) + `<div class="axis-label y2">${escapeHtml(spec.y2.label)}</div>` : '';
  const box = `<div class="chart-box${spec.y2 ? ' has-y2' : ''}">`
    + `<div class="axis-label y">${escapeHtml(spec.y.label)}</div>`
    + ticksHtml(spec.y.ticks, 'y', (v) => s.fy(v))
    + `<div class="plot">${plot}${empty}</div>`
    + y2
    + markersHtml(spec.markers ?? [], s)
    + ticksHtml(spec.x.ticks, 'x', s.fx)
    + `<div class="axis-label x">${escapeHtml(spec.x.label)}</div>`
    + '</div>';
  const caption = spec.caption ? `<figcaption class="muted">${escapeHtml(spec.caption)}</figcaption>` : '';
  return `<figure class="chart-figure" id="${escapeHtml(spec.id)}">${box}${legendHtml(spec)}${caption}</figure>`;
}
