// A custom aggregation: the 3 hotels clicked most per destination, over 1-minute windows every
// 10 s, with its state checkpointed every second (a crash loses and doubles nothing). One line
// per hotel ranked, tab-separated:  WINDOW_END_MS  DESTINATION  RANK  HOTEL  CLICKS
// Usage: top_hotels BROKERS TOPIC GROUP STATE_DIR until-end|follow [KAFKA_KEY=VALUE ...]
#include <clicklog/clicklog.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

// A destination's clicks by hotel: what one slide or window of one destination holds.
struct HotelClicks {
  std::map<std::string, int64_t> by_hotel;
  void add(const clicklog::RecordView& r) { ++by_hotel[std::string(*r.hotel)]; }
  void merge(const HotelClicks& other) {
    for (const auto& [hotel, n] : other.by_hotel) by_hotel[hotel] += n;
  }
  std::string save() const {  // "SIZE HOTEL COUNT " for each hotel: any bytes in a name
    std::string out;
    for (const auto& [hotel, n] : by_hotel) {
      out += std::to_string(hotel.size()) + ' ' + hotel + ' ' + std::to_string(n) + ' ';
    }
    return out;
  }
  static HotelClicks load(std::string_view bytes) {
    HotelClicks c;
    std::istringstream in{std::string(bytes)};
    for (size_t size; in >> size && in.get();) {
      std::string hotel(size, '\0');
      in.read(hotel.data(), static_cast<std::streamsize>(size));
      in >> c.by_hotel[hotel];
    }
    return c;
  }
};

int main(int argc, char** argv) {
  if (argc < 6) return std::fprintf(stderr, "usage: see top_hotels.cpp\n"), 2;
  using namespace std::chrono_literals;
  clicklog::PipelineOptions options{.brokers = argv[1], .topic = argv[2], .group = argv[3],
                                    .from_beginning = true,
                                    .until_end = std::string(argv[5]) == "until-end",
                                    .max_future = 0ms, .checkpoint_interval = 1s,
                                    .state_dir = argv[4]};
  for (int i = 6; i < argc; ++i) {
    const std::string kv = argv[i];
    options.kafka_properties[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
  }
  clicklog::Pipeline pipeline(options);
  pipeline.aggregate<HotelClicks>(
      {.name = "top-hotels", .window = 1min, .slide = 10s,
       .key = [](const clicklog::RecordView& r) -> std::optional<std::string> {
         if (r.action != "click" || !r.destination || !r.hotel || r.hotel->empty()) return {};
         return std::string(*r.destination);
       },
       .on_window = [](const clicklog::AggregateWindow<HotelClicks>& w) {
         for (const auto& [destination, clicks] : w.by_key) {
           std::vector<std::pair<std::string, int64_t>> ranked(clicks.by_hotel.begin(),
                                                               clicks.by_hotel.end());
           std::stable_sort(ranked.begin(), ranked.end(),
                            [](const auto& a, const auto& b) { return a.second > b.second; });
           for (size_t i = 0; i < std::min<size_t>(3, ranked.size()); ++i) {
             std::printf("%lld\t%s\t%zu\t%s\t%lld\n", static_cast<long long>(w.end_ms),
                         destination.c_str(), i + 1, ranked[i].first.c_str(),
                         static_cast<long long>(ranked[i].second));
           }
         }
         std::fflush(stdout);  // whole lines before a crash
       }});
  try {
    pipeline.run();
  } catch (const clicklog::PipelineError& e) {
    return std::fprintf(stderr, "top_hotels: %s\n", e.what()), 1;
  }
}
