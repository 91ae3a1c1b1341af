/**
 * The report's stylesheet, inlined into the page. Colours are variables so the dark scheme only
 * swaps them. The chart colours are the Okabe–Ito palette, told apart with any colour vision
 * (the names are roles: `teal` is its black, the reference line); lighter in the dark scheme.
 */
export const STYLE = `
:root{
  --fg:#111827;--muted:#6b7280;--bg:#f3f4f6;--card:#fff;--line:#e5e7eb;--grid:#eef0f3;--code:#f3f4f6;
  --ok:#15803d;--ok-bg:#dcfce7;--bad:#b91c1c;--bad-bg:#fee2e2;--warn:#92400e;--warn-bg:#fef3c7;
  --blue:#0072b2;--green:#009e73;--amber:#e69f00;--red:#d55e00;--purple:#cc79a7;--teal:#1f2937;--grey:#8b929c;--sky:#56b4e9;
}
@media (prefers-color-scheme:dark){:root{
  --fg:#e5e7eb;--muted:#9ca3af;--bg:#0b0f14;--card:#151b23;--line:#2a323d;--grid:#1f2630;--code:#0f141a;
  --ok:#4ade80;--ok-bg:#14532d;--bad:#f87171;--bad-bg:#450a0a;--warn:#fbbf24;--warn-bg:#422006;
  --blue:#3d9be9;--green:#2bc99a;--amber:#f0b23c;--red:#ff8a4c;--purple:#e596c4;--teal:#e5e7eb;--grey:#9ca3af;--sky:#8fd0f5;
}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 12px}
.muted{color:var(--muted)}.ok-text{color:var(--ok)}.bad-text{color:var(--bad)}
header.top{display:flex;gap:24px;align-items:flex-start;padding:24px 32px;background:var(--card);border-bottom:1px solid var(--line);border-top:6px solid var(--ok)}
header.top.fail{border-top-color:var(--bad)}
.verdict-box{display:flex;flex-direction:column;gap:6px;align-items:center}
.verdict{font-weight:800;font-size:26px;letter-spacing:.06em;padding:10px 22px;border-radius:10px;color:#fff}
.verdict.pass{background:var(--ok)}.verdict.fail{background:var(--bad)}
.reasons{margin:4px 0 10px;padding-left:18px}header.top.pass .reasons{padding-left:0;color:var(--ok)}header.top.fail .reasons li{color:var(--bad)}
.facts{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0}.facts div{display:flex;gap:6px}.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:500}
main{padding:24px 32px 48px;display:grid;grid-template-columns:minmax(0,1fr);gap:18px;max-width:1280px;margin:0 auto}
.card p,.card li,header.top .what{overflow-wrap:anywhere}
header.top .what{min-width:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;min-width:0}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}@media (max-width:1000px){.row{grid-template-columns:minmax(0,1fr)}}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;display:flex;flex-direction:column;border-left:4px solid var(--line)}
.kpi.ok{border-left-color:var(--ok)}.kpi.bad{border-left-color:var(--bad)}
.kpi .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.kpi b{font-size:22px;font-variant-numeric:tabular-nums}.kpi .hint{color:var(--muted);font-size:12px}
.kpi.bad b{color:var(--bad)}
table{border-collapse:collapse;width:100%}
th,td{padding:6px 10px;text-align:right;border-bottom:1px solid var(--line);font-variant-numeric:tabular-nums;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{color:var(--muted);font-weight:600;font-size:12px}
table.data td,table.data th,table.kv td,details.cases>summary{cursor:pointer;color:var(--muted);margin-bottom:6px}
table.kv th{text-align:left}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;border-radius:999px;padding:0 10px;font-size:12px;font-weight:600;background:var(--line)}
.badge.ok{background:var(--ok-bg);color:var(--ok)}.badge.bad{background:var(--bad-bg);color:var(--bad)}.badge.warn{background:var(--warn-bg);color:var(--warn)}
.c-blue{--c:var(--blue)}.c-green{--c:var(--green)}.c-amber{--c:var(--amber)}.c-red{--c:var(--red)}.c-purple{--c:var(--purple)}.c-teal{--c:var(--teal)}.c-grey{--c:var(--grey)}.c-sky{--c:var(--sky)}
.chart-figure{margin:0;min-width:0}
.chart-box{display:grid;grid-template-columns:18px 54px minmax(0,1fr) 14px;grid-template-areas:"yl yt plot ." ". . marks ." ". . xt ." ". . xl .";font-size:12px}
.chart-box.has-y2{grid-template-columns:18px 54px minmax(0,1fr) 54px 18px;grid-template-areas:"yl yt plot y2t y2l" ". . marks . ." ". . xt . ." ". . xl . ."}
.plot{grid-area:plot;position:relative;height:260px;border-left:1px solid var(--muted);border-bottom:1px solid var(--muted)}
svg.chart{display:block;width:100%;height:100%;overflow:visible}
svg.plot-area{overflow:hidden}
.ticks{position:relative;color:var(--muted)}.ticks.y{grid-area:yt}.ticks.y2{grid-area:y2t}.ticks.x{grid-area:xt;height:20px}
.tick{position:absolute;white-space:nowrap;line-height:1}
.tick.y{right:6px;transform:translateY(-50%)}.tick.y2{left:6px;transform:translateY(-50%)}
.tick.x{top:5px;transform:translateX(-50%)}.tick.x.first{transform:none}.tick.x.last{transform:translateX(-100%)}
.axis-label{color:var(--fg);font-size:13px;font-weight:600;text-align:center}
.axis-label.x{grid-area:xl;padding-top:2px}
.axis-label.y,.axis-label.y2{writing-mode:vertical-rl;align-self:center;white-space:nowrap}
.axis-label.y{grid-area:yl;transform:rotate(180deg)}.axis-label.y2{grid-area:y2l}
.marks{grid-area:marks}svg.marks{display:block;overflow:visible}
.plot .empty{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:15px;text-align:center;padding:0 12px}
svg.chart .grid{stroke:var(--grid);stroke-width:1}
svg.chart .line{fill:none;stroke:var(--c);stroke-width:2.2;stroke-linejoin:round;stroke-linecap:round}
svg.chart .line.thin{stroke-width:1.5}svg.chart .line.dashed{stroke-dasharray:6 4}svg.chart .faint{opacity:.45}
svg.chart .area{fill:var(--c);fill-opacity:.14;stroke:none}
svg.chart .dot{fill:var(--c)}
svg .marker{fill:var(--c)}
svg.chart .band{fill:var(--c);fill-opacity:.16;stroke:none}svg.chart .band.solid{fill-opacity:.8}
svg.chart .point{fill:var(--c);stroke:var(--card);stroke-width:1.5}svg.chart a:hover .point{stroke:var(--fg)}
svg.chart .hover{fill:transparent}svg.chart .hover:hover{fill:var(--fg);fill-opacity:.06}
.chart-legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 20px;padding:0;margin:8px 0 0 72px;font-size:13px}
.swatch{display:inline-block;width:16px;height:4px;border-radius:2px;background:var(--c);margin-right:7px;vertical-align:middle}
.swatch.dashed{background:repeating-linear-gradient(90deg,var(--c) 0 6px,transparent 6px 9px)}.swatch.faint{opacity:.45}
.swatch.marker{width:9px;height:9px}
.swatch.band{height:10px;opacity:.3}.swatch.band.solid{opacity:.8}
figcaption{font-size:12px;margin:6px 0 0 72px}
.interval{display:block;overflow:visible}.interval .zero{stroke:var(--muted)}.interval .allowed{stroke:var(--bad);stroke-dasharray:3 2}
.interval .ci{stroke:var(--c);stroke-width:3;stroke-linecap:round}.interval .change{fill:var(--c)}
.interval-scale{display:flex;justify-content:space-between;width:160px;font-size:11px;font-weight:400}
@media (max-width:640px){
  header.top{flex-direction:column;gap:12px;padding:16px}main{padding:12px}.card{padding:14px}
  .plot{height:200px}.tick.minor{display:none}
  .chart-box{grid-template-columns:16px 46px minmax(0,1fr) 10px}.chart-box.has-y2{grid-template-columns:16px 46px minmax(0,1fr) 46px 16px}
  .chart-legend,figcaption{margin-left:0}
}
.stacked{display:flex;height:22px;border-radius:6px;overflow:hidden;background:var(--line);margin-bottom:12px}
.seg{display:block;height:100%;background:var(--c)}
.status-table th{font-weight:500;white-space:nowrap}.status-table .swatch{width:10px;height:10px;border-radius:50%}
.bar-cell{width:50%}.hbar{display:block;height:10px;border-radius:3px;background:var(--c);min-width:2px;margin-top:5px}
details.rule{border-top:1px solid var(--line);padding:8px 0}
details.rule>summary{cursor:pointer;display:grid;grid-template-columns:minmax(140px,max-content) 1fr auto auto;gap:12px;align-items:center}
.rule-example{grid-column:1/-1;font-size:12px;margin-top:-4px}
.rule-name{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}.rule-bar{min-width:60px}
.count{background:var(--bad-bg);color:var(--bad);border-radius:999px;padding:0 10px;font-weight:600;font-variant-numeric:tabular-nums}
details.sample{margin:8px 0 8px 18px;border-left:3px solid var(--line);padding-left:12px}
details.sample>summary{cursor:pointer;color:var(--muted)}
.sample-message{font-weight:500}
.pre-label{font-size:12px;color:var(--muted);margin-top:6px}
pre{background:var(--code);padding:8px 10px;border-radius:6px;overflow:auto;max-height:260px;margin:2px 0 6px;white-space:pre-wrap;word-break:break-word}
details.cases>summary{cursor:pointer;color:var(--muted);margin-bottom:6px}
table.kv th{color:var(--muted);font-weight:500;width:1%;white-space:nowrap}
footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 24px}
`;
