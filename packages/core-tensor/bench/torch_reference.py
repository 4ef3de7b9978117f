"""PyTorch side of `pnpm bench` (issue 13, point 4): the reference workloads of bench/run.ts.

Same shapes, Adam (lr 1e-3), the loss read back every step (`loss.item()`, as core-tensor's
Adam.minimize reads it), one thread (`torch.set_num_threads(1)`; run with OMP_NUM_THREADS=1).
Each workload: a fresh model, 3 warm-up steps, then whole steps until at least --seconds of wall
clock. Prints one JSON object on stdout: torch version, the BLAS library loaded into this process
(read from /proc/self/maps, so a run on the slow reference BLAS is visible), and per workload
steps/s over wall clock and over this process's CPU time.

Not a dependency of the workspace: bench/run.ts runs it when `python3` can import torch (Debian's
python3-torch with libopenblas0-openmp beside it), and skips it with a note otherwise.

Usage: OMP_NUM_THREADS=1 python3 bench/torch_reference.py [--seconds 2] [--workloads matmul,mlp,...]
"""

import argparse
import json
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

WORKLOAD_IDS = ("matmul", "mlp", "conv", "transformer")


# ----------------------------------------------------------------------------------------------
# Workloads: each returns (parameters, loss function); the loss is a 0-d tensor.
# ----------------------------------------------------------------------------------------------


def matmul_workload():
    # W [1024, 1024] trained on loss = mean((X·W)²), X [1024, 1024]
    x = torch.randn(1024, 1024)
    w = nn.Parameter(torch.randn(1024, 1024) * 0.03)
    return [w], lambda: (x @ w).square().mean()


def mlp_workload():
    # MLP 256-512-512-10 (relu), batch 256, softmax cross-entropy
    model = nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
    x = torch.randn(256, 256)  # [B, 256]
    labels = torch.randint(0, 10, (256,))  # [B]
    return list(model.parameters()), lambda: F.cross_entropy(model(x), labels)


def conv_workload():
    # 4 conv layers (32 filters, 4×4, stride 2, 'same' = pad 1 here, relu) on 64×64×3, batch 32,
    # dense head to 10 classes. tfjs 'same' at stride 2, kernel 4 pads 1 on each side: 64→32→16→8→4.
    layers = []
    channels = 3
    for _ in range(4):
        layers += [nn.Conv2d(channels, 32, 4, stride=2, padding=1), nn.ReLU()]
        channels = 32
    model = nn.Sequential(*layers, nn.Flatten(), nn.Linear(4 * 4 * 32, 10))
    images = torch.rand(32, 3, 64, 64)  # [B, C, H, W]
    labels = torch.randint(0, 10, (32,))
    return list(model.parameters()), lambda: F.cross_entropy(model(images), labels)


class Block(nn.Module):
    """Pre-LN block as core-tensor's TransformerBlock: x + attn(LN(x)), x + MLP(LN(x)), 4C GELU (tanh)."""

    def __init__(self, size, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(size, eps=1e-5)
        self.qkv = nn.Linear(size, 3 * size)
        self.out = nn.Linear(size, size)
        self.norm2 = nn.LayerNorm(size, eps=1e-5)
        self.fc1 = nn.Linear(size, 4 * size)
        self.fc2 = nn.Linear(4 * size, size)

    def forward(self, x, mask):
        B, T, C = x.shape
        H, S = self.heads, C // self.heads
        q, k, v = self.qkv(self.norm1(x)).split(C, dim=-1)  # 3 × [B, T, C]
        q, k, v = (t.view(B, T, H, S).transpose(1, 2) for t in (q, k, v))  # [B, H, T, S]
        scores = q @ k.transpose(-2, -1) * (1 / math.sqrt(S)) + mask  # [B, H, T, T]
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(B, T, C)  # [B, T, C]
        x = x + self.out(attended)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x)), approximate="tanh"))


def transformer_workload():
    # token embedding (256 symbols) + learned positions, one pre-LN block (d 128, 4 heads, causal),
    # final LayerNorm and head; T = 64, batch 32, next-token loss (the gather variant of run.ts).
    batch, time_steps, size, vocabulary = 32, 64, 128, 256
    embedding = nn.Embedding(vocabulary, size)
    positions = nn.Parameter(torch.randn(time_steps, size) * 0.02)  # [T, C]
    block = Block(size, 4)
    final_norm = nn.LayerNorm(size, eps=1e-5)
    head = nn.Linear(size, vocabulary)
    tokens = torch.randint(0, vocabulary, (batch, time_steps + 1))
    inputs, targets = tokens[:, :-1], tokens[:, 1:].reshape(-1)  # [B, T], [B·T]
    mask = torch.triu(torch.full((time_steps, time_steps), -1e9), diagonal=1)  # additive causal mask

    def loss():
        h = embedding(inputs) + positions  # [B, T, C]
        logits = head(final_norm(block(h, mask)))  # [B, T, V]
        return F.cross_entropy(logits.reshape(-1, vocabulary), targets)

    modules = (embedding, block, final_norm, head)
    return [positions, *(p for m in modules for p in m.parameters())], loss


WORKLOADS = {
    "matmul": matmul_workload,
    "mlp": mlp_workload,
    "conv": conv_workload,
    "transformer": transformer_workload,
}


# ----------------------------------------------------------------------------------------------
# Measurement.
# ----------------------------------------------------------------------------------------------


def measure(build, seconds):
    torch.manual_seed(0)
    parameters, loss_fn = build()
    adam = torch.optim.Adam(parameters, lr=1e-3)

    def step():
        adam.zero_grad(set_to_none=True)
        loss = loss_fn()
        loss.backward()
        adam.step()
        return loss.item()  # read back every step

    for _ in range(3):
        step()
    steps = 0
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    while steps < 3 or time.perf_counter() - wall_start < seconds:
        step()
        steps += 1
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    return {"steps_per_second": steps / wall, "steps_per_cpu_second": steps / cpu, "steps": steps}


def loaded_blas():
    """Paths of the BLAS/LAPACK shared libraries mapped into this process."""
    with open("/proc/self/maps", encoding="utf8") as maps:
        paths = {line.split()[-1] for line in maps if "/" in line}
    return sorted(p for p in paths if any(name in p for name in ("blas", "lapack", "mkl")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--workloads", default=",".join(WORKLOAD_IDS))
    args = parser.parse_args()
    requested = [name.strip() for name in args.workloads.split(",") if name.strip()]
    unknown = [name for name in requested if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; valid: {', '.join(WORKLOAD_IDS)}")

    torch.set_num_threads(1)
    results = {name: measure(WORKLOADS[name], args.seconds) for name in requested}
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "blas": loaded_blas(),
                "workloads": results,
            }
        )
    )


if __name__ == "__main__":
    main()
