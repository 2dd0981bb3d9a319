// Fuzzes the partials topic's record decoder (scaleout/partial_record.h) and the merger behind
// it. Whatever the bytes: no crash; a decoded record encodes to bytes that decode to it again;
// the merger applies it or says why not, emits windows in increasing end, and its checkpoint
// restores to the same state.
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "scaleout/merger.h"
#include "scaleout/partial_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clicklog;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto record = scaleout::decode_partial(bytes);
  if (!record) {
    FUZZ_CHECK(!record.error().message.empty());
    return 0;
  }
  auto again = scaleout::decode_partial(scaleout::encode(*record));
  FUZZ_CHECK(again && *again == *record);

  const window::Config config{6 * record->slide_ms, record->slide_ms, 3};
  scaleout::Merger merger({config, 0, 4});
  const auto outcome = merger.apply(*record);
  if (outcome != scaleout::ApplyOutcome::kApplied) return 0;
  FUZZ_CHECK(merger.position(record->input_partition) == record->to_offset);
  std::vector<window::WindowResult> out;
  merger.advance(out);
  merger.flush(out);
  for (size_t i = 1; i < out.size(); ++i) FUZZ_CHECK(out[i - 1].end_ms < out[i].end_ms);
  const std::string saved = merger.save();
  scaleout::Merger restored({config, 0, 4});
  FUZZ_CHECK(restored.restore(saved).ok());
  FUZZ_CHECK(restored.save() == saved);
  return 0;
}
