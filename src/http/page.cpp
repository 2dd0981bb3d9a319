#include "http/page.h"

namespace clicklog::http {

// Names reach the page only through textContent, never as markup: a destination called
// <img src=x onerror=alert(1)> shows as that text.
const std::string_view kLivePage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>clicklog: most searched destinations</title>
<link rel="icon" href="data:,">
<style>
  :root { --bar: #2b6cb0; --muted: #666; font-family: system-ui, sans-serif; }
  body { margin: 0 auto; max-width: 52rem; padding: 1rem; color: #111; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
  #window, #status { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
  ol { list-style: none; padding: 0; margin: 1rem 0; }
  li { display: grid; grid-template-columns: 2rem 1.5rem minmax(6rem, 14rem) 1fr; gap: .5rem;
       align-items: center; margin: .25rem 0; }
  .rank { text-align: right; color: var(--muted); }
  .move { text-align: center; font-size: .8rem; }
  .up { color: #2f855a; } .down { color: #c53030; } .new { color: #b7791f; }
  .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; unicode-bidi: isolate; }
  .bar { background: var(--bar); color: #fff; padding: .1rem .4rem; min-width: 2.5rem;
         border-radius: .2rem; font-variant-numeric: tabular-nums; box-sizing: border-box; }
  li.pick { cursor: pointer; border-radius: .2rem; }
  li.pick:hover, li.pick:focus { background: #edf2f7; outline: none; }
  li.chosen { background: #e2e8f0; }
  section { border-top: 1px solid #ddd; margin-top: 1rem; padding-top: .5rem; }
  h2 { font-size: 1.05rem; margin: .3rem 0; }
  .note { color: var(--muted); font-size: .85rem; margin: .2rem 0; }
  #chart { width: 100%; height: auto; max-height: 14rem; display: block; }
  #chart .col { fill: var(--bar); }
  #chart text { font-size: 11px; fill: var(--muted); }
  #chart line { stroke: #ccc; }
  form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  input, button { font: inherit; padding: .2rem .4rem; }
  input[type=number] { width: 9rem; }
  #answer { margin: .5rem 0; }
  .error { color: #c53030; }
  @media (max-width: 30rem) {
    li { grid-template-columns: 1.5rem 1.9rem 6.5rem 1fr; gap: .35rem; }
    #chart text { font-size: 16px; }
  }
</style>
</head>
<body>
<h1>Most searched destinations</h1>
<p id="window">Waiting for the first window…</p>
<ol id="top"></ol>
<p class="note">Click a destination for its last hour.</p>
<section id="history" hidden>
  <h2 id="history-title"></h2>
  <svg id="chart" viewBox="0 0 600 170" role="img" aria-labelledby="history-title"></svg>
  <p id="history-note" class="note"></p>
</section>
<section>
  <h2>Second distinct hotel</h2>
  <form id="lookup">
    <label>User id <input id="user" type="number" step="1" required></label>
    <label>Date <input id="date" type="date"></label>
    <button type="submit">Look up</button>
  </form>
  <p id="answer" class="note">First and second distinct hotel a user clicked on a day (UTC;
  default today).</p>
</section>
<p id="status"></p>
<details id="lag-details" hidden>
  <summary>Consumer lag by partition</summary>
  <p id="lag" class="note"></p>
</details>
<script>
"use strict";
let previous = new Map();
function text(tag, cls, value) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.textContent = value;
  return e;
}
function show(w) {
  document.getElementById("window").textContent =
      "Window " + w.window_start + " to " + w.window_end;
  const list = document.getElementById("top");
  const max = w.top.length ? w.top[0].searches : 1;
  const ranks = new Map();
  list.replaceChildren(...w.top.map((e, i) => {
    ranks.set(e.destination, i);
    const li = document.createElement("li");
    const was = previous.get(e.destination);
    let move = text("span", "move", "");
    if (was === undefined && previous.size) move = text("span", "move new", "new");
    else if (was > i) move = text("span", "move up", "▲" + (was - i));
    else if (was < i) move = text("span", "move down", "▼" + (i - was));
    const bar = text("span", "bar", String(e.searches));
    bar.style.width = Math.max(8, 100 * e.searches / max) + "%";
    li.append(text("span", "rank", String(i + 1)), move, text("span", "name", e.destination), bar);
    li.title = e.destination + ": " + e.searches + " searches";
    li.className = "pick" + (e.destination === chosen ? " chosen" : "");
    li.tabIndex = 0;
    li.addEventListener("click", () => choose(e.destination));
    li.addEventListener("keydown", ev => { if (ev.key === "Enter") choose(e.destination); });
    return li;
  }));
  previous = ranks;
  if (chosen !== null) history();
}
// The history of one destination: the windows of the last hour where it is in the top.
let chosen = null;
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, value) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (value !== undefined) e.textContent = value;
  return e;
}
function choose(name) {
  chosen = name;
  for (const li of document.querySelectorAll("#top li")) {
    li.classList.toggle("chosen", li.firstChild && li.children[2].textContent === name);
  }
  history();
}
async function history() {
  const name = chosen;
  const section = document.getElementById("history");
  section.hidden = false;
  document.getElementById("history-title").textContent = name + ": searches, last hour";
  try {
    const h = await (await fetch("api/destinations/" + encodeURIComponent(name) + "?hours=1")).json();
    if (name === chosen) chart(h.windows);
  } catch (e) {
    document.getElementById("history-note").textContent = "history unavailable: " + e;
  }
}
function clock(iso) { return iso.slice(11, 19); }
function chart(ws) {
  const box = document.getElementById("chart");
  const W = 600, H = 170, left = 44, right = 8, top = 10, bottom = 22;
  const note = document.getElementById("history-note");
  if (!ws.length) {
    box.replaceChildren();
    note.textContent = "Not in the top of any window held.";
    return;
  }
  const times = ws.map(w => Date.parse(w.window_end));
  const t0 = times[0], t1 = times[times.length - 1];
  let step = Infinity;
  for (let i = 1; i < times.length; ++i) step = Math.min(step, times[i] - times[i - 1]);
  const slots = isFinite(step) ? Math.round((t1 - t0) / step) + 1 : 1;
  const plot = W - left - right, width = plot / slots;
  const max = Math.max(...ws.map(w => w.searches));
  const y = v => top + (H - top - bottom) * (1 - v / max);
  const parts = [svg("line", {x1: left, y1: y(0), x2: W - right, y2: y(0)}),
                 svg("line", {x1: left, y1: y(max), x2: W - right, y2: y(max)}),
                 svg("text", {x: left - 4, y: y(max) + 4, "text-anchor": "end"}, String(max)),
                 svg("text", {x: left - 4, y: y(0) + 4, "text-anchor": "end"}, "0"),
                 svg("text", {x: left, y: H - 6}, clock(ws[0].window_end)),
                 svg("text", {x: W - right, y: H - 6, "text-anchor": "end"},
                     clock(ws[ws.length - 1].window_end))];
  ws.forEach((w, i) => {
    const slot = isFinite(step) ? Math.round((times[i] - t0) / step) : 0;
    const col = svg("rect", {class: "col", x: left + slot * width, y: y(w.searches),
                             width: Math.max(1, width * 0.8), height: y(0) - y(w.searches)});
    col.append(svg("title", {}, clock(w.window_end) + ": " + w.searches + " searches, rank " +
                                    w.rank));
    parts.push(col);
  });
  box.replaceChildren(...parts);
  const last = ws[ws.length - 1];
  note.textContent = ws.length + " windows in the top; latest " + last.searches +
      " searches (rank " + last.rank + ") in the window ending " + last.window_end;
}
async function lookup(ev) {
  ev.preventDefault();
  const out = document.getElementById("answer");
  const user = document.getElementById("user").value.trim();
  const date = document.getElementById("date").value;
  let url = "api/second-hotel?user=" + encodeURIComponent(user);
  if (date) url += "&date=" + encodeURIComponent(date);
  try {
    const r = await fetch(url);
    const a = await r.json();
    out.className = r.ok ? "" : "error";
    if (!r.ok) out.textContent = a.error;
    else if (a.source === null) out.textContent = "The job holds no state for " + a.date + ".";
    else if (a.first_hotel === null)
      out.textContent = "User " + a.user + " clicked no hotel on " + a.date + ".";
    else
      out.textContent = "User " + a.user + " on " + a.date + ": first hotel " + a.first_hotel +
          ", second distinct hotel " + (a.second_hotel === null ? "none yet" : a.second_hotel) + ".";
  } catch (e) {
    out.className = "error";
    out.textContent = "look-up failed: " + e;
  }
}
document.getElementById("lookup").addEventListener("submit", lookup);
async function status() {
  try {
    const s = await (await fetch("api/status")).json();
    const list = o => Object.entries(o).map(([k, v]) => k + " " + v).join(", ") || "none";
    const rate = s.records_per_second === null ? "" : " (" + Math.round(s.records_per_second) + "/s)";
    const lag = s.consumer_lag_total === null ? "" : " · consumer lag " + s.consumer_lag_total;
    const delay = s.event_time_lag_seconds === null ? "" :
        " · " + s.event_time_lag_seconds.toFixed(1) + " s behind the clock";
    document.getElementById("status").textContent =
        s.command + " · group " + s.group + " · topic " + s.topic + " · " + s.records +
        " records" + rate + " · " + s.searches + " searches · watermark " +
        (s.watermark || "not yet") + delay + lag + " · late searches: " + list(s.late_searches) +
        " · bad records: " + list(s.bad_records);
    const partitions = Object.entries(s.consumer_lag);
    document.getElementById("lag-details").hidden = partitions.length === 0;
    document.getElementById("lag").textContent =
        partitions.map(([p, n]) => "partition " + p + ": " + n).join(" · ");
  } catch (e) {
    document.getElementById("status").textContent = "status unavailable: " + e;
  }
}
fetch("api/windows?last=1").then(r => r.json()).then(ws => { if (ws.length) show(ws[0]); });
new EventSource("api/windows/stream").addEventListener("window", ev => show(JSON.parse(ev.data)));
status();
setInterval(status, 5000);
</script>
</body>
</html>
)html";

}  // namespace clicklog::http
