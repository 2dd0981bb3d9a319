# shellcheck shell=bash
# scripts/bench-peers --live: result latency at a live rate. Sourced by bench-peers once Kafka
# runs and the peers are built; uses its variables (bin, brokers, kafka, partitions, peers,
# peer_cmd, py, out, root).

# live_latency SECONDS: every engine reads topic clicklog-live from the start while `clicklog
# produce` writes RATE events/s of wall-clock event times into it for SECONDS; then each
# window's latency is its last result out minus window end + lateness (the moment the watermark
# passes the end at live event times). Prints the table of bench/peers/latency.py.
live_latency() {
  local seconds=$1 rate=${CLICKLOG_LIVE_RATE:-5000} lateness_ms=10000 warmup=30
  local topic=clicklog-live pids=() p
  "$kafka" create-topic "$topic" "$partitions" >/dev/null
  query=(--brokers "$brokers" --topic "$topic" --schema "$schema" --lateness-ms "$lateness_ms"
    --parallelism "$parallelism" --live true)
  # The engines first, so that each is reading when the traffic starts (the JVMs take seconds).
  "$bin" run -b "$brokers" --topic "$topic" --group "clicklog-live-$$" --output jsonl \
    --lateness "$((lateness_ms / 1000))s" --results-topic '' --state-topic '' 2>"$out/live-clicklog.err" |
    "$py" "$root/bench/peers/stamp.py" >"$out/live-clicklog.tsv" &
  pids+=($!)
  for p in $peers; do
    peer_cmd "$p"
    "${cmd[@]}" >"$out/live-$p.out" 2>"$out/live-$p.err" &
    pids+=($!)
  done
  say "live: engines started; traffic in ${warmup}s, ${rate} events/s for ${seconds}s"
  sleep "$warmup"
  local from_ms
  from_ms=$(date +%s%3N)
  "$bin" produce -b "$brokers" --topic "$topic" --rate "$rate" --duration "${seconds}s" \
    --progress off 2>"$out/live-produce.err"
  sleep $((lateness_ms / 1000 + 5))  # the last windows the traffic closed
  pkill -TERM -f "clicklog-live-$$" 2>/dev/null || true
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  local args=(--lateness-ms "$lateness_ms" --from-ms "$from_ms" --clicklog "$out/live-clicklog.tsv")
  for p in $peers; do args+=(--peer "$p" "$out/live-$p.err"); done
  echo "$from_ms" >"$out/live-from-ms"
  "$py" "$root/bench/peers/latency.py" "${args[@]}"
  echo "bench-peers --live: ${seconds} s at ${rate} events/s over $partitions partitions, lateness ${lateness_ms} ms; logs in $out" >&2
}
