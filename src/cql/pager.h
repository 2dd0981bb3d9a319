// Pager: walks the pages of one SELECT, one request per page, each carrying the paging state
// of the page before. Made by Session::pages(); used from one thread at a time.
//
//   auto pager = session.pages(select, {user_id});
//   while (!pager.done()) {
//     auto page = pager.next();
//     if (!page) return page.error();
//     for (size_t i = 0; i < page->size(); ++i) use(page->row(i));
//   }
#pragma once

#include <functional>

#include "common/result.h"
#include "cql/response_future.h"
#include "cql/result_set.h"
#include "cql/statement.h"

namespace clicklog::cql {

class Pager {
 public:
  // `fetch` sends the statement with the given options (paging state set from page 2 on).
  explicit Pager(std::function<ResponseFuture(const QueryOptions&)> fetch, QueryOptions options)
      : fetch_(std::move(fetch)), options_(std::move(options)) {}

  bool done() const { return done_; }
  // The next page; after the last one done() turns true. After an error, next() may be called
  // again to retry the same page.
  Result<ResultSet> next();
  size_t pages_fetched() const { return pages_; }

 private:
  std::function<ResponseFuture(const QueryOptions&)> fetch_;
  QueryOptions options_;
  bool done_ = false;
  size_t pages_ = 0;
};

}  // namespace clicklog::cql
