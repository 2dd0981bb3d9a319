// HttpServer: the one HTTP endpoint of a process (CONTRACT.md section 7, docs/http-api.md):
// Prometheus metrics, health, and the JSON API over a LiveView, served by cpp-httplib from its
// own threads. Read-only; a bad parameter gets 400 and an unknown path 404, each with a
// one-line JSON error. The destructor stops it and joins its threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/result.h"
#include "http/hotel_lookups.h"
#include "http/job_status.h"
#include "http/live_view.h"
#include "http/record_rate.h"

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
  // Once a second until stopped: the records total, for the rate in /api/status.
  void sample_records();

  LiveView& view_;
  JobInfo info_;
  HotelLookups* hotels_;
  std::unique_ptr<httplib::Server> server_;
  std::string host_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  RecordRate rate_;
  std::mutex sampler_mutex_;
  std::condition_variable sampler_wake_;
  std::thread sampler_;
};

}  // namespace clicklog::http
