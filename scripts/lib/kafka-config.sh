# shellcheck shell=bash
# Writes the configuration files of a local KRaft Kafka on 127.0.0.1 for scripts/kafka. One
# node is broker and controller at once; a larger cluster has a controller node (id 0) and
# broker nodes 1..N, so that the brokers can always hand their partitions over at shutdown
# (combined nodes cannot: the last ones lose the controller quorum they need for it).
# Needs proc.sh sourced first.

# kafka_write_server_config FILE NODE_DIR ID BROKERS PORT CONTROLLER_PORT [CLIENT_PROTOCOL]
#   ID 0 is the controller of a multi-broker cluster; PORT is this broker's client port, where
#   CLIENT_PROTOCOL (PLAINTEXT, or SASL_SSL for a secured cluster) is spoken, between brokers
#   too. The listener is named after its protocol.
kafka_write_server_config() {
  local file=$1 node=$2 id=$3 brokers=$4 port=$5 cport=$6 proto=${7:-PLAINTEXT}
  # Internal topics cannot be more replicated than the cluster has brokers; with 3 brokers
  # they keep a write quorum of 2 as a production cluster would.
  local rf=$((brokers < 3 ? brokers : 3))
  local min_isr=$((rf < 2 ? 1 : 2))
  local roles listeners voter_id
  if ((brokers == 1)); then
    roles=broker,controller voter_id=1
    listeners=$proto://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
  elif ((id == 0)); then
    roles=controller voter_id=0 listeners=CONTROLLER://127.0.0.1:$cport
  else
    roles=broker voter_id=0 listeners=$proto://127.0.0.1:$port
  fi
  cat >"$file" <<EOF
# Written by scripts/kafka at every start; edit the script, not this file.
process.roles=$roles
node.id=$id
controller.quorum.voters=$voter_id@127.0.0.1:$cport
controller.listener.names=CONTROLLER
listeners=$listeners
listener.security.protocol.map=$proto:$proto,CONTROLLER:PLAINTEXT
log.dirs=$node/data
EOF
  [[ $roles == controller ]] && return 0
  cat >>"$file" <<EOF
advertised.listeners=$proto://127.0.0.1:$port
inter.broker.listener.name=$proto

# Topics are created on purpose (scripts/kafka create-topic), as on a managed cluster.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=$rf
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
# Fewer coordinator partitions than the default 50: the first group join creates them all.
offsets.topic.num.partitions=12
# Tests start consumers and expect their first rebalance at once.
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
EOF
}

# kafka_write_server_log4j FILE LOG_DIR: the broker logs to LOG_DIR/server.log, not a terminal.
kafka_write_server_log4j() {
  local file=$1 logs=$2
  cat >"$file" <<EOF
status = warn
name = clicklog-kafka-server
appender.server.type = RollingFile
appender.server.name = server
appender.server.fileName = $logs/server.log
appender.server.filePattern = $logs/server.log.%i
appender.server.layout.type = PatternLayout
appender.server.layout.pattern = [%d] %p %m (%c)%n
appender.server.policies.type = Policies
appender.server.policies.size.type = SizeBasedTriggeringPolicy
appender.server.policies.size.size = 50MB
appender.server.strategy.type = DefaultRolloverStrategy
appender.server.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.server.ref = server
# One line per request at INFO would drown everything else.
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

# kafka_write_tools_log4j FILE: command-line tools print only warnings, on stderr, so their
# stdout stays their result.
kafka_write_tools_log4j() {
  local file=$1
  cat >"$file" <<EOF
status = warn
name = clicklog-kafka-tools
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = stderr
# A client warns on every retry while a broker is down; the tool's own error says enough.
logger.network.name = org.apache.kafka.clients.NetworkClient
logger.network.level = ERROR
EOF
}
