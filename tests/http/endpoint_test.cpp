// --http ADDRESS:PORT: what is accepted, and the one-line reason for what is not.
#include <gtest/gtest.h>

#include "http/http_server.h"

namespace clicklog::http {
namespace {

TEST(Endpoint, ParsesTheFormsOfAnAddress) {
  EXPECT_EQ(parse_endpoint("0.0.0.0:8080")->host, "0.0.0.0");
  EXPECT_EQ(parse_endpoint("0.0.0.0:8080")->port, 8080);
  EXPECT_EQ(parse_endpoint(":9000")->host, "127.0.0.1");  // loopback unless one is given
  EXPECT_EQ(parse_endpoint("9000")->port, 9000);
  EXPECT_EQ(parse_endpoint("[::1]:0")->host, "::1");
  EXPECT_EQ(parse_endpoint("localhost:0")->port, 0);
}

TEST(Endpoint, RefusesWithAReason) {
  for (const char* bad : {"", "host:", "host:http", "host:65536", "host:-1", "host:80x"}) {
    const auto e = parse_endpoint(bad);
    ASSERT_FALSE(e) << bad;
    EXPECT_NE(e.error().message.find("expected ADDRESS:PORT"), std::string::npos) << bad;
  }
  EXPECT_NE(parse_endpoint("::1:80").error().message.find("in brackets"), std::string::npos);
}

TEST(HttpServer, StartsOnAFreePortAndRefusesOneInUse) {
  LiveView view;
  auto first = HttpServer::start({"127.0.0.1", 0}, view, {"run", "g", "t"});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_GT((*first)->port(), 0);
  EXPECT_EQ((*first)->url(), "http://127.0.0.1:" + std::to_string((*first)->port()) + "/");
  auto second = HttpServer::start({"127.0.0.1", (*first)->port()}, view, {"run", "g", "t"});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("cannot listen there"), std::string::npos);
}

}  // namespace
}  // namespace clicklog::http
