#include "cql/cluster_uri.h"

#include <fmt/format.h>

#include <charconv>

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

Result<ClusterUri> parse_cluster_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "cassandra://";
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return Error{fmt::format("'{}' is not a cassandra:// URI", uri)};
  }
  auto rest = uri.substr(kScheme.size());
  ClusterUri out;
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.keyspace = std::string(rest.substr(slash + 1));
  if (out.keyspace.find('/') != std::string::npos) {
    return Error{fmt::format("keyspace '{}' in '{}' has a '/'", out.keyspace, uri)};
  }
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    auto userinfo = authority.substr(0, at);
    auto colon = userinfo.find(':');
    out.credentials = Credentials{std::string(userinfo.substr(0, colon)),
                                  colon == std::string_view::npos
                                      ? std::string()
                                      : std::string(userinfo.substr(colon + 1))};
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) return Error{fmt::format("'{}' names no host", uri)};
  for (;;) {
    auto comma = authority.find(',');
    auto ep = parse_endpoint(authority.substr(0, comma));
    if (!ep) return Error{fmt::format("{}: {}", uri, ep.error().message)};
    out.contact_points.push_back(*ep);
    if (comma == std::string_view::npos) break;
    authority = authority.substr(comma + 1);
  }
  return out;
}

}  // namespace clicklog::cql
