#include "kafka/client_log.h"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "common/log.h"

namespace clicklog::kafka {

namespace {

struct ClientState {
  bool in_use = false;
  std::string failure;      // the last connection failure logged, without its decorations
  int x509_error = 0;       // why the broker's certificate was refused (X509_V_ERR_*), or 0
  std::string cert_broker;  // the broker (as librdkafka names it) whose certificate it was
};

std::mutex g_mutex;
std::unordered_map<const rd_kafka_t*, ClientState> g_clients;

// "[thrd:sasl_ssl://h:9093/bootstrap]: sasl_ssl://h:9093/bootstrap: SSL handshake failed: x
// (after 19ms in state SSL_HANDSHAKE)" -> "SSL handshake failed: x". librdkafka's wording, as
// it logs a FAIL line (rdkafka_broker.c), is all this relies on.
std::string failure_text(std::string_view line) {
  if (line.starts_with("[thrd:")) {
    if (const auto end = line.find("]: "); end != std::string_view::npos)
      line.remove_prefix(end + 3);
  }
  // The broker's name, as "sasl_ssl://h:9093/bootstrap: " or "h:9093/1: ".
  if (const auto colon = line.find(": "); colon != std::string_view::npos) {
    const std::string_view name = line.substr(0, colon);
    if (name.find('/') != std::string_view::npos && name.find(' ') == std::string_view::npos) {
      line.remove_prefix(colon + 2);
    }
  }
  if (const auto after = line.rfind(" (after "); after != std::string_view::npos) {
    line = line.substr(0, after);
  }
  return std::string(line);
}

void on_log(const rd_kafka_t* rk, int level, const char* facility, const char* line) {
  {
    std::lock_guard lock(g_mutex);
    ClientState& state = g_clients[rk];
    if (!state.in_use) {
      // FAIL: a broker connection failed (refused, TLS, SASL); held as the reason to report.
      if (std::string_view(facility) == "FAIL") state.failure = failure_text(line);
      log::debug("kafka {}: {}", facility, line);
      return;
    }
  }
  if (level <= 4) {
    log::warn("kafka: {}", line);
  } else if (level <= 6) {
    log::info("kafka: {}", line);
  } else {
    log::debug("kafka {}: {}", facility, line);
  }
}

// Verifies as librdkafka's default does (OpenSSL's verdict stands) and remembers a refusal.
int on_certificate(rd_kafka_t* rk, const char* broker_name, int32_t, int* x509_error, int depth,
                   const char*, size_t, char* errstr, size_t errstr_size, void*) {
  if (*x509_error == 0) return 1;
  std::snprintf(errstr, errstr_size, "certificate at depth %d: %s", depth,
                X509_verify_cert_error_string(*x509_error));
  std::lock_guard lock(g_mutex);
  ClientState& state = g_clients[rk];
  state.x509_error = *x509_error;
  state.cert_broker = broker_name;
  return 0;
}

std::string conf_value(rd_kafka_t* rk, const char* key) {
  char value[512];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(rd_kafka_conf(rk), key, value, &size) != RD_KAFKA_CONF_OK) return {};
  return value;
}

// "sasl_ssl://localhost:9093/bootstrap" -> "localhost".
std::string host_of(std::string_view broker) {
  if (const auto scheme = broker.find("://"); scheme != std::string_view::npos) {
    broker.remove_prefix(scheme + 3);
  }
  return std::string(broker.substr(0, broker.rfind(':')));
}

std::string certificate_problem(rd_kafka_t* rk, const ClientState& state) {
  const std::string why = X509_verify_cert_error_string(state.x509_error);
  switch (state.x509_error) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return fmt::format(
          "TLS: the broker's certificate is not valid for the host name '{}' ({}); connect "
          "with a name the certificate holds",
          host_of(state.cert_broker), why);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: {
      const std::string ca = conf_value(rk, "ssl.ca.location");
      return fmt::format(
          "TLS: the broker's certificate is not signed by a CA this client trusts ({}; "
          "ssl.ca.location is {})",
          why, ca.empty() ? "not set, so the system's CAs" : ca);
    }
    default:
      return fmt::format("TLS: the broker's certificate was refused: {}", why);
  }
}

std::string sasl_problem(rd_kafka_t* rk, const std::string& failure) {
  const std::string mechanism = conf_value(rk, "sasl.mechanisms");
  std::string text = fmt::format(
      "SASL authentication failed for user '{}' ({}): {}", conf_value(rk, "sasl.username"),
      mechanism,
      failure.substr(failure.find("error: ") == std::string::npos ? 0
                                                                  : failure.find("error: ") + 7));
  // librdkafka before 2.6.1 computes a SCRAM proof that Kafka 4 brokers reject as invalid
  // credentials, right password or not.
  if (mechanism.starts_with("SCRAM") && rd_kafka_version() < 0x020601ff) {
    text += fmt::format(
        " (if the password is right: librdkafka {} cannot do SCRAM with Kafka 4 brokers, "
        "fixed in librdkafka 2.6.1; use sasl.mechanisms=PLAIN over SASL_SSL if the cluster "
        "offers it)",
        rd_kafka_version_str());
  }
  return text;
}

}  // namespace

void install_client_log(rd_kafka_conf_t* conf) {
  rd_kafka_conf_set_log_cb(conf, &on_log);
  // Fails only where librdkafka has no TLS, and then no certificate is ever checked.
  (void)rd_kafka_conf_set_ssl_cert_verify_cb(conf, &on_certificate);
}

void mark_client_in_use(const rd_kafka_t* rk) {
  std::lock_guard lock(g_mutex);
  g_clients[rk].in_use = true;
}

std::string connect_failure(rd_kafka_t* rk) {
  ClientState state;
  {
    std::lock_guard lock(g_mutex);
    const auto it = g_clients.find(rk);
    if (it == g_clients.end()) return {};
    state = it->second;
  }
  if (state.x509_error != 0) return certificate_problem(rk, state);
  if (state.failure.find("SASL authentication error") != std::string::npos) {
    return sasl_problem(rk, state.failure);
  }
  return state.failure;
}

void forget_client(const rd_kafka_t* rk) {
  std::lock_guard lock(g_mutex);
  g_clients.erase(rk);
}

}  // namespace clicklog::kafka
