import { timelineViewScript, timelineViewStyles } from "../report/timeline-view.js";
import { dashboardPageScript } from "./dashboard-page-script.js";
import { dashboardPageStyles } from "./dashboard-page-styles.js";

/**
 * The dashboard's page: static markup only (every value arrives later, through the event stream, and is set with
 * textContent), its styles and its scripts inline, each script carrying the response's CSP nonce.
 */
export function dashboardPage(options: { nonce: string }): string {
  const nonce = options.nonce.replace(/[^A-Za-z0-9+/=]/g, "");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>weft dashboard</title>
<style>${timelineViewStyles}</style>
<style>${dashboardPageStyles}</style>
</head>
<body>
<header>
  <h1>weft <span class="muted">dashboard</span></h1>
  <span id="connection" data-state="connecting">connecting…</span>
</header>
<main>
  <nav aria-label="runs">
    <h2>Runs</h2>
    <ul id="runs"></ul>
  </nav>
  <div id="detail">
    <p id="empty" class="muted">No run to show yet: runs appear here as they start.</p>
    <article id="run" hidden>
      <h2><span id="run-title" class="mono"></span> <span id="run-status" class="badge"></span></h2>
      <p id="run-stats" class="muted"></p>
      <div class="columns">
        <section>
          <h3>Running <span id="running-count" class="count"></span></h3>
          <table><thead><tr><th>call</th><th>tool</th><th>running for</th><th></th></tr></thead>
          <tbody id="running-body"></tbody></table>
        </section>
        <section>
          <h3>Queue <span id="queue-count" class="count"></span> <span class="muted">by what it waits on</span></h3>
          <ul id="queue"></ul>
        </section>
      </div>
      <section id="failed" hidden>
        <h3>Failed <span id="failed-count" class="count"></span></h3>
        <table><thead><tr><th>call</th><th>tool</th><th>status</th><th>ran</th><th>error</th></tr></thead>
        <tbody id="failed-body"></tbody></table>
      </section>
      <section>
        <h3>Slots and pools <span class="muted">(the executor, every run)</span></h3>
        <div id="usage"></div>
      </section>
      <section>
        <h3>Timeline</h3>
        <div id="timeline"></div>
      </section>
    </article>
  </div>
</main>
<script nonce="${nonce}">${scriptText(timelineViewScript)}</script>
<script nonce="${nonce}">${scriptText(dashboardPageScript)}</script>
</body>
</html>
`;
}

/** A script's text may not close its own element early. */
function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1");
}
