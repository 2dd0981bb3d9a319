// MetricsServer: a tiny HTTP endpoint on loopback (or any address) that serves the metrics
// registry in Prometheus text format at /metrics, and "ok" at /health. One background thread
// owns the listening socket; the destructor stops and joins it.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "common/result.h"

namespace clicklog::metrics {

class Server {
 public:
  // Binds host:port (port 0 picks a free one) and starts serving.
  static Result<std::unique_ptr<Server>> start(const std::string& host, int port);
  ~Server();

  int port() const { return port_; }

 private:
  Server(int fd, int port);
  void serve();

  int fd_;
  int port_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace clicklog::metrics
