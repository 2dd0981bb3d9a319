// A custom aggregation: the 3 hotels clicked most per destination, over 1-minute windows every
// 10 s, checkpointed every second (a crash loses and doubles nothing). One line per hotel:
//   WINDOW_END_MS \t DESTINATION \t RANK \t HOTEL \t CLICKS
// Usage: top_hotels BROKERS TOPIC GROUP STATE_DIR until-end|follow
#include <clicklog/clicklog.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

// A destination's clicks by hotel, in one slide or one window.
struct HotelClicks {
  std::map<std::string, int64_t> by_hotel;
  void add(const clicklog::RecordView& r) { ++by_hotel[std::string(*r.hotel)]; }
  void merge(const HotelClicks& o) {
    for (const auto& [hotel, n] : o.by_hotel) by_hotel[hotel] += n;
  }
  std::string save() const {  // "SIZE HOTEL COUNT " per hotel: any bytes in a name
    std::ostringstream out;
    for (const auto& [hotel, n] : by_hotel) out << hotel.size() << ' ' << hotel << ' ' << n << ' ';
    return out.str();
  }
  static HotelClicks load(std::string_view bytes) {
    HotelClicks c;
    std::istringstream in{std::string(bytes)};
    for (size_t size; in >> size && in.get();) {
      std::string hotel(size, '\0');
      in.read(hotel.data(), static_cast<std::streamsize>(size)) >> c.by_hotel[hotel];
    }
    return c;
  }
};

void print(const clicklog::AggregateWindow<HotelClicks>& w) {
  for (const auto& [destination, clicks] : w.by_key) {
    std::vector<std::pair<int64_t, std::string>> ranked;  // most clicks first, then by name
    for (const auto& [hotel, n] : clicks.by_hotel) ranked.emplace_back(-n, hotel);
    std::sort(ranked.begin(), ranked.end());
    for (size_t i = 0; i < std::min<size_t>(3, ranked.size()); ++i) {
      std::printf("%lld\t%s\t%zu\t%s\t%lld\n", static_cast<long long>(w.end_ms),
                  destination.c_str(), i + 1, ranked[i].second.c_str(),
                  static_cast<long long>(-ranked[i].first));
    }
  }
  std::fflush(stdout);  // whole windows before a crash
}

int main(int argc, char** argv) {
  if (argc != 6) return std::fprintf(stderr, "usage: see top_hotels.cpp\n"), 2;
  using namespace std::chrono_literals;
  clicklog::PipelineOptions options{.brokers = argv[1],
                                    .topic = argv[2],
                                    .group = argv[3],
                                    .from_beginning = true,
                                    .until_end = std::string(argv[5]) == "until-end",
                                    .max_future = 0ms,
                                    .checkpoint_interval = 1s,
                                    .state_dir = argv[4]};
  clicklog::Pipeline pipeline(options);
  pipeline.aggregate<HotelClicks>(
      {.name = "top-hotels",
       .window = 1min,
       .slide = 10s,
       .key = [](const clicklog::RecordView& r) -> std::optional<std::string> {
         if (r.action != "click" || !r.destination || !r.hotel || r.hotel->empty()) return {};
         return std::string(*r.destination);
       },
       .on_window = print});
  try {
    pipeline.run();
  } catch (const clicklog::PipelineError& e) {
    return std::fprintf(stderr, "top_hotels: %s\n", e.what()), 1;
  }
}
