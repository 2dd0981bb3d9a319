#include "clicklog/embedded_broker.h"

#include <optional>

#include "avro/codec.h"
#include "clicklog/error.h"
#include "kafka/mock_cluster.h"
#include "kafka/producer.h"

namespace clicklog {

struct EmbeddedBroker::Impl {
  kafka::MockCluster cluster;
  int partitions;
  std::optional<kafka::Producer> producer;  // opened on the first produce

  kafka::Producer& writer() {
    if (!producer) {
      auto p = kafka::Producer::create(cluster.bootstrap_servers(), {}, 10'000);
      if (!p) throw PipelineError(p.error().message);
      producer.emplace(std::move(*p));
    }
    return *producer;
  }
  void send(const std::string& topic, std::string_view value, int32_t partition) {
    if (auto st = writer().send(topic, std::nullopt, value, {}, partition); !st) {
      throw PipelineError(st.message());
    }
  }
  void flush() {
    if (auto st = writer().flush(30'000); !st) throw PipelineError(st.message());
  }
};

EmbeddedBroker::EmbeddedBroker(const std::vector<std::string>& topics, int partitions) {
  std::vector<kafka::TopicSpec> specs;
  for (const auto& t : topics) specs.push_back({t, partitions});
  auto cluster = kafka::MockCluster::create(1, specs);
  if (!cluster) throw PipelineError(cluster.error().message);
  impl_ = std::make_unique<Impl>(Impl{std::move(*cluster), partitions, std::nullopt});
}

EmbeddedBroker::~EmbeddedBroker() = default;

const std::string& EmbeddedBroker::bootstrap_servers() const {
  return impl_->cluster.bootstrap_servers();
}

void EmbeddedBroker::produce(const std::string& topic, const std::vector<Click>& clicks) {
  std::string value;
  for (size_t i = 0; i < clicks.size(); ++i) {
    const Click& c = clicks[i];
    value.clear();
    avro::encode(ClickLog{c.user_id, c.time, c.action, c.destination, c.hotel},
                 avro::Framing::kSingleObject, value);
    impl_->send(topic, value, static_cast<int32_t>(i % impl_->partitions));
  }
  impl_->flush();
}

void EmbeddedBroker::produce_raw(const std::string& topic, const std::string& value,
                                 int32_t partition) {
  impl_->send(topic, value, partition);
  impl_->flush();
}

}  // namespace clicklog
