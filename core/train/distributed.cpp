#include "core/train/distributed.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <fstream>
#include <mutex>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "core/common/error.h"
#include "core/common/error_boundary.h"

namespace layermoe {

namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

int env_int(const char* name, const std::string& text, int min) {
    size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || v < min || v > (1 << 30))
        throw Error(fmt::format("environment variable {}={}: must be a whole number >= {}", name, text, min));
    return static_cast<int>(v);
}

// The first of the launcher families whose rank variable is set.
struct LauncherVars {
    const char *rank, *world, *local;
};
constexpr LauncherVars kLaunchers[] = {{"RANK", "WORLD_SIZE", "LOCAL_RANK"},
                                       {"SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID"},
                                       {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_RANK"}};

bool is_loopback(const std::string& addr) { return addr == "localhost" || addr.starts_with("127.") || addr == "::1"; }

// A process of this host: "gone" when it no longer exists or is a zombie, "stopped" when
// suspended (SIGSTOP), else empty.
std::string local_process_state(long pid) {
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return "gone";
    std::ifstream stat(fmt::format("/proc/{}/stat", pid));
    std::string line;
    if (!std::getline(stat, line)) return "gone";
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) return {};
    const char state = line[close + 2];
    if (state == 'Z' || state == 'X') return "gone";
    if (state == 'T' || state == 't') return "stopped";
    return {};
}

std::string host_name() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

class C10dGroup final : public ProcessGroup {
public:
    explicit C10dGroup(const DistributedSettings& s) : settings_(s) {
        c10d::TCPStoreOptions opts;
        opts.port = static_cast<std::uint16_t>(s.master_port);
        opts.isServer = s.rank == 0;
        opts.numWorkers = static_cast<size_t>(s.world_size);
        opts.waitWorkers = true;
        opts.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(s.timeout);
        try {
            auto tcp = c10::make_intrusive<c10d::TCPStore>(s.master_addr, opts);
            store_ = c10::make_intrusive<c10d::PrefixStore>("layermoe", tcp);
            if (s.backend == "nccl") {
#ifdef USE_C10D_NCCL
                auto o = c10d::ProcessGroupNCCL::Options::create();
                o->timeout = opts.timeout;
                device_ = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(s.local_rank));
                group_ = c10::make_intrusive<c10d::ProcessGroupNCCL>(store_, s.rank, s.world_size, o);
#else
                throw Error("backend nccl: this build has no NCCL (build against a CUDA LibTorch with "
                            "-DLAYERMOE_NCCL=ON, docs/scaling.md)");
#endif
            } else if (s.backend == "gloo") {
                auto o = c10d::ProcessGroupGloo::Options::create(opts.timeout);
                if (!s.interface.empty())
                    o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(s.interface));
                else if (is_loopback(s.master_addr))
                    o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
                else
                    o->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
                o->threads = 2;
                group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(store_, s.rank, s.world_size, o);
            } else {
                throw Error(fmt::format("distributed backend '{}': must be gloo or nccl", s.backend));
            }
            // Who is who, for the message when a rank is lost (the store may be gone by then).
            store_->set(fmt::format("proc/{}", s.rank), to_bytes(fmt::format("{} {}", host_name(), ::getpid())));
            for (int r = 0; r < s.world_size; ++r) {
                const auto v = store_->get(fmt::format("proc/{}", r));
                const std::string text(v.begin(), v.end());
                const auto space = text.rfind(' ');
                procs_.push_back({text.substr(0, space), std::stol(text.substr(space + 1))});
            }
        } catch (const c10::Error& e) {
            throw Error(fmt::format("rank {} of {}: cannot join the process group at {}:{} within {} s ({})", s.rank,
                                    s.world_size, s.master_addr, s.master_port, s.timeout.count(),
                                    first_line(e.what_without_backtrace())));
        }
    }

    int rank() const override { return settings_.rank; }
    int world_size() const override { return settings_.world_size; }

    void all_reduce_sum(torch::Tensor& t) override { start_all_reduce_sum(t)->wait(); }

    std::unique_ptr<PendingCollective> start_all_reduce_sum(torch::Tensor t) override {
        auto pending = std::make_unique<Pending>(*this, t);
        run("all-reduce", [&] {
            std::vector<torch::Tensor> v{on_device(t)};
            pending->work = group_->allreduce(v);
            pending->on_device = v[0];
        });
        return pending;
    }

    void broadcast(torch::Tensor& t, int root) override {
        run("broadcast", [&] {
            std::vector<torch::Tensor> v{on_device(t)};
            c10d::BroadcastOptions o;
            o.rootRank = root;
            group_->broadcast(v, o)->wait();
            if (v[0].data_ptr() != t.data_ptr()) t.copy_(v[0]);
        });
    }

    void barrier() override {
        run("barrier", [&] { group_->barrier()->wait(); });
    }

