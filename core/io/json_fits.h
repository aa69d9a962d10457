#pragma once
// Whether a JSON value can be read as T without undefined behaviour. nlohmann's get<int64_t>()
// of a number with a fraction or out of range (1e300, as fuzzing found in config.json) is a
// float-to-integer conversion that C++ leaves undefined: readers check first and report the key.
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>
#include <vector>

namespace layermoe {

namespace detail {
template <class T>
struct is_vector : std::false_type {};
template <class U, class A>
struct is_vector<std::vector<U, A>> : std::true_type {};
}  // namespace detail

template <class T>
bool json_fits(const nlohmann::json& v) {
    if constexpr (std::is_same_v<T, bool>) {
        return v.is_boolean();
    } else if constexpr (std::is_integral_v<T>) {
        if (v.is_number_unsigned()) return v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
        if (v.is_number_integer()) {
            const int64_t i = v.get<int64_t>();
            return i >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
                   (std::is_unsigned_v<T> || i <= static_cast<int64_t>(std::numeric_limits<T>::max()));
        }
        if (!v.is_number_float()) return false;
        const double d = v.get<double>();
        // A whole number written as 4096.0 is read; 2^63 itself is already out of range.
        return std::isfinite(d) && d == std::floor(d) && d >= static_cast<double>(std::numeric_limits<T>::min()) &&
               d < static_cast<double>(std::numeric_limits<T>::max());
    } else if constexpr (detail::is_vector<T>::value) {
        if (!v.is_array()) return false;
        for (const auto& e : v)
            if (!json_fits<typename T::value_type>(e)) return false;
        return true;
    } else {
        return true;  // get<T>() checks every other type itself and throws a json exception
    }
}

// The value as T when it fits (json_fits) and has T's JSON type, else nullopt. It never throws
// nlohmann's exceptions: each reader reports the file and key in its own words.
template <class T>
std::optional<T> json_as(const nlohmann::json& v) {
    if (!json_fits<T>(v)) return std::nullopt;
    try {
        return v.get<T>();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

}  // namespace layermoe
