// The rows of the second-distinct-hotel answer (CONTRACT.md section 3) and their two output
// forms: CSV with the header `user_id,hotel` and JSON lines {"user_id":42,"hotel":"h-17"},
// both in increasing numeric user id.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clicklog::hotel {

struct UserHotel {
  int64_t user_id = 0;
  std::string hotel;
  bool operator==(const UserHotel&) const = default;
};

enum class AnswerFormat { kCsv, kJsonl };

void sort_by_user(std::vector<UserHotel>& rows);

// The whole output, header included for CSV. Rows must already be in user order.
std::string format_answer(const std::vector<UserHotel>& rows, AnswerFormat format);

// One CSV field: quoted (RFC 4180) only when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, const std::string& field);

}  // namespace clicklog::hotel
