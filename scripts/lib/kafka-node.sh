# shellcheck shell=bash
# How scripts/kafka formats and launches one node: the cluster id, the KRaft storage format,
# the JVM command line (with its class data sharing archive) and the detached process.
# Uses the globals of scripts/kafka: home (jar cache), dir (data folder), brokers, port, cport,
# format_extra (more StorageTool arguments, e.g. SCRAM users), and its helpers pidfile and marker.
# shellcheck disable=SC2154  # those globals are assigned in scripts/kafka

# Kafka's own Uuid text form: 16 random bytes, base64url without padding, not starting with
# '-' (the tools would read it as an option).
random_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    [[ $id != -* ]] && { echo "$id"; return; }
  done
}

# Class data sharing: the first clean stop of node 1 leaves an archive of the classes Kafka
# loaded, and later starts map it instead of reading a hundred jars again (a third faster
# here). A JVM that finds the archive stale (another JDK, other jars) just runs without it.
cds_paths() {
  cds_archive=$home/kafka-server.jsa cds_dump=$dir/node-1/classes.jsa
}

jvm_speed_options() {
  local id=$1 cds_archive cds_dump
  cds_paths
  if [[ -s $cds_archive ]]; then echo "-XX:SharedArchiveFile=$cds_archive"
  elif ((id == 1)); then rm -f "$cds_dump"; echo "-XX:ArchiveClassesAtExit=$cds_dump"
  fi
  [[ ${CLICKLOG_KAFKA_FAST_START:-0} == 1 ]] && echo "-XX:TieredStopAtLevel=1"
  return 0
}

# After a clean stop, node 1's class archive becomes the cache's (atomically, for other
# clusters starting meanwhile).
keep_class_archive() {
  local cds_archive cds_dump
  cds_paths
  [[ -s $cds_dump && ! -s $cds_archive ]] || return 0
  cp "$cds_dump" "$cds_archive.$$" && mv -f "$cds_archive.$$" "$cds_archive"
  rm -f "$cds_dump"
}

start_node() {
  local id=$1 java=$2 node=$dir/node-$1 heap=${CLICKLOG_KAFKA_HEAP:-512m}
  ((id == 0)) && heap=${CLICKLOG_KAFKA_CONTROLLER_HEAP:-256m}
  local -a speed extra
  mapfile -t speed < <(jvm_speed_options "$id")
  read -r -a extra <<<"${CLICKLOG_KAFKA_JVM_OPTS:-}"
  kafka_write_server_log4j "$node/log4j2.properties" "$node/logs"
  # setsid: the node outlives this script and the terminal; its output goes to a file and
  # no descriptor of ours stays open in it (a caller reading our stdout would wait forever).
  setsid "$java" "-Xms$heap" "-Xmx$heap" \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true "${speed[@]}" "${extra[@]}" \
    -Dlog4j2.configurationFile="$node/log4j2.properties" -Dkafka.logs.dir="$node/logs" \
    -cp "$home/libs/*" kafka.Kafka "$node/server.properties" \
    </dev/null >"$node/logs/stdout.log" 2>&1 8>&- 9>&- &
  local pid=$! n
  echo "$pid" >"$(pidfile "$id")"
  # Until the forked shell has exec'd java, /proc/PID/cmdline is this script's and the node
  # reads as dead: on a busy machine a check right after this failed the start.
  for ((n = 0; n < 100; n++)); do
    node_alive "$id" || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.1
  done
}

format_node() {
  local id=$1 java=$2 cluster_id=$3 node=$dir/node-$1
  [[ -f $node/data/meta.properties ]] && return 0
  # A one-shot tool: C1 alone compiles what it needs soonest.
  "$java" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$home/tools-log4j2.properties" \
    -cp "$home/libs/*" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$node/server.properties" "${format_extra[@]}" >"$node/logs/format.log" 2>&1 9>&- ||
    { log_tail "$node/logs/format.log"; die "formatting node $id failed"; }
}

