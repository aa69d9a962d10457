#pragma once
// The one error boundary of every front end (docs/errors.md): whatever a job throws becomes one
// line that says what went wrong and what the user can change. LibTorch's backtraces and the
// JSON library's internal codes are kept out of it; LAYERMOE_DEBUG=1 adds them back.
#include <exception>
#include <string>
#include <string_view>

namespace layermoe {

// True when LAYERMOE_DEBUG is set to anything but "" or "0".
bool debug_errors();

// The one line for an exception in flight (std::current_exception()) or caught earlier.
// layermoe::Error passes through; c10::Error gives its first line (the whole message with its
// backtrace under LAYERMOE_DEBUG=1); running out of memory, from LibTorch's allocator or as
// std::bad_alloc, says so and how to need less; std::system_error and nlohmann::json errors
// lose their library prefixes.
std::string error_line(const std::exception_ptr& error);

// The first line of a library's message, leading blank lines skipped: LibTorch's messages
// carry their backtrace on the lines after it.
std::string first_line(std::string_view text);

// A write past the file size limit (ulimit -f) then fails with EFBIG, reported like a full disk,
// instead of SIGXFSZ ending the process with nothing said. Called first in every program's main.
void file_size_limit_fails_writes();

}  // namespace layermoe
