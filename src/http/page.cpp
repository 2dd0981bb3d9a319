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
  @media (max-width: 30rem) { li { grid-template-columns: 1.5rem 1.2rem 7rem 1fr; } }
</style>
</head>
<body>
<h1>Most searched destinations</h1>
<p id="window">Waiting for the first window…</p>
<ol id="top"></ol>
<p id="status"></p>
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
    return li;
  }));
  previous = ranks;
}
async function status() {
  try {
    const s = await (await fetch("api/status")).json();
    const bad = Object.entries(s.bad_records).map(([k, v]) => k + " " + v).join(", ") || "none";
    document.getElementById("status").textContent =
        s.command + " · group " + s.group + " · topic " + s.topic + " · " + s.records +
        " records · " + s.searches + " searches · watermark " + (s.watermark || "not yet") +
        " · bad records: " + bad;
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
