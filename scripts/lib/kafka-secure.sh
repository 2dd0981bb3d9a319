# shellcheck shell=bash
# The secured variant of scripts/kafka (`start --secure`): a throw-away CA and broker
# certificate, SCRAM-SHA-512 users, the broker's SASL_SSL settings with ACLs on, and one
# librdkafka properties file per user (kcat's -F form). Everything lives in $dir/secure/,
# readable by its owner only. Needs proc.sh and test-ca.sh sourced first; uses the globals of
# scripts/kafka.
# shellcheck disable=SC2154  # dir, port and friends are assigned in scripts/kafka

# The users: admin is the broker's own (inter-broker) identity and a super user, used by
# this script's tools; allowed may use the clicklog topics and any consumer group; denied
# authenticates fine but no ACL names it.
SECURE_USERS=(admin allowed denied)
# The topics a secured cluster starts with, and their partitions.
SECURE_TOPICS=(clicklog:4 clicklog-dlq:1 top-destinations:1 clicklog-state:1)

secure_dir() { printf '%s\n' "$dir/secure"; }

# The SASL mechanism of the users' files. librdkafka before 2.6.1 computes a SCRAM proof that
# Kafka 4 brokers reject as "invalid credentials" (fixed in librdkafka 2.6.1; Debian 12 has
# 2.0.2, and so do kcat and clicklog here): with such a librdkafka, the files use PLAIN over the
# same TLS, which the broker offers beside SCRAM-SHA-512 for the same users and passwords.
# CLICKLOG_KAFKA_SASL_MECHANISM chooses.
secure_client_mechanism() {
  local v
  if [[ -n ${CLICKLOG_KAFKA_SASL_MECHANISM:-} ]]; then
    printf '%s\n' "$CLICKLOG_KAFKA_SASL_MECHANISM"
    return
  fi
  v=$(kcat -V 2>/dev/null | sed -n 's/.*librdkafka \([0-9][0-9.]*\).*/\1/p' | head -n1)
  if [[ -n $v ]] && printf '2.6.1\n%s\n' "$v" | sort -V -C; then echo SCRAM-SHA-512; else echo PLAIN; fi
}

# secure_password USER: that user's password, made once per data folder.
secure_password() { test_secret "$(secure_dir)/$1.password"; }

# secure_make_certs: the CA and the broker's certificate and key store (lib/test-ca.sh).
secure_make_certs() { test_ca_make "$(secure_dir)" broker "$(secure_password keystore)"; }

# secure_write_client_files: USER.properties (librdkafka, kcat -F) for every user, and
# admin-java.properties for Kafka's own tools (--command-config).
secure_write_client_files() {
  local s user mechanism
  s=$(secure_dir)
  mechanism=$(secure_client_mechanism)
  (
    umask 077
    for user in "${SECURE_USERS[@]}"; do
      cat >"$s/$user.properties" <<EOF
# librdkafka properties of user $user on the secured test cluster in $dir
# (clicklog --kafka-config, kcat -F). Written by scripts/kafka start --secure.
security.protocol=SASL_SSL
sasl.mechanisms=$mechanism
sasl.username=$user
sasl.password=$(secure_password "$user")
ssl.ca.location=$s/ca.pem
EOF
    done
    cat >"$s/admin-java.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(secure_password admin)";
ssl.truststore.type=PEM
ssl.truststore.location=$s/ca.pem
EOF
  )
}

# secure_prepare: certificates, passwords and client files, before the node is formatted.
secure_prepare() {
  mkdir -p "$(secure_dir)"
  chmod 700 "$(secure_dir)"
  secure_make_certs
  secure_write_client_files
}

# The StorageTool arguments that create the SCRAM users in the new cluster's metadata: KRaft
# keeps credentials there, and the broker needs admin's before it can talk to itself.
secure_format_args() {
  local user
  for user in "${SECURE_USERS[@]}"; do
    printf -- '--add-scram\nSCRAM-SHA-512=[name=%s,password=%s]\n' "$user" "$(secure_password "$user")"
  done
}

# secure_write_server_config FILE: appended to a broker's server.properties. The controller
# listener stays PLAINTEXT on loopback; its peers are ANONYMOUS there, hence a super user.
# PLAIN users are the JAAS options user_NAME="PASSWORD" (see secure_client_mechanism).
secure_write_server_config() {
  local file=$1 s user plain_users=""
  s=$(secure_dir)
  for user in "${SECURE_USERS[@]}"; do
    plain_users+=" user_$user=\"$(secure_password "$user")\""
  done
  cat >>"$file" <<EOF

# Security (scripts/kafka start --secure): SASL_SSL with SCRAM-SHA-512 (and PLAIN) and ACLs.
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(secure_password admin)";
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$(secure_password admin)"$plain_users;
ssl.keystore.type=PKCS12
ssl.keystore.location=$s/broker.p12
ssl.keystore.password=$(secure_password keystore)
ssl.key.password=$(secure_password keystore)
ssl.truststore.type=PEM
ssl.truststore.location=$s/ca.pem
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
EOF
}

# secure_tool LOG CLASS ARGS...: a Kafka tool as admin on the secured cluster, its output in
# $dir/secure/LOG.log.
secure_tool() {
  local log class=$2
  log=$(secure_dir)/$1.log
  shift 2
  (run_tool "$class" --bootstrap-server "$(bootstrap)" \
    --command-config "$(secure_dir)/admin-java.properties" "$@") >"$log" 2>&1 ||
    { log_tail "$log"; die "${class##*.} $* failed"; }
}

# secure_setup_cluster: the topics and the ACLs of user allowed, once per data folder. The
# JVMs of the tools run in parallel: each takes seconds to start.
secure_setup_cluster() {
  local s t name parts pid failed=0
  local -a pids=()
  s=$(secure_dir)
  [[ -f $s/setup.done ]] && return 0
  for t in "${SECURE_TOPICS[@]}"; do
    name=${t%%:*} parts=${t##*:}
    local -a configs=()
    [[ $name == top-destinations || $name == clicklog-state ]] && configs=(--config cleanup.policy=compact)
    (secure_tool "topic-$name" org.apache.kafka.tools.TopicCommand --create --if-not-exists --topic "$name" \
      --partitions "$parts" --replication-factor 1 "${configs[@]}") &
    pids+=($!)
  done
  local -a topics=()
  for t in "${SECURE_TOPICS[@]}"; do topics+=(--topic "${t%%:*}"); done
  (secure_tool acl-topics org.apache.kafka.tools.AclCommand --add --allow-principal User:allowed \
    --operation Describe --operation Read --operation Write --operation DescribeConfigs "${topics[@]}") &
  pids+=($!)
  (secure_tool acl-groups org.apache.kafka.tools.AclCommand --add --allow-principal User:allowed \
    --operation Describe --operation Read --group '*') &
  pids+=($!)
  # Not `wait` alone: the broker itself is a background job of this shell.
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "setting up the topics and ACLs failed"
  touch "$s/setup.done"
}

# The three lines `start --secure` and `status` print.
secure_report() {
  printf 'bootstrap: %s\nallowed: %s\ndenied: %s\n' "$(bootstrap)" \
    "$(secure_dir)/allowed.properties" "$(secure_dir)/denied.properties"
}
