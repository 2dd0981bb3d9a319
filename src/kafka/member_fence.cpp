#include "kafka/member_fence.h"

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace clicklog::kafka {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Kafka protocol facts (kafka.apache.org/protocol): LeaveGroup is API key 13; version 0 is
// group_id and member_id as int16-length strings, answered by an int16 error code.
constexpr int16_t kLeaveGroup = 13;
constexpr int16_t kNoError = 0;
constexpr int16_t kUnknownMemberId = 25;
constexpr int16_t kGroupIdNotFound = 69;

void put_i16(std::string& out, int16_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}
void put_i32(std::string& out, int32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void put_string(std::string& out, const std::string& s) {
  put_i16(out, static_cast<int16_t>(s.size()));
  out += s;
}
int32_t get_i32(const unsigned char* p) {
  return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                              (uint32_t{p[2]} << 8) | uint32_t{p[3]});
}

std::string leave_group_request(const std::string& group, const std::string& member_id) {
  std::string body;
  put_i16(body, kLeaveGroup);
  put_i16(body, 0);  // version
  put_i32(body, 1);  // correlation id
  put_string(body, "clicklog");
  put_string(body, group);
  put_string(body, member_id);
  std::string framed;
  put_i32(framed, static_cast<int32_t>(body.size()));
  return framed + body;
}

int ms_left(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// A connected socket to host:port, or -1 with `why` set.
int connect_to(const std::string& address, Clock::time_point deadline, std::string& why) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    why = "no port";
    return -1;
  }
  std::string host = address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int e = getaddrinfo(host.c_str(), address.substr(colon + 1).c_str(), &hints, &found)) {
    why = gai_strerror(e);
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    pollfd p{fd, POLLOUT, 0};
    int error = errno == EINPROGRESS ? 0 : errno;
    socklen_t len = sizeof error;
    if (!error && (poll(&p, 1, ms_left(deadline)) != 1 ||
                   getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)) {
      error = ETIMEDOUT;
    }
    if (error) {
      why = std::strerror(error);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

// Moves all of `data` one way or the other before the deadline.
bool transfer(int fd, char* data, size_t size, bool send_it, Clock::time_point deadline) {
  size_t done = 0;
  while (done < size) {
    pollfd p{fd, static_cast<short>(send_it ? POLLOUT : POLLIN), 0};
    if (poll(&p, 1, ms_left(deadline)) != 1) return false;
    const ssize_t n = send_it ? send(fd, data + done, size - done, MSG_NOSIGNAL)
                              : recv(fd, data + done, size - done, 0);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// The LeaveGroup error code one broker answers, or an error.
Result<int16_t> ask_broker(const std::string& address, const std::string& request,
                           Clock::time_point deadline) {
  std::string why;
  const int fd = connect_to(address, deadline, why);
  if (fd < 0) return Error{fmt::format("{}: {}", address, why)};
  std::string out = request;
  unsigned char head[4 + 4 + 2];  // size, correlation id, error code
  const bool ok = transfer(fd, out.data(), out.size(), true, deadline) &&
                  transfer(fd, reinterpret_cast<char*>(head), sizeof head, false, deadline);
  close(fd);
  if (!ok) return Error{fmt::format("{}: no answer", address)};
  if (get_i32(head) < 6 || get_i32(head + 4) != 1) {
    return Error{fmt::format("{}: not a LeaveGroup answer", address)};
  }
  return static_cast<int16_t>((head[8] << 8) | head[9]);
}

}  // namespace

std::optional<std::string> read_member_id(const std::string& path) {
  std::ifstream in(path);
  std::string id;
  if (!in || !std::getline(in, id) || id.empty()) return std::nullopt;
  return id;
}

Status save_member_id(const std::string& path, const std::string& member_id) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << member_id << '\n';
    if (!out.flush()) return Error{fmt::format("cannot write {}", temporary)};
  }
  fs::rename(temporary, path, ec);
  if (ec) return Error{fmt::format("cannot write {}: {}", path, ec.message())};
  return {};
}

Result<Fenced> fence_member(const std::vector<std::string>& brokers, const std::string& group,
                            const std::string& member_id, int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const std::string request = leave_group_request(group, member_id);
  std::string answers;
  for (const auto& broker : brokers) {
    auto code = ask_broker(broker, request, deadline);
    if (code && *code == kNoError) return Fenced::kRemoved;
    if (code && (*code == kUnknownMemberId || *code == kGroupIdNotFound)) {
      return Fenced::kNotAMember;
    }
    answers +=
        fmt::format("{}{}", answers.empty() ? "" : "; ",
                    code ? fmt::format("{}: error {}", broker, *code) : code.error().message);
  }
  return Error{fmt::format("no coordinator of group {} took the leave of member {} ({})", group,
                           member_id, answers)};
}

}  // namespace clicklog::kafka
