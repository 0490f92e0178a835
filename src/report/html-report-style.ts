/** The report's whole stylesheet, inlined in the page: the file must work alone, offline, attached to a ticket. */
export const REPORT_CSS = `
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --muted:#6e7781; --line:#d0d7de; --bg:#f6f8fa; --path:#0b1f44; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 20px; margin: 0; font-weight: 600; }
h2 { font-size: 16px; margin: 28px 0 10px; font-weight: 600; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
header { display: flex; align-items: center; gap: 12px; padding-bottom: 12px; border-bottom: 1px solid var(--line); }
.badge { padding: 2px 10px; border-radius: 999px; font-weight: 600; font-size: 13px; color: #fff; background: var(--muted); }
.badge.passed { background: var(--ok); } .badge.failed, .badge.error { background: var(--bad); } .badge.interrupted, .badge.running { background: var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 4px 16px; margin: 14px 0 0; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 14px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: var(--bg); }
.stat b { font-size: 16px; display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 12.5px; margin-bottom: 8px; }
.legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; vertical-align: -1px; margin-right: 5px; }
.gantt { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px 8px; }
.gantt .row { display: flex; align-items: center; min-height: 26px; }
.gantt .label { flex: 0 0 230px; display: flex; justify-content: space-between; gap: 8px; padding-right: 10px; overflow: hidden; white-space: nowrap; }
.gantt .label .name { overflow: hidden; text-overflow: ellipsis; }
.gantt .label .dur { color: var(--muted); font-variant-numeric: tabular-nums; }
.gantt .on-path .label .name { font-weight: 600; }
.gantt .track { position: relative; flex: 1; height: 22px; background-image: linear-gradient(to right, #eaeef2 1px, transparent 1px); }
.gantt .axis .track { height: 18px; background: none; border-bottom: 1px solid var(--line); }
.tick { position: absolute; bottom: 2px; transform: translateX(-50%); font-size: 11px; color: var(--muted); white-space: nowrap; }
.tick:first-child { transform: none; }
.setup { position: absolute; top: 0; bottom: 0; left: 0; background: repeating-linear-gradient(135deg, #eef1f4 0 5px, #f8f9fa 5px 10px); }
.bar { position: absolute; top: 4px; height: 14px; border-radius: 3px; background: var(--muted); }
.bar.passed, i.passed { background: #4ac26b; } .bar.cached, i.cached { background: #54aeff; }
.bar.failed, i.failed, .bar.timed-out, i.timed-out { background: #fa4549; } .bar.allowed-failure, i.allowed-failure { background: #d4a72c; }
.bar.cancelled, i.cancelled { background: repeating-linear-gradient(135deg, #8c959f 0 4px, #afb8c1 4px 8px); }
.bar.critical, i.critical { outline: 2.5px solid var(--path); outline-offset: 1px; }
i.critical { background: transparent; }
.nobar { position: absolute; left: 6px; top: 3px; font-size: 12px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 95%; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12.5px; }
td.num { font-variant-numeric: tabular-nums; }
.st { font-weight: 600; white-space: nowrap; }
.st.passed, .st.cached { color: var(--ok); } .st.failed, .st.timed-out { color: var(--bad); } .st.allowed-failure { color: var(--warn); } .st.skipped, .st.cancelled, .st.unfinished { color: var(--muted); }
details { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
summary { cursor: pointer; padding: 7px 12px; background: var(--bg); border-radius: 6px; }
details[open] summary { border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
pre.log { margin: 0; padding: 10px 12px; overflow-x: auto; max-height: 640px; overflow-y: auto; white-space: pre; background: #fff; }
pre.log .step { color: #0550ae; font-weight: 600; } pre.log .mark { color: var(--muted); }
pre.log .error { color: #cf222e; font-weight: 600; } pre.log .warning { color: #9a6700; font-weight: 600; } pre.log .notice { color: #0550ae; }
div.logs { max-height: 640px; overflow-y: auto; background: #fff; } div.logs pre.log { max-height: none; }
details.fold { border: 0; border-left: 3px solid var(--line); border-radius: 0; margin: 0 12px; } details.fold summary { padding: 2px 8px; font-family: ui-monospace, monospace; }
.note { color: var(--muted); font-size: 12.5px; }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; }
@media print { pre.log { max-height: none; } details { break-inside: avoid; } }
`;
