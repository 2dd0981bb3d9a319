#include "common/metrics.h"

#include <deque>
#include <map>
#include <mutex>

namespace clicklog::metrics {
namespace {

struct Registry {
  std::mutex mutex;
  std::deque<Metric> metrics;  // deque: stable addresses
  std::map<std::pair<std::string, std::string>, Metric*> index;
};

Registry& registry() {
  static Registry r;
  return r;
}

Metric& get(std::string_view name, std::string_view help, std::string_view labels, bool gauge) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto key = std::pair{std::string(name), std::string(labels)};
  if (auto it = r.index.find(key); it != r.index.end()) return *it->second;
  Metric& m = r.metrics.emplace_back();
  m.name = key.first;
  m.labels = key.second;
  m.help = help;
  m.gauge = gauge;
  r.index.emplace(std::move(key), &m);
  return m;
}

}  // namespace

Metric& counter(std::string_view name, std::string_view help, std::string_view labels) {
  return get(name, help, labels, false);
}
Metric& gauge(std::string_view name, std::string_view help, std::string_view labels) {
  return get(name, help, labels, true);
}

std::vector<Sample> snapshot() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<Sample> out;
  for (const auto& [key, m] : r.index) out.push_back({m->name, m->labels, m->get()});
  return out;
}

std::string render_prometheus() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::string out;
  std::string last;
  for (const auto& [key, m] : r.index) {
    if (m->name != last) {
      out += "# HELP " + m->name + " " + m->help + "\n";
      out += "# TYPE " + m->name + (m->gauge ? " gauge\n" : " counter\n");
      last = m->name;
    }
    out += m->name;
    if (!m->labels.empty()) out += "{" + m->labels + "}";
    out += " " + std::to_string(m->get()) + "\n";
  }
  return out;
}

}  // namespace clicklog::metrics
