#include "hotel/sorted_reducer.h"

#include <tuple>

namespace clicklog::hotel {

namespace {
FirstClick first_click(const StoredClick& c) {
  return {c.time_ms, c.partition, c.offset, std::string(c.hotel)};
}
auto order_key(const StoredClick& c) {
  return std::tie(c.user_id, c.time_ms, c.partition, c.offset);
}
}  // namespace

void SortedReducer::add(const StoredClick& click) {
  if (clicks_++ > 0 && !(order_key(last_) < order_key(click))) ++disorder_;
  last_ = click;
  last_.hotel = {};
  if (!current_ || current_->user_id != click.user_id) {
    if (current_) emit_(*current_);
    current_ = UserFirstTwo{click.user_id, first_click(click), std::nullopt};
    return;
  }
  if (!current_->second && click.hotel != current_->first.hotel) {
    current_->second = first_click(click);
  }
}

void SortedReducer::finish() {
  if (current_) emit_(*current_);
  current_.reset();
}

}  // namespace clicklog::hotel
