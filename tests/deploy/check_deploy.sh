#!/usr/bin/env bash
# Checks deploy/: systemd accepts the units as they are (systemd-analyze verify prints nothing:
# no unknown key, no bad value), and clicklog accepts the example config files (every key a
# flag, the secret indirection resolved), failing only where no server answers.
#   tests/deploy/check_deploy.sh CLICKLOG_BINARY
set -euo pipefail
bin=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deploy=$here/../../deploy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_deploy: $*" >&2; exit 1; }

# The units name /usr/local/bin/clicklog; verify wants an executable there.
for unit in "$deploy"/systemd/*; do
  sed "s|/usr/local/bin/clicklog|$bin|g" "$unit" >"$work/$(basename "$unit")"
done
out=$(cd "$work" && systemd-analyze verify ./*.service ./*.timer 2>&1) || fail "verify failed: $out"
[[ -z $out ]] || fail "systemd-analyze verify complained: $out"

# run.toml: its secret file stands where systemd would put the credential.
echo "not-a-real-password" >"$work/kafka-password"
sed "s|/run/credentials/clicklog-run.service/kafka-password|$work/kafka-password|" \
  "$deploy/run.toml" >"$work/run.toml"
chmod 600 "$work/run.toml" "$work/kafka-password"
set +e
err=$("$bin" run --config "$work/run.toml" --brokers 127.0.0.1:1 --store "" --timeout 1s 2>&1 >/dev/null)
code=$?
set -e
[[ $code == 1 && $err == *"cannot reach Kafka at 127.0.0.1:1"* ]] ||
  fail "run.toml: expected exit 1 for the unreachable broker, got $code: $err"

cp "$deploy/second-hotel.toml" "$work/second-hotel.toml"
chmod 600 "$work/second-hotel.toml"
set +e
err=$("$bin" second-hotel --config "$work/second-hotel.toml" --date yesterday \
  --store "rocksdb:$work/no-store" --timeout 1s 2>&1 >/dev/null)
code=$?
set -e
[[ $code == 1 && $err == *"no clicks saved"* ]] ||
  fail "second-hotel.toml: expected exit 1 for the empty store, got $code: $err"
echo "check_deploy: units verified, example configs accepted"
