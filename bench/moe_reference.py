#!/usr/bin/python3
"""The MoE layer as the reference code writes it (Mixtral / MoE-LPR style): a Python loop over the
experts, each finding its tokens with torch.where and adding its output back with index_add_.
Times forward + backward of one layer and prints {"seconds": best of --reps} as JSON.
Run by bench_moe with Debian's python3-torch; usable alone:
    /usr/bin/python3 bench/moe_reference.py --d 192 --ffn 512 --experts 8 --top-k 2 --tokens 4096
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


class Expert(torch.nn.Module):
    def __init__(self, d, ffn):
        super().__init__()
        self.gate_proj = torch.nn.Linear(d, ffn, bias=False)
        self.up_proj = torch.nn.Linear(d, ffn, bias=False)
        self.down_proj = torch.nn.Linear(ffn, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class ReferenceMoe(torch.nn.Module):
    def __init__(self, d, ffn, n_experts, top_k):
        super().__init__()
        self.router = torch.nn.Linear(d, n_experts, bias=False)
        self.experts = torch.nn.ModuleList(Expert(d, ffn) for _ in range(n_experts))
        self.top_k = top_k

    def forward(self, x):
        probs = F.softmax(self.router(x), dim=-1, dtype=torch.float)
        weights, chosen = torch.topk(probs, self.top_k, dim=-1)
        weights = (weights / weights.sum(dim=-1, keepdim=True)).to(x.dtype)
        out = torch.zeros_like(x)
        # [experts, top_k, tokens]: which (choice, token) pairs each expert serves
        served = F.one_hot(chosen, num_classes=len(self.experts)).permute(2, 1, 0)
        for e, expert in enumerate(self.experts):
            choice, token = torch.where(served[e])
            out.index_add_(0, token, expert(x[token]) * weights[token, choice, None])
        return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--ffn", type=int, required=True)
    p.add_argument("--experts", type=int, required=True)
    p.add_argument("--top-k", type=int, default=2)
    p.add_argument("--tokens", type=int, default=4096)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    moe = ReferenceMoe(a.d, a.ffn, a.experts, a.top_k)
    x = torch.randn(a.tokens, a.d, requires_grad=True)
    g = torch.randn(a.tokens, a.d)
    best = float("inf")
    for rep in range(a.reps + 1):  # the first is a warm-up
        t0 = time.perf_counter()
        (moe(x) * g).sum().backward()
        elapsed = time.perf_counter() - t0
        if rep > 0:
            best = min(best, elapsed)
    print(json.dumps({"seconds": best, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
