// ClientLog: where librdkafka's own log lines go, and what they say about a failed connection.
// A client's lines are held back until it has shown it can use the cluster (its first topic
// lookup succeeded), so that a client that cannot connect, authenticate or is not authorized
// fails with one line saying why, not a stream of retries; after that they go to clicklog's
// log. librdkafka calls these hooks from its own threads, for any number of clients, so the
// state is process-wide, keyed by handle, behind a mutex.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

namespace clicklog::kafka {

// Installs the log and TLS certificate verification callbacks on conf (make_conf does this for
// every client). Certificates are verified as librdkafka would; the callback only remembers why
// one was refused.
void install_client_log(rd_kafka_conf_t* conf);

// From now on rk's log lines go to clicklog's log.
void mark_client_in_use(const rd_kafka_t* rk);

// Why rk could not connect, from what librdkafka logged while it tried, in words for a user
// (e.g. "SASL authentication failed for user 'alice' (PLAIN): ..."); empty when it logged no
// connection failure.
std::string connect_failure(rd_kafka_t* rk);

// Drops what is kept about rk; called once it is destroyed.
void forget_client(const rd_kafka_t* rk);

}  // namespace clicklog::kafka
