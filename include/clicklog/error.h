/// @file
/// @brief The one exception type of the clicklog library.
#pragma once

#include <stdexcept>
#include <string>

namespace clicklog {

/// What a pipeline throws when it cannot start or has to stop: options that make no sense
/// (thrown by the constructor), brokers that do not answer within the timeout, a checkpoint
/// that cannot be read or written (thrown by Pipeline::run). The message is one line, the same
/// the `clicklog` binary prints.
class PipelineError : public std::runtime_error {
 public:
  /// An error with its one-line reason.
  explicit PipelineError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace clicklog
