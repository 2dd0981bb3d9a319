// HttpServer: the one HTTP endpoint of a process (CONTRACT.md section 7, docs/http-api.md):
// Prometheus metrics, health, and the JSON API over a LiveView, served by cpp-httplib from its
// own threads. Read-only; a bad parameter gets 400 and an unknown path 404, each with a
// one-line JSON error. The destructor stops it and joins its threads.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "common/result.h"
#include "http/hotel_lookups.h"
#include "http/live_view.h"

namespace httplib {
class Server;
}

namespace clicklog::http {

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
};
// "ADDRESS:PORT", "[IPv6]:PORT", ":PORT" or "PORT" (loopback unless an address is given).
Result<Endpoint> parse_endpoint(std::string_view text);

// What /api/status says about the job beside its metrics.
struct JobInfo {
  std::string command;  // run, demo
  std::string group;
  std::string topic;
};

class HttpServer {
 public:
  // Binds (port 0: any free one) and starts serving; a refused bind names the address and why.
  // `hotels`: where /api/second-hotel asks the job (nullptr: the job keeps no such state).
  static Result<std::unique_ptr<HttpServer>> start(const Endpoint& endpoint, LiveView& view,
                                                   JobInfo info, HotelLookups* hotels = nullptr);
  ~HttpServer();

  int port() const { return port_; }
  // http://HOST:PORT/ with IPv6 hosts bracketed.
  std::string url() const;

 private:
  HttpServer(LiveView& view, JobInfo info, HotelLookups* hotels);
  void add_routes();
  std::string status_json() const;

  LiveView& view_;
  JobInfo info_;
  HotelLookups* hotels_;
  std::unique_ptr<httplib::Server> server_;
  std::string host_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace clicklog::http
