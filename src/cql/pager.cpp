#include "cql/pager.h"

namespace clicklog::cql {

Result<ResultSet> Pager::next() {
  if (done_) return Error{"no more pages"};
  auto page = fetch_(options_).get();
  if (!page) return page;
  ++pages_;
  if (page->has_more_pages()) {
    options_.paging_state = page->paging_state();
  } else {
    done_ = true;
  }
  return page;
}

}  // namespace clicklog::cql
