#include "hotel/answer.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/json.h"

namespace clicklog::hotel {

void sort_by_user(std::vector<UserHotel>& rows) {
  std::sort(rows.begin(), rows.end(),
            [](const UserHotel& a, const UserHotel& b) { return a.user_id < b.user_id; });
}

void append_csv_field(std::string& out, const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string format_answer(const std::vector<UserHotel>& rows, AnswerFormat format) {
  std::string out;
  out.reserve(rows.size() * 24 + 16);
  if (format == AnswerFormat::kCsv) {
    out += "user_id,hotel\n";
    for (const UserHotel& r : rows) {
      fmt::format_to(std::back_inserter(out), "{},", r.user_id);
      append_csv_field(out, r.hotel);
      out += '\n';
    }
    return out;
  }
  for (const UserHotel& r : rows) {
    fmt::format_to(std::back_inserter(out), "{{\"user_id\":{},\"hotel\":", r.user_id);
    json::append_string(out, r.hotel);
    out += "}\n";
  }
  return out;
}

}  // namespace clicklog::hotel