private:
    struct Proc {
        std::string host;
        long pid = 0;
    };

    struct Pending final : PendingCollective {
        Pending(C10dGroup& g, torch::Tensor t) : group(g), tensor(std::move(t)) {}
        void wait() override {
            group.run("all-reduce", [&] {
                work->wait();
                if (on_device.data_ptr() != tensor.data_ptr()) tensor.copy_(on_device);
            });
        }
        C10dGroup& group;
        torch::Tensor tensor, on_device;
        c10::intrusive_ptr<c10d::Work> work;
    };

    static std::vector<uint8_t> to_bytes(const std::string& s) { return {s.begin(), s.end()}; }
    torch::Tensor on_device(const torch::Tensor& t) const { return t.device() == device_ ? t : t.to(device_); }

    template <class F>
    void run(const char* what, F&& f) {
        try {
            f();
        } catch (const c10::Error& e) {
            throw Error(lost_message(what, first_line(e.what_without_backtrace())));
        } catch (const std::exception& e) {
            throw Error(lost_message(what, first_line(e.what())));
        }
    }

    // Names the ranks of this host that are gone or stopped; ranks elsewhere are only counted.
    // A killed peer's sockets close while it is still exiting, so it is looked at for up to 3 s.
    std::string lost_message(const char* what, const std::string& cause) const {
        const std::string here = host_name();
        std::vector<std::string> lost;
        for (int attempt = 0; attempt < 30 && lost.empty(); ++attempt) {
            if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            for (size_t r = 0; r < procs_.size(); ++r) {
                if (static_cast<int>(r) == settings_.rank || procs_[r].host != here) continue;
                const auto state = local_process_state(procs_[r].pid);
                if (!state.empty()) lost.push_back(fmt::format("rank {} (pid {}) is {}", r, procs_[r].pid, state));
            }
        }
        const std::string who =
            lost.empty() ? "another rank failed or stopped answering" : fmt::format("{}", fmt::join(lost, ", "));
        return fmt::format("{}; stopping ({} failed after at most {} s: {})", who, what, settings_.timeout.count(),
                           cause);
    }

    DistributedSettings settings_;
    torch::Device device_{torch::kCPU};
    c10::intrusive_ptr<c10d::Store> store_;
    c10::intrusive_ptr<c10d::ProcessGroup> group_;
    std::vector<Proc> procs_;
};

std::mutex g_mutex;
std::unique_ptr<ProcessGroup> g_group;
DistributedSettings g_settings;  // of the joined group

}  // namespace

DistributedSettings distributed_settings_from_env() {
    DistributedSettings s;
    for (const auto& l : kLaunchers) {
        const auto rank = env(l.rank);
        if (!rank) continue;
        const auto world = env(l.world);
        if (!world) throw Error(fmt::format("{} is set but {} is not", l.rank, l.world));
        s.rank = env_int(l.rank, *rank, 0);
        s.world_size = env_int(l.world, *world, 1);
        if (const auto local = env(l.local)) s.local_rank = env_int(l.local, *local, 0);
        if (s.rank >= s.world_size)
            throw Error(fmt::format("{}={} must be below {}={}", l.rank, s.rank, l.world, s.world_size));
        break;
    }
    if (const auto addr = env("MASTER_ADDR")) s.master_addr = *addr;
    if (const auto port = env("MASTER_PORT")) {
        s.master_port = env_int("MASTER_PORT", *port, 1);
        if (s.master_port > 65535) throw Error(fmt::format("MASTER_PORT={}: must be at most 65535", *port));
    }
    if (const auto t = env("LAYERMOE_DIST_TIMEOUT"))
        s.timeout = std::chrono::seconds(env_int("LAYERMOE_DIST_TIMEOUT", *t, 1));
    if (const auto b = env("LAYERMOE_DIST_BACKEND")) s.backend = *b;
    if (const auto i = env("GLOO_SOCKET_IFNAME")) s.interface = *i;
    if (const auto kb = env("LAYERMOE_DIST_BUCKET_KB"))
        s.bucket_bytes = int64_t{env_int("LAYERMOE_DIST_BUCKET_KB", *kb, 1)} << 10;
    if (s.backend != "gloo" && s.backend != "nccl")
        throw Error(fmt::format("LAYERMOE_DIST_BACKEND={}: must be gloo or nccl", s.backend));
    return s;
}

