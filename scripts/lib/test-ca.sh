# shellcheck shell=bash
# A throw-away certificate authority for the secured test servers (scripts/kafka start --secure,
# scripts/cassandra start --tls), and the random secrets that go with them. Needs proc.sh
# sourced first (die).

# test_secret FILE: the secret in FILE, made once (random hex) and readable by its owner only.
test_secret() {
  local file=$1
  [[ -s $file ]] || (umask 077 && openssl rand -hex 18 >"$file")
  cat "$file"
}

# test_ca_make DIR NAME STORE_PASSWORD: a CA (DIR/ca.pem) and a certificate for server NAME
# (DIR/NAME.pem) for the IP address 127.0.0.1 only (no host name, so a client connecting to
# "localhost" fails host name verification), once per DIR; the server's key and chain go into
# the PKCS#12 key store DIR/NAME.p12, which both Kafka and Cassandra read.
test_ca_make() {
  local s=$1 name=$2 store_password=$3
  [[ -s $s/$name.p12 ]] && return 0
  command -v openssl >/dev/null || die "openssl not found; install it (scripts/install-deps --test)"
  (
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=clicklog test CA" \
      -keyout "$s/ca.key" -out "$s/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=clicklog test $name" \
      -keyout "$s/$name.key" -out "$s/$name.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >"$s/$name.ext"
    openssl x509 -req -in "$s/$name.csr" -CA "$s/ca.pem" -CAkey "$s/ca.key" -CAcreateserial \
      -days 30 -extfile "$s/$name.ext" -out "$s/$name.pem" 2>/dev/null
    openssl pkcs12 -export -name "$name" -in "$s/$name.pem" -inkey "$s/$name.key" \
      -certfile "$s/ca.pem" -passout "pass:$store_password" -out "$s/$name.p12.partial"
    mv "$s/$name.p12.partial" "$s/$name.p12"
  ) || die "making the test certificates in $s failed"
}
