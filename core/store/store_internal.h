#pragma once
// Helpers shared by the store's translation units; not part of the public API.
#include <string>

namespace layermoe::store_detail {

// Now, as ISO 8601 UTC with second precision: "2025-01-31T12:00:00Z".
std::string now_iso8601_utc();

}  // namespace layermoe::store_detail
