#pragma once
// Element types of safetensors files and the 16-bit float conversions they need.
// Header-only: the layermoe_io library globs only safetensors*/json*/files* sources.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace layermoe {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

inline constexpr std::array<DType, 10> all_dtypes = {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64,
                                                     DType::I32, DType::I16, DType::I8,  DType::U8,   DType::BOOL};

inline size_t dtype_size(DType dtype) {
    switch (dtype) {
    case DType::F64:
    case DType::I64: return 8;
    case DType::F32:
    case DType::I32: return 4;
    case DType::F16:
    case DType::BF16:
    case DType::I16: return 2;
    case DType::I8:
    case DType::U8:
    case DType::BOOL: return 1;
    }
    return 0;
}

// Spelling used in safetensors headers.
inline std::string_view dtype_name(DType dtype) {
    switch (dtype) {
    case DType::F64: return "F64";
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::BOOL: return "BOOL";
    }
    return "?";
}

inline std::optional<DType> parse_dtype(std::string_view name) {
    for (DType dtype : all_dtypes)
        if (dtype_name(dtype) == name) return dtype;
    return std::nullopt;
}

inline float half_to_float(uint16_t half) {
    const uint32_t sign = uint32_t(half & 0x8000u) << 16;
    const uint32_t exponent = (half >> 10) & 0x1fu;
    const uint32_t mantissa = half & 0x3ffu;
    if (exponent == 0) {
        // Zero or subnormal: exactly mantissa * 2^-24, representable in float.
        const float magnitude = float(mantissa) * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 0x1f)  // inf, or NaN with its payload kept
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

namespace detail {
// Rounds `value` (a float mantissa with implicit bit) right by `shift`, ties to even.
inline uint32_t round_shift_even(uint32_t value, uint32_t shift) {
    const uint32_t kept = value >> shift;
    const uint32_t rest = value & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    return kept + ((rest > halfway || (rest == halfway && (kept & 1))) ? 1 : 0);
}
}  // namespace detail

inline uint16_t float_to_half(float value) {
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    const auto sign = uint16_t((bits >> 16) & 0x8000u);
    const uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude > 0x7f800000u)  // NaN: quiet it so a payload that shifts out cannot make inf
        return uint16_t(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));
    if (magnitude >= 0x477ff000u)  // >= 65520 rounds past 65504, the largest half
        return uint16_t(sign | 0x7c00u);
    if (magnitude >= 0x38800000u) {  // normal half: rebias exponent, round 13 bits away
        const uint32_t rounded = magnitude + 0xfffu + ((magnitude >> 13) & 1u);
        return uint16_t(sign | ((rounded - 0x38000000u) >> 13));
    }
    if (magnitude <= 0x33000000u)  // <= 2^-25: ties to the even neighbour, zero
        return sign;
    const uint32_t exponent = magnitude >> 23;
    const uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
    return uint16_t(sign | detail::round_shift_even(mantissa, 126 - exponent));
}

inline float bf16_to_float(uint16_t bf16) { return std::bit_cast<float>(uint32_t(bf16) << 16); }

inline uint16_t float_to_bf16(float value) {
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    if ((bits & 0x7fffffffu) > 0x7f800000u)  // NaN: truncation alone could leave inf
        return uint16_t((bits >> 16) | 0x40u);
    return uint16_t((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

}  // namespace layermoe
