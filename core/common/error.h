#pragma once
// The one error type of layermoe_core: every failure a user can act on is thrown as
// layermoe::Error with a message naming the file, line or value at fault.
#include <stdexcept>
#include <string>

namespace layermoe {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace layermoe