void init_distributed(const DistributedSettings& settings) {
    std::lock_guard lock(g_mutex);
    if (g_group) {
        if (g_group->world_size() != settings.world_size || g_group->rank() != settings.rank)
            throw Error("the process group is already joined with another rank or world size");
        return;
    }
    if (settings.world_size <= 1) return;
    g_group = std::make_unique<C10dGroup>(settings);
    g_settings = settings;
}

ProcessGroup* process_group() { return g_group.get(); }
int current_rank() { return g_group ? g_group->rank() : 0; }
int current_world_size() { return g_group ? g_group->world_size() : 1; }
int current_local_rank() { return g_group ? g_settings.local_rank : 0; }
int64_t current_bucket_bytes() { return g_group ? g_settings.bucket_bytes : 0; }

int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Error(fmt::format("cannot open a socket ({})", std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) throw Error(fmt::format("cannot find a free loopback port ({})", std::strerror(err)));
    return ntohs(addr.sin_port);
}

std::string device_for_rank(const std::string& device) {
    if (device == "cuda" && g_group) return fmt::format("cuda:{}", g_settings.local_rank);
    return device;
}

void shutdown_distributed() {
    std::lock_guard lock(g_mutex);
    g_group.reset();
}

void rank0_first(const std::function<void()>& work) {
    ProcessGroup* group = process_group();
    if (group && group->rank() != 0) group->barrier();
    work();
    if (group && group->rank() == 0) group->barrier();
}

std::string broadcast_text(ProcessGroup& group, const std::string& text, int root) {
    auto size = torch::tensor({static_cast<int64_t>(text.size())}, torch::kInt64);
    group.broadcast(size, root);
    auto bytes = torch::zeros({size.item<int64_t>()}, torch::kUInt8);
    if (group.rank() == root) std::memcpy(bytes.data_ptr<uint8_t>(), text.data(), text.size());
    if (bytes.numel() > 0) group.broadcast(bytes, root);
    return {reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()), static_cast<size_t>(bytes.numel())};
}

struct GradientBuckets::State {
    State(ProcessGroup& g) : group(g) {}

    // Copies the bucket's gradients into a flat tensor [gradients..., one flag per tensor] and
    // starts its sum.
    void start(size_t b) {
        torch::NoGradGuard no_grad;
        const auto& bucket = buckets[b];
        int64_t n = 0;
        for (size_t i : bucket) n += params[i].numel();
        auto flat = torch::zeros({n + static_cast<int64_t>(bucket.size())}, params[bucket.front()].options().requires_grad(false));
        int64_t offset = 0;
        for (size_t k = 0; k < bucket.size(); ++k) {
            const auto& p = params[bucket[k]];
            const auto& g = p.grad();
            if (g.defined()) {
                flat.narrow(0, offset, p.numel()).copy_(g.reshape({-1}));
                flat[n + static_cast<int64_t>(k)] = 1;
            }
            offset += p.numel();
        }
        flats[b] = flat;
        pending[b] = group.start_all_reduce_sum(flat);
    }

    // Starts, in order, every bucket whose gradients are all final.
    void start_ready() {
        while (next < buckets.size() && final_in_bucket[next] == buckets[next].size()) start(next++);
    }

    // The hook of tensor i: its gradient for this step is final.
    void on_final(size_t i) {
        std::lock_guard lock(mutex);
        if (!armed || is_final[i]) return;
        is_final[i] = 1;
        ++final_in_bucket[bucket_of[i]];
        start_ready();
    }

    void reset() {
        std::fill(is_final.begin(), is_final.end(), 0);
        std::fill(final_in_bucket.begin(), final_in_bucket.end(), 0);
        next = 0;
        for (auto& p : pending) p.reset();
        for (auto& f : flats) f = torch::Tensor();
    }

