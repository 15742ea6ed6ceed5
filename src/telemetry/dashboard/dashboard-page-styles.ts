/** The dashboard page's styles: plain CSS, light like the timeline view. */
export const dashboardPageStyles = `
:root { color-scheme: light; --fg: #1d1f23; --muted: #6b7280; --line: #d8dce3; --panel: #f6f7f9;
  --ok: #15803d; --fail: #b91c1c; --run: #2563eb; --wait: #a16207; --skip: #6b7280; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: var(--fg); }
header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.1rem; margin: 0; }
h2 { font-size: 1rem; margin: .2rem 0 .6rem; }
h3 { font-size: .9rem; margin: 1rem 0 .4rem; }
main { display: grid; grid-template-columns: 18rem 1fr; min-height: calc(100vh - 3rem); }
nav { border-right: 1px solid var(--line); padding: .6rem; background: var(--panel); overflow: auto; }
#detail { padding: .6rem 1rem; overflow: auto; min-width: 0; }
.muted { color: var(--muted); font-weight: normal; }
.mono { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
.count { display: inline-block; min-width: 1.4rem; text-align: center; padding: 0 .3rem; border-radius: .6rem;
  background: var(--panel); border: 1px solid var(--line); font-size: .8rem; }
#connection { font-size: .8rem; padding: .1rem .5rem; border-radius: 1rem; border: 1px solid var(--line); }
#connection[data-state="live"] { color: var(--ok); border-color: var(--ok); }
#connection[data-state="reconnecting"], #connection[data-state="connecting"] { color: var(--wait); }
#connection[data-state="refused"] { color: var(--fail); border-color: var(--fail); }
#runs { list-style: none; margin: 0; padding: 0; }
.run button { all: unset; box-sizing: border-box; display: grid; grid-template-columns: 1fr auto; gap: .1rem .4rem;
  width: 100%; padding: .4rem; border-radius: .3rem; cursor: pointer; }
.run button:hover, .run.selected button { background: color-mix(in srgb, var(--run) 14%, transparent); }
.run-id { font-family: ui-monospace, monospace; font-size: .8rem; overflow-wrap: anywhere; }
.run-detail { grid-column: 1 / -1; color: var(--muted); font-size: .8rem; }
.badge { font-size: .75rem; padding: 0 .4rem; border-radius: .3rem; border: 1px solid currentColor; }
[data-status="running"] > .badge, [data-status="running"] .badge, #run-status[data-status="running"] { color: var(--run); }
[data-status="succeeded"] .badge, #run-status[data-status="succeeded"] { color: var(--ok); }
[data-status="failed"] .badge, #run-status[data-status="failed"] { color: var(--fail); }
[data-status="waiting"] .badge { color: var(--wait); }
[data-status="skipped"] .badge, [data-status="cancelled"] .badge { color: var(--skip); }
tr.call[data-status="failed"] { background: color-mix(in srgb, var(--fail) 12%, transparent); }
tr.call[data-status="failed"] .note { color: var(--fail); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 1.5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; font-size: .8rem; color: var(--muted); }
#queue { list-style: none; margin: 0; padding: 0; }
#queue li { display: flex; gap: .6rem; align-items: baseline; padding: .15rem 0; }
#queue .ids { font-size: .8rem; overflow-wrap: anywhere; }
.chart { margin: 0 0 .6rem; }
.chart figcaption { font-size: .8rem; color: var(--muted); }
.chart svg { width: 100%; max-width: 48rem; height: 5rem; display: block; background: var(--panel);
  border: 1px solid var(--line); }
.chart .line { fill: none; stroke-width: 2; vector-effect: non-scaling-stroke; }
.chart .slots { stroke: var(--run); }
.chart .pool { stroke: var(--wait); }
.chart .capacity { stroke: var(--muted); stroke-dasharray: 4 3; vector-effect: non-scaling-stroke; }
.bar-row { display: grid; grid-template-columns: 12rem 1fr; gap: .5rem; align-items: center; font-size: .8rem; }
.bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar-track { position: relative; height: .8rem; }
.bar { position: absolute; top: 0; bottom: 0; border-radius: 2px; background: var(--run); }
.bar-row[data-status="succeeded"] .bar { background: var(--ok); }
.bar-row[data-status="failed"] .bar { background: var(--fail); }
.bar-row[data-status="cancelled"] .bar { background: var(--skip); }
`;
