#include "cql/cluster_uri.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "common/secret.h"

namespace clicklog::cql {

std::string Endpoint::to_string() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

Result<Endpoint> parse_endpoint(std::string_view text, uint16_t default_port) {
  Endpoint ep{.port = default_port};
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return Error{fmt::format("unclosed '[' in '{}'", text)};
    ep.host = std::string(text.substr(1, close - 1));
    auto after = text.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Error{fmt::format("junk after ']' in '{}'", text)};
      port_text = after.substr(1);
    }
  } else {
    auto colon = text.find(':');
    ep.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) port_text = text.substr(colon + 1);
    if (colon != std::string_view::npos && port_text.find(':') != std::string_view::npos) {
      return Error{fmt::format("IPv6 address '{}' needs brackets: [addr]:port", text)};
    }
  }
  if (ep.host.empty()) return Error{fmt::format("empty host in '{}'", text)};
  if (!port_text.empty() || text.back() == ':') {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return Error{fmt::format("bad port '{}' in '{}'", port_text, text)};
    }
    ep.port = static_cast<uint16_t>(port);
  }
  return ep;
}

namespace {

// tls=, ca=, user= and password= into `out`; the rest into out.options.
Status parse_options(std::string_view query, ClusterUri& out) {
  std::optional<bool> tls;
  std::optional<std::string> ca, user, password;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string key(pair.substr(0, eq));
    const std::string value(eq == std::string_view::npos ? std::string_view{}
                                                         : pair.substr(eq + 1));
    if (key == "tls") {
      if (value != "1" && value != "0" && value != "true" && value != "false") {
        return Error{fmt::format("tls='{}': want 1 or 0", value)};
      }
      tls = value == "1" || value == "true";
    } else if (key == "ca") {
      if (value.empty()) return Error{"ca= needs the path of a PEM file"};
      ca = value;
    } else if (key == "user") {
      user = value;
    } else if (key == "password") {
      auto secret = resolve_secret(value);
      if (!secret) return Error{"password: " + secret.error().message};
      password = std::move(*secret);
    } else {
      out.options.emplace_back(key, value);
    }
  }
  if (ca && tls == false) return Error{"ca= is for TLS, but tls=0"};
  if (tls.value_or(ca.has_value())) out.tls = TlsOptions{ca.value_or("")};
  if (password && !user && !out.credentials) return Error{"password= without user="};
  if (user) {
    if (out.credentials) return Error{"user= and USER@ in the same URI"};
    out.credentials = Credentials{*user, password.value_or("")};
  } else if (password) {
    out.credentials->password = *password;
  }
  return {};
}

}  // namespace

Result<ClusterUri> parse_cluster_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "cassandra://";
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return Error{fmt::format("'{}' is not a cassandra:// URI", uri)};
  }
  const auto question = uri.find('?');
  const auto query =
      question == std::string_view::npos ? std::string_view{} : uri.substr(question + 1);
  uri = uri.substr(0, question);
  const std::string shown = redact_uri(uri);  // errors must not show a password
  auto rest = uri.substr(kScheme.size());
  ClusterUri out;
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.keyspace = std::string(rest.substr(slash + 1));
  if (out.keyspace.find('/') != std::string::npos) {
    return Error{fmt::format("keyspace '{}' in '{}' has a '/'", out.keyspace, shown)};
  }
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    auto userinfo = authority.substr(0, at);
    auto colon = userinfo.find(':');
    out.credentials = Credentials{
        std::string(userinfo.substr(0, colon)),
        colon == std::string_view::npos ? std::string() : std::string(userinfo.substr(colon + 1))};
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) return Error{fmt::format("'{}' names no host", shown)};
  for (;;) {
    auto comma = authority.find(',');
    auto ep = parse_endpoint(authority.substr(0, comma));
    if (!ep) return Error{fmt::format("{}: {}", shown, ep.error().message)};
    out.contact_points.push_back(*ep);
    if (comma == std::string_view::npos) break;
    authority = authority.substr(comma + 1);
  }
  if (auto st = parse_options(query, out); !st)
    return Error{fmt::format("{}: {}", shown, st.message())};
  return out;
}

std::string redact_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "cassandra://";
  if (uri.substr(0, kScheme.size()) != kScheme) return std::string(uri);
  const auto question = uri.find('?');
  auto head = std::string(uri.substr(0, question));
  const auto authority_end = std::min(head.find('/', kScheme.size()), head.size());
  const auto at = head.rfind('@', authority_end);
  if (at != std::string::npos && at >= kScheme.size()) {
    const auto colon = head.find(':', kScheme.size());
    if (colon < at) head.replace(colon + 1, at - colon - 1, "***");
  }
  if (question == std::string_view::npos) return head;
  std::string out = head;
  char separator = '?';
  for (auto query = uri.substr(question + 1);;) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto value = pair.substr(std::min(pair.size(), std::string_view("password=").size()));
    out += separator;
    separator = '&';
    if (pair.starts_with("password=") && !value.starts_with("env:") &&
        !value.starts_with("file:")) {
      out += "password=***";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

}  // namespace clicklog::cql
