#include "http/http_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <charconv>
#include <chrono>
#include <map>

#include "common/job_counts.h"
#include "common/json.h"
#include "common/metrics.h"
#include "common/time_format.h"
#include "http/destination_history.h"
#include "http/page.h"
#include "http/reply.h"
#include "http/second_hotel_api.h"

namespace clicklog::http {
namespace {

// A stream client that has not taken a byte for this long is cut off (a stuck reader).
constexpr auto kWriteTimeout = std::chrono::seconds(5);
// Stream comments this often keep proxies and browsers from closing an idle stream.
constexpr auto kKeepAliveEvery = std::chrono::seconds(15);
// A stream waits this long after a window for the rest of its burst: live traffic emits one
// window per slide, where 50 ms is nothing; a replay emits hundreds a second, where waking each
// client once per window took a fifth of the job's core (docs/benchmarks.md).
constexpr auto kStreamLinger = std::chrono::milliseconds(50);
// Threads serving connections: every stream client holds one while it is connected.
constexpr size_t kThreads = 64;

std::optional<int> parse_port(std::string_view s) {
  int port = -1;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  if (ec != std::errc{} || end != s.data() + s.size() || port < 0 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view text) {
  Endpoint e;
  std::string_view port = text;
  if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    std::string_view host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
      return Error{
          fmt::format("--http {}: write an IPv6 address in brackets, e.g. [::1]:8080", text)};
    }
    if (!host.empty()) e.host = std::string(host);
  }
  const auto p = parse_port(port);
  if (!p)
    return Error{fmt::format("--http {}: expected ADDRESS:PORT with a port from 0 to 65535", text)};
  e.port = *p;
  return e;
}

HttpServer::HttpServer(LiveView& view, JobInfo info, HotelLookups* hotels)
    : view_(view),
      info_(std::move(info)),
      hotels_(hotels),
      server_(std::make_unique<httplib::Server>()) {}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const Endpoint& endpoint, LiveView& view,
                                                      JobInfo info, HotelLookups* hotels) {
  std::unique_ptr<HttpServer> s(new HttpServer(view, std::move(info), hotels));
  httplib::Server& server = *s->server_;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server.set_write_timeout(std::chrono::duration_cast<std::chrono::seconds>(kWriteTimeout).count(),
                           0);
  server.set_read_timeout(5, 0);
  server.set_keep_alive_max_count(100);
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second clicklog
  // binding a port in use would share it silently instead of being told.
  server.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  s->add_routes();
  s->host_ = endpoint.host;
  if (endpoint.port == 0) {
    s->port_ = server.bind_to_any_port(endpoint.host);
  } else if (server.bind_to_port(endpoint.host, endpoint.port)) {
    s->port_ = endpoint.port;
  } else {
    s->port_ = -1;
  }
  if (s->port_ <= 0) {
    return Error{
        fmt::format("HTTP endpoint {}:{}: cannot listen there (address in use, or not "
                    "an address of this machine)",
                    endpoint.host, endpoint.port)};
  }
  s->thread_ = std::thread([raw = s.get()] { raw->server_->listen_after_bind(); });
  s->sampler_ = std::thread([raw = s.get()] { raw->sample_records(); });
  // stop() before the loop runs would be missed and the join would wait forever.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server.is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return s;
}

HttpServer::~HttpServer() {
  {
    std::lock_guard lock(sampler_mutex_);
    stopping_ = true;
  }
  sampler_wake_.notify_all();
  if (sampler_.joinable()) sampler_.join();
  // The streams send what they hold (a bounded run's last windows come all at once) before
  // the server stops calling them; a stuck client is given up on after a second.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (!view_.drained() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void HttpServer::sample_records() {
  static auto& records =
      metrics::counter("clicklog_records_total", "Kafka records read by the job");
  std::unique_lock lock(sampler_mutex_);
  while (!stopping_) {
    rate_.sample(RecordRate::Clock::now(), records.get());
    sampler_wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_.load(); });
  }
}

