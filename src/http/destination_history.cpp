#include "http/destination_history.h"

#include "common/json.h"
#include "common/time_format.h"

namespace clicklog::http {

std::string destination_history_json(const LiveView& view, std::string_view destination,
                                     int hours) {
  const auto points = view.destination_history(destination, int64_t{hours} * 3'600'000);
  std::string out = R"({"destination":)";
  json::append_string(out, destination);
  out += R"(,"hours":)" + std::to_string(hours) + R"(,"windows":[)";
  for (size_t i = 0; i < points.size(); ++i) {
    const DestinationPoint& p = points[i];
    if (i) out += ',';
    out += R"({"window_start":")" + format_rfc3339_utc(p.start_ms) + R"(","window_end":")" +
           format_rfc3339_utc(p.end_ms) + R"(","rank":)" + std::to_string(p.rank) +
           R"(,"searches":)" + std::to_string(p.searches) + "}";
  }
  return out + "]}\n";
}

}  // namespace clicklog::http
