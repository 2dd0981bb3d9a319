/// @file
/// @brief RecordView: one well-formed, timed ClickLog record as a pipeline hands it over.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace clicklog {

/// One ClickLog record (schema/clicklog.avsc) that decoded, had a valid time and passed the
/// guards; bad records never reach user code, they go to the dead-letter topic.
///
/// The views point into the pipeline's buffers: valid only during the call that received the
/// record. Copy what you keep.
struct RecordView {
  int32_t partition = 0;           ///< the Kafka partition it was read from
  int64_t offset = 0;              ///< its offset in that partition
  int64_t time_ms = 0;             ///< its event time (the `time` field), epoch milliseconds
  std::optional<int64_t> user_id;  ///< the user's id, when the record has one
  std::optional<std::string_view> action;       ///< e.g. "search", "filter", "click"
  std::optional<std::string_view> destination;  ///< the destination searched or viewed
  std::optional<std::string_view> hotel;        ///< the hotel clicked
};

}  // namespace clicklog