namespace {

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string HttpServer::url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", host_, v6 ? "]" : "", port_);
}

void HttpServer::add_routes() {
  httplib::Server& s = *server_;
  s.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kLivePage.data(), kLivePage.size(), "text/html; charset=utf-8");
  });
  s.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  s.Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    refresh_event_time_lag(wall_now_ms(), metrics::job_counts().watermark_ms);
    res.set_content(metrics::render_prometheus(), "text/plain; version=0.0.4");
  });
  s.Get("/api/status", [this](const httplib::Request&, httplib::Response& res) {
    reply_json(res, status_json(info_, view_, rate_.per_second(), wall_now_ms()));
  });
  s.Get("/api/windows", [this](const httplib::Request& req, httplib::Response& res) {
    size_t n = 10;
    if (req.has_param("last")) {
      const std::string text = req.get_param_value("last");
      const auto max = static_cast<int64_t>(view_.capacity());
      const auto value = parse_whole_number(text, 1, max);
      if (!value) return reply_error(res, 400, whole_number_error("last", 1, max, text));
      n = static_cast<size_t>(*value);
    }
    std::string body = "[";
    const auto windows = view_.last(n);
    for (size_t i = 0; i < windows.size(); ++i) {
      if (i) body += ',';
      body += windows[i];
    }
    body += "]\n";
    res.set_content(body, "application/json");
  });
  // NAME arrives URL-decoded in the path ("%2F" too), so any destination can be asked for.
  s.Get(R"(/api/destinations/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    if (name.empty())
      return reply_error(res, 400, "destination: expected a name after /api/destinations/");
    int64_t hours = 1;
    if (req.has_param("hours")) {
      const std::string text = req.get_param_value("hours");
      const auto value = parse_whole_number(text, 1, kMaxHistoryHours);
      if (!value)
        return reply_error(res, 400, whole_number_error("hours", 1, kMaxHistoryHours, text));
      hours = *value;
    }
    reply_json(res, destination_history_json(view_, name, static_cast<int>(hours)));
  });
  s.Get("/api/second-hotel", [this](const httplib::Request& req, httplib::Response& res) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto today = std::chrono::duration_cast<std::chrono::days>(now).count();
    serve_second_hotel(hotels_, static_cast<int32_t>(today), req, res);
  });
  s.Get("/api/windows/stream", [this](const httplib::Request&, httplib::Response& res) {
    auto sub = view_.subscribe();
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    auto last_write = std::make_shared<std::chrono::steady_clock::time_point>();
    res.set_chunked_content_provider(
        "text/event-stream", [this, sub, last_write](size_t offset, httplib::DataSink& sink) {
          const auto send = [&](const std::string& text) {
            *last_write = std::chrono::steady_clock::now();
            return sink.write(text.data(), text.size());
          };
          const auto send_windows = [&](const std::vector<std::string>& windows) {
            std::string events;
            for (const auto& w : windows) events += "event: window\ndata: " + w + "\n\n";
            const bool ok = send(events);
            sub->sent();
            return ok;
          };
          if (offset == 0) return send(": clicklog window stream\n\n");
          if (sub->dropped()) return false;
          // A bounded run emits its last windows at once and stops: they still go out.
          if (stopping_) {
            const auto left = sub->take(std::chrono::milliseconds(0), std::chrono::milliseconds(0));
            if (!left.empty()) send_windows(left);
            return false;
          }
          if (auto windows = sub->take(std::chrono::milliseconds(500), kStreamLinger);
              !windows.empty()) {
            return send_windows(windows);
          }
          if (std::chrono::steady_clock::now() - *last_write >= kKeepAliveEvery) {
            return send(": keep-alive\n\n");
          }
          return !sub->dropped();
        });
  });
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404) {
      res.set_content(json_error("no such endpoint: " + req.path), "application/json");
    } else if (res.body.empty()) {
      res.set_content(json_error(fmt::format("HTTP {}", res.status)), "application/json");
    }
  });
}

}  // namespace clicklog::http
