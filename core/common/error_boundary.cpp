#include "core/common/error_boundary.h"

#include <c10/util/Exception.h>
#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <new>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

#include "core/common/error.h"

namespace layermoe {

namespace {

constexpr const char* kOutOfMemory =
    "out of memory: the work does not fit in the memory this machine has free. `layermoe memory` shows the plan; "
    "a smaller --batch or --context, or --dtype bfloat16 where a model is only read, needs less";

bool looks_like_out_of_memory(std::string_view message) {
    return message.find("can't allocate memory") != std::string_view::npos ||
           message.find("out of memory") != std::string_view::npos ||
           message.find("Out of memory") != std::string_view::npos;
}

// "[json.exception.type_error.302] type must be number, but is string" -> the part after "] ".
std::string without_json_code(std::string_view message) {
    if (message.starts_with("[json.exception.")) {
        const auto end = message.find("] ");
        if (end != std::string_view::npos) message.remove_prefix(end + 2);
    }
    return std::string(message);
}

}  // namespace

void file_size_limit_fails_writes() { std::signal(SIGXFSZ, SIG_IGN); }

std::string first_line(std::string_view text) {
    while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
    return std::string(text.substr(0, text.find('\n')));
}

bool debug_errors() {
    const char* value = std::getenv("LAYERMOE_DEBUG");
    return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

std::string error_line(const std::exception_ptr& error) {
    if (!error) return "unknown error";
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.what();
    } catch (const c10::Error& e) {
        const std::string message = e.what_without_backtrace();
        if (debug_errors()) return e.what();
        if (looks_like_out_of_memory(message))
            return fmt::format("{} (LibTorch: {})", kOutOfMemory, first_line(message));
        return fmt::format("LibTorch: {} (LAYERMOE_DEBUG=1 shows where)", first_line(message));
    } catch (const std::bad_alloc&) {
        return kOutOfMemory;
    } catch (const nlohmann::json::exception& e) {
        // Readers name the file and key themselves; one that does not reaches here.
        return fmt::format("invalid JSON value: {}", without_json_code(e.what()));
    } catch (const std::system_error& e) {
        // filesystem_error's what() names the operation and the paths.
        return e.what();
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

}  // namespace layermoe