    // Writes bucket b's sums into the gradients of the tensors some rank had a gradient for.
    void write_back(size_t b) {
        torch::NoGradGuard no_grad;
        const auto& bucket = buckets[b];
        const auto& flat = flats[b];
        const int64_t n = flat.numel() - static_cast<int64_t>(bucket.size());
        const auto flags = flat.narrow(0, n, static_cast<int64_t>(bucket.size())).to(torch::kCPU, torch::kFloat64);
        int64_t offset = 0;
        for (size_t k = 0; k < bucket.size(); ++k) {
            auto& p = params[bucket[k]];
            if (flags.data_ptr<double>()[k] > 0) {
                auto summed = flat.narrow(0, offset, p.numel()).view_as(p);
                if (p.grad().defined())
                    p.mutable_grad().copy_(summed);
                else
                    p.mutable_grad() = summed.clone();
            }
            offset += p.numel();
        }
    }

    ProcessGroup& group;
    std::vector<torch::Tensor> params;
    std::vector<std::vector<size_t>> buckets;  // indices into params
    std::vector<size_t> bucket_of;
    // Held so that every backward pass uses these accumulators, which carry the hooks.
    std::vector<std::shared_ptr<torch::autograd::Node>> accumulators;
    std::mutex mutex;  // hooks run on the autograd engine's threads (one per device on a GPU)
    bool armed = false;
    std::vector<char> is_final;  // per tensor, this step
    std::vector<size_t> final_in_bucket;
    size_t next = 0;  // the first bucket not started
    std::vector<torch::Tensor> flats;
    std::vector<std::unique_ptr<PendingCollective>> pending;
    int64_t started_early = 0;
};

namespace {

struct FinalGradientHook final : torch::autograd::FunctionPostHook {
    FinalGradientHook(std::weak_ptr<GradientBuckets::State> s, size_t i) : state(std::move(s)), index(i) {}
    torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                              const torch::autograd::variable_list& /*inputs*/) override {
        if (auto s = state.lock()) s->on_final(index);
        return outputs;
    }
    std::weak_ptr<GradientBuckets::State> state;
    size_t index;
};

}  // namespace

GradientBuckets::GradientBuckets(ProcessGroup& group, std::vector<torch::Tensor> params, int64_t bucket_bytes)
    : state_(std::make_shared<State>(group)) {
    State& s = *state_;
    s.params = std::move(params);
    int64_t total = 0;
    for (const auto& p : s.params) total += p.numel() * static_cast<int64_t>(p.element_size());
    if (bucket_bytes <= 0) bucket_bytes = std::clamp<int64_t>(total / 8, int64_t{1} << 20, int64_t{25} << 20);
    int64_t bytes = 0;
    for (size_t i = 0; i < s.params.size(); ++i) {
        const auto& p = s.params[i];
        const int64_t size = p.numel() * static_cast<int64_t>(p.element_size());
        const bool fits = !s.buckets.empty() && bytes + size <= bucket_bytes &&
                          s.params[s.buckets.back().front()].scalar_type() == p.scalar_type() &&
                          s.params[s.buckets.back().front()].device() == p.device();
        if (!fits) {
            s.buckets.emplace_back();
            bytes = 0;
        }
        s.buckets.back().push_back(i);
        s.bucket_of.push_back(s.buckets.size() - 1);
        bytes += size;
    }
    s.is_final.assign(s.params.size(), 0);
    s.final_in_bucket.assign(s.buckets.size(), 0);
    s.flats.resize(s.buckets.size());
    s.pending.resize(s.buckets.size());
    for (size_t i = 0; i < s.params.size(); ++i) {
        auto accumulator = torch::autograd::impl::grad_accumulator(s.params[i]);
        if (!accumulator) throw Error("data-parallel training: a trainable tensor has no gradient accumulator");
        accumulator->add_post_hook(std::make_unique<FinalGradientHook>(state_, i));
        s.accumulators.push_back(std::move(accumulator));
    }
}

GradientBuckets::~GradientBuckets() = default;

int64_t GradientBuckets::bucket_count() const { return static_cast<int64_t>(state_->buckets.size()); }
int64_t GradientBuckets::started_during_backward() const { return state_->started_early; }

void GradientBuckets::arm() {
    std::lock_guard lock(state_->mutex);
    state_->reset();
    state_->armed = true;
}

void GradientBuckets::finish() {
    State& s = *state_;
    std::lock_guard lock(s.mutex);
    s.armed = false;
    s.started_early = static_cast<int64_t>(s.next);
    struct Reset {
        State& s;
        ~Reset() { s.reset(); }
    } reset{s};
    while (s.next < s.buckets.size()) s.start(s.next++);  // held back by a tensor without a gradient here
    for (size_t b = 0; b < s.buckets.size(); ++b) {
        s.pending[b]->wait();
        s.write_back(b);
    }
}

}  // namespace layermoe
